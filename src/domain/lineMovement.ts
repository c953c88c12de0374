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
 * Decimal odds are not exact in binary floating point, so an exact threshold move computes to either
 * side of it: 2.00 → 2.30 gives 14.999999999999991 %, but 2.00 → 1.70 gives −15.000000000000002 % and
 * 1.40 → 1.61 gives 15.000000000000014 %. A strict `>` would then alert some exact 15 % moves and not
 * others. The tolerance sits far above that noise (~1e-14) and far below any real two-decimal odds step
 * (0.01 on odds below 10 000 is at least 1e-4 %), so "exceeds" means what it says.
 */
const epsilon = 1e-9

export const trackOdds = (
  previous: OddsTrack | undefined,
  odds: number | null,
  thresholdPct: number
): { readonly next: OddsTrack | undefined; readonly move: OddsMove | undefined } => {
  if (odds === null) return { next: previous, move: undefined }
  // A non-positive baseline (only possible from a damaged stored row) has no meaningful percentage;
  // restarting from the new odds beats alerting an Infinity % move.
  if (previous === undefined || !(previous.baseline > 0)) {
    return { next: { baseline: odds, current: odds }, move: undefined }
  }
  const change = ((odds - previous.baseline) / previous.baseline) * 100
  if (Math.abs(change) > thresholdPct + epsilon) {
    return {
      next: { baseline: odds, current: odds },
      move: { from: previous.baseline, to: odds, changePct: Math.round(change * 100) / 100 }
    }
  }
  return { next: { baseline: previous.baseline, current: odds }, move: undefined }
}
