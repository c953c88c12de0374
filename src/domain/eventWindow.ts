// Whether a prediction is worth an alert now, only worth remembering, or not yet worth looking at.
import type { Match } from "./model.js"

export type Verdict = "alert" | "record" | "later"

export interface AlertWindow {
  readonly lookaheadMs: number
  readonly graceMs: number
}

export const classifyPrediction = (match: Match, now: number, window: AlertWindow): Verdict => {
  const sinceKickOff = now - match.startAt
  if (match.statusType === "notstarted") {
    // Too far ahead: neither alerted nor remembered, so it alerts once it comes into the window.
    if (-sinceKickOff > window.lookaheadMs) return "later"
    // Status lags the clock by a few minutes at kick-off; past the grace period the tip is stale.
    return sinceKickOff <= window.graceMs ? "alert" : "record"
  }
  // A tip on a match that has just begun can still be acted on (live odds); later it is news, not a tip.
  if (match.statusType === "inprogress") return sinceKickOff < window.graceMs ? "alert" : "record"
  // Finished, canceled, postponed, interrupted and unknown states: remembered, so they never alert later.
  return "record"
}
