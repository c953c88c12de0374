// Line movement: each tracked prediction keeps the odds of its last alert as a baseline. A move of
// more than the threshold against that baseline alerts once and becomes the new baseline; smaller
// wobbles only update the current odds, so a slow drift still alerts when it adds up.

export interface OddsTrack {
  readonly baseline: number
  readonly current: number
}

export interface OddsMove {
  readonly from: number
  readonly to: number
  /** Signed, percent of the baseline, two decimals. */
  readonly changePct: number
}

/**
 * Odds are decimals like 2.30; (2.30 − 2.00) / 2.00 × 100 is 14.999999999999996 in floating point, so
 * an exact 15 % move would or would not count depending on rounding noise. Comparing against the
 * threshold with a tolerance far below any real odds step makes "exceeds" mean what it says.
 */
const epsilon = 1e-9

export const trackOdds = (
  previous: OddsTrack | undefined,
  odds: number | null,
  thresholdPct: number
): { readonly next: OddsTrack | undefined; readonly move: OddsMove | undefined } => {
  if (odds === null) return { next: previous, move: undefined }
  if (previous === undefined) return { next: { baseline: odds, current: odds }, move: undefined }
  const change = ((odds - previous.baseline) / previous.baseline) * 100
  if (Math.abs(change) > thresholdPct + epsilon) {
    return {
      next: { baseline: odds, current: odds },
      move: { from: previous.baseline, to: odds, changePct: Math.round(change * 100) / 100 }
    }
  }
  return { next: { baseline: previous.baseline, current: odds }, move: undefined }
}
