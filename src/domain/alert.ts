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
  detectedAt: Schema.Number,
  /** The predictor's record as the user followed it, once there is one: "followed here: 23 settled, …". */
  followed: Schema.optional(Schema.String)
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

export const DigestPick = Schema.Struct({ match: MatchCard, pick: PickCard })
export type DigestPick = typeof DigestPick.Type

/**
 * A predictor's picks that were already open when the monitor first polled them: one summary instead
 * of an alert per match, so starting the monitor does not flood the channel.
 */
export const DigestAlert = Schema.TaggedStruct("Digest", {
  predictor: PredictorCard,
  /** Soonest kick-off first. */
  picks: Schema.Array(DigestPick),
  detectedAt: Schema.Number
})
export type DigestAlert = typeof DigestAlert.Type

const Ratio = Schema.NullOr(Schema.Number)

/** What following the alerts returned, overall or for one predictor (domain/followedReport.ts). */
export const SummaryCard = Schema.Struct({
  alerts: Schema.Number,
  won: Schema.Number,
  lost: Schema.Number,
  void: Schema.Number,
  pending: Schema.Number,
  unresolved: Schema.Number,
  hitRatePct: Ratio,
  profitUnits: Schema.Number,
  yieldPct: Ratio,
  avgOdds: Ratio,
  clvPct: Ratio
})

/** The results report of a period, as the daemon posts it on its schedule or `report --post` now. */
export const ReportAlert = Schema.TaggedStruct("Report", {
  /** Start of the period, epoch ms; null for all time. */
  since: Schema.NullOr(Schema.Number),
  overall: SummaryCard,
  predictors: Schema.Array(Schema.extend(Schema.Struct({ id: Schema.String, name: Schema.String }), SummaryCard)),
  detectedAt: Schema.Number
})
export type ReportAlert = typeof ReportAlert.Type

export const Alert = Schema.Union(NewBetsAlert, LineMovementAlert, DigestAlert, ReportAlert)
export type Alert = typeof Alert.Type

/** The match an alert is about: a digest's soonest one; none for a report. */
export const alertMatch = (alert: Alert): MatchCard | undefined =>
  alert._tag === "Digest" ? alert.picks[0]?.match : alert._tag === "Report" ? undefined : alert.match

/** When the alert's (soonest) match kicks off, epoch ms; a digest of nothing sorts last. */
export const alertKickOff = (alert: Alert): number => alertMatch(alert)?.startAt ?? Number.MAX_SAFE_INTEGER

/** The outbox column form of an alert. */
export const AlertJson = Schema.parseJson(Alert)
