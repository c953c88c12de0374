// Alerts as they wait in the outbox: plain data, encoded to JSON with Schema, so a pending alert
// written by one version of the program can still be read and sent by the next.
import * as Schema from "effect/Schema"

export const PredictorCard = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  /** All-time yield, percent: profit / total × 100. */
  allTimeYieldPct: Schema.Number,
  /** Current-period yield, percent. */
  currentYieldPct: Schema.Number,
  /** All-time profit in units. */
  profitUnits: Schema.Number,
  /** All-time hit rate, percent. */
  hitRatePct: Schema.Number,
  totalPredictions: Schema.Number
})
export type PredictorCard = typeof PredictorCard.Type

export const MatchCard = Schema.Struct({
  eventId: Schema.Number,
  homeTeam: Schema.String,
  awayTeam: Schema.String,
  sportSlug: Schema.NullOr(Schema.String),
  eventSlug: Schema.NullOr(Schema.String),
  customId: Schema.NullOr(Schema.String),
  /** Kick-off, epoch milliseconds. */
  startAt: Schema.Number
})
export type MatchCard = typeof MatchCard.Type

export const PickCard = Schema.Struct({
  market: Schema.String,
  pick: Schema.String,
  odds: Schema.NullOr(Schema.Number)
})
export type PickCard = typeof PickCard.Type

export const NewBetsAlert = Schema.TaggedStruct("NewBets", {
  predictor: PredictorCard,
  match: MatchCard,
  picks: Schema.Array(PickCard),
  /** When the monitor first saw these picks, epoch milliseconds. */
  detectedAt: Schema.Number
})
export type NewBetsAlert = typeof NewBetsAlert.Type

export const LineMovementAlert = Schema.TaggedStruct("LineMovement", {
  predictor: PredictorCard,
  match: MatchCard,
  pick: PickCard,
  fromOdds: Schema.Number,
  toOdds: Schema.Number,
  /** Signed change relative to fromOdds, percent (negative: odds shortened). */
  changePct: Schema.Number,
  detectedAt: Schema.Number
})
export type LineMovementAlert = typeof LineMovementAlert.Type

export const Alert = Schema.Union(NewBetsAlert, LineMovementAlert)
export type Alert = typeof Alert.Type

/** The outbox column form of an alert. */
export const AlertJson = Schema.parseJson(Alert)
