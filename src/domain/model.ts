// The monitor's own vocabulary, independent of how Sofascore spells things on the wire.
// Times are epoch milliseconds (UTC); odds are decimal.

/** Aggregated prediction statistics of one period (all-time or current). */
export interface PredictorStats {
  readonly total: number
  readonly correct: number
  /** Hit rate in percent, as Sofascore reports it ("63%" → 63). */
  readonly hitRatePct: number
  /** Profit in units at a flat one-unit stake (Sofascore's `roi`). */
  readonly profitUnits: number
  /** Average decimal odds of the correct predictions; null when Sofascore has none. */
  readonly avgCorrectOdds: number | null
}

/** One row of the vote-ranking leaderboard. */
export interface Predictor {
  /** 24-hex account id, or the digits of a legacy numeric id. */
  readonly id: string
  /** Display name: nickname, else slug, else the id. */
  readonly name: string
  readonly allTime: PredictorStats
  readonly current: PredictorStats
}

/** Sofascore's event status type; unknown types are kept verbatim and treated as not alertable. */
export type EventStatusType =
  | "notstarted"
  | "inprogress"
  | "finished"
  | "canceled"
  | "postponed"
  | "interrupted"
  | "suspended"
  | "delayed"
  | "willcontinue"
  | "preliminary"
  | (string & {})

export interface Match {
  readonly eventId: number
  readonly homeTeam: string
  readonly awayTeam: string
  readonly sportSlug: string | null
  readonly eventSlug: string | null
  readonly customId: string | null
  /** Kick-off, epoch milliseconds. */
  readonly startAt: number
  readonly statusType: EventStatusType
  readonly statusDescription: string
}

/** Sofascore's verdict on a pick (VoteResult); its "unknown" value and anything unreadable are undefined. */
export type PickResult = "correct" | "wrong"

/** One predictor's pick on one market of one match. */
export interface Prediction {
  readonly userId: string
  readonly match: Match
  /** Sofascore vote type; "1" (full-time winner) when the payload does not say. */
  readonly market: string
  /** The choice: "1", "X", "2", or the market's own value. */
  readonly pick: string
  /** Decimal odds of the pick; null when the predictor voted without odds. */
  readonly odds: number | null
  /** Sofascore's verdict once settled; undefined while it does not say (or says something unreadable). */
  readonly result: PickResult | undefined
  /** The chosen odds' own `winning` flag; undefined when absent or not a boolean. */
  readonly oddsWinning: boolean | undefined
}

/** Identity of a prediction: a changed pick is a different prediction. */
export interface PredictionKey {
  readonly userId: string
  readonly eventId: number
  readonly market: string
  readonly pick: string
}

export const predictionKeyOf = (p: Prediction): PredictionKey => ({
  userId: p.userId,
  eventId: p.match.eventId,
  market: p.market,
  pick: p.pick
})

/** A stable string form of a key, for maps and sets. */
export const predictionKeyString = (k: PredictionKey): string => `${k.userId}|${k.eventId}|${k.market}|${k.pick}`
