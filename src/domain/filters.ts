// Which leaderboard rows are worth watching, by the previous version's rules (all-time figures,
// inclusive thresholds), so switching versions does not change who is watched.
import type { Predictor, PredictorStats } from "./model.js"

export interface Criteria {
  readonly minRoiPct: number
  readonly minAvgOdds: number
  readonly minTotalBets: number
}

export type FailedFilter = "roi" | "avgOdds" | "totalBets"

/**
 * Profit per prediction in percent: roi (units) / total × 100, the reference formula. Not
 * roi / totalVotesWithOdds (CONTRACT §6.3), so the same predictors pass as under the Python version.
 */
export const yieldPct = (
  stats: PredictorStats
): number => (stats.total === 0 ? 0 : (stats.profitUnits / stats.total) * 100)

/**
 * Floating point puts values that sit exactly on a threshold on either side of it: 0.7 / 10 × 100 is
 * 6.999999999999999, so a yield of exactly 7 % would fail MIN_ROI 7 (EdgeCase10's 0.5 / 10 happens to
 * come out as exactly 5). Sofascore reports roi to 0.01 units and odds to 0.01, so real differences are
 * many orders of magnitude above this tolerance, which only absorbs rounding noise and keeps the
 * comparisons inclusive as intended.
 */
const tolerance = 1e-9

export interface Evaluation {
  readonly pass: boolean
  readonly failed: ReadonlyArray<FailedFilter>
  readonly yieldPct: number
  readonly avgOdds: number
  readonly total: number
}

export const evaluatePredictor = (p: Predictor, c: Criteria): Evaluation => {
  const stats = p.allTime
  const y = yieldPct(stats)
  // No average odds means no correct prediction with odds: nothing suggests value, so it counts as 0.
  const avgOdds = stats.avgCorrectOdds ?? 0
  const failed: Array<FailedFilter> = []
  if (y < c.minRoiPct - tolerance) failed.push("roi")
  if (avgOdds < c.minAvgOdds - tolerance) failed.push("avgOdds")
  if (stats.total < c.minTotalBets) failed.push("totalBets")
  return { pass: failed.length === 0, failed, yieldPct: y, avgOdds, total: stats.total }
}

/** The first `limit` passing predictors, in the leaderboard's order. */
export const selectWatched = (
  predictors: ReadonlyArray<Predictor>,
  criteria: Criteria,
  limit: number
): ReadonlyArray<Predictor> => {
  const watched: Array<Predictor> = []
  for (const p of predictors) {
    if (watched.length >= limit) break
    if (evaluatePredictor(p, criteria).pass) watched.push(p)
  }
  return watched
}
