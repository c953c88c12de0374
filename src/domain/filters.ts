// Which leaderboard rows are worth watching, by the previous version's rules (all-time figures,
// inclusive thresholds), so switching versions does not change who is watched.
import type { Predictor, PredictorStats } from "./model.js"

export interface Criteria {
  readonly minRoiPct: number
  readonly minAvgOdds: number
  readonly minTotalBets: number
}

export type FailedFilter = "roi" | "avgOdds" | "totalBets"

/** Profit per prediction in percent: roi (units) / total × 100, as the Python version computed it. */
export const yieldPct = (stats: PredictorStats): number => (stats.total === 0 ? 0 : (stats.profitUnits / stats.total) * 100)

/**
 * 0.5 / 10 × 100 is 5.000000000000001 in floating point and 0.7 / 14 × 100 is 4.999999999999999:
 * a predictor exactly on the threshold would pass or fail by rounding noise. A tolerance far below
 * the 0.01 % the leaderboard can express makes the comparison inclusive as intended.
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
): ReadonlyArray<Predictor> => predictors.filter((p) => evaluatePredictor(p, criteria).pass).slice(0, limit)
