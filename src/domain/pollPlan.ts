// What one poll of one predictor means, decided without IO: which predictions are new and worth an
// alert, which are only to be remembered, which odds moved past the threshold. The program reads the
// inputs (the API, the database) and writes the result; everything in between is tested here.
import type { Alert, MatchCard, PickCard, PredictorCard } from "./alert.js"
import { classifyPrediction } from "./eventWindow.js"
import { yieldPct } from "./filters.js"
import { type OddsTrack, trackOdds } from "./lineMovement.js"
import { type Prediction, type PredictionKey, predictionKeyOf, predictionKeyString, type Predictor } from "./model.js"
import { profitOf, settle, statusOf } from "./settlement.js"

export interface PollSettings {
  readonly lookaheadMs: number
  readonly graceMs: number
  readonly lineMovementThresholdPct: number
}

/**
 * What the first successful poll of a predictor does with the picks already open: one digest, an
 * alert per match (as any later poll), or nothing (they are only remembered, and not followed).
 */
export type FirstPoll = "digest" | "alerts" | "silent"

export interface KnownState {
  readonly alerted: boolean
  readonly odds: OddsTrack | undefined
}

export interface PlannedSeen {
  readonly key: PredictionKey
  readonly startAt: number
  readonly alerted: boolean
}

export interface PlannedOdds {
  readonly key: PredictionKey
  readonly track: OddsTrack
}

/** A pick the user received, still waiting for its result. */
export interface PendingFollow {
  readonly alertOdds: number | null
  /** As stored: what a poll changes only when it differs. */
  readonly closingOdds: number | null
  readonly startAt: number | null
}

/** A pick the user received, to follow from now on (odds at the alert, stake 1 unit). */
export interface PlannedFollow {
  readonly key: PredictionKey
  readonly alertOdds: number | null
  readonly startAt: number
  readonly source: "alert" | "digest"
}

/** A followed pick seen again: its odds before kick-off, or its result once settled. */
export interface PlannedFollowUpdate {
  readonly key: PredictionKey
  readonly startAt: number
  /** The odds now, while the match has not kicked off: the closing odds so far. */
  readonly closingOdds: number | null
  readonly settled:
    | { readonly status: "won" | "lost" | "void"; readonly profit: number | null; readonly note: string | undefined }
    | undefined
}

export interface PollPlan {
  /** Predictions to remember, announced or not. */
  readonly seen: ReadonlyArray<PlannedSeen>
  /** Odds tracks to store (new ones and changed ones). */
  readonly odds: ReadonlyArray<PlannedOdds>
  /**
   * One NewBets alert per match (or, on a first poll, one Digest of them all), then the line moves,
   * in the order the API listed them.
   */
  readonly alerts: ReadonlyArray<Alert>
  /** Predictions the payload held once each pick was counted once. */
  readonly predictionCount: number
  /** Picks announced now (a new alert or a digest), followed until settled. */
  readonly follow: ReadonlyArray<PlannedFollow>
  /** Followed picks seen in this poll: closing odds, results. */
  readonly followUpdates: ReadonlyArray<PlannedFollowUpdate>
  /** Followed picks on finished matches whose result the payload does not say: they stay pending. */
  readonly unknownResults: number
}

export const predictorCard = (p: Predictor): PredictorCard => ({
  id: p.id,
  name: p.name,
  allTimeYieldPct: Math.round(yieldPct(p.allTime) * 100) / 100,
  currentYieldPct: Math.round(yieldPct(p.current) * 100) / 100,
  profitUnits: p.allTime.profitUnits,
  hitRatePct: p.allTime.hitRatePct,
  totalPredictions: p.allTime.total
})

export const matchCard = (p: Prediction): MatchCard => ({
  eventId: p.match.eventId,
  homeTeam: p.match.homeTeam,
  awayTeam: p.match.awayTeam,
  sportSlug: p.match.sportSlug,
  eventSlug: p.match.eventSlug,
  customId: p.match.customId,
  startAt: p.match.startAt
})

const pickCard = (p: Prediction): PickCard => ({ market: p.market, pick: p.pick, odds: p.odds })

const sameTrack = (a: OddsTrack | undefined, b: OddsTrack | undefined) =>
  a !== undefined && b !== undefined && a.baseline === b.baseline && a.current === b.current

export const planPoll = (input: {
  readonly predictor: Predictor
  readonly predictions: ReadonlyArray<Prediction>
  /** Already recorded predictions of this predictor, by predictionKeyString. */
  readonly known: ReadonlyMap<string, KnownState>
  readonly now: number
  readonly settings: PollSettings
  /** Set on the predictor's first successful poll. */
  readonly firstPoll?: FirstPoll | undefined
  /** This predictor's followed picks still pending, by predictionKeyString. */
  readonly following?: ReadonlyMap<string, PendingFollow>
  /** Their record as the user followed it ("followed here: …"), shown on new-bet alerts. */
  readonly followedRecord?: string | undefined
}): PollPlan => {
  const { known, now, predictor, settings } = input
  const following = input.following ?? new Map<string, PendingFollow>()
  const follow: Array<PlannedFollow> = []
  const followUpdates: Array<PlannedFollowUpdate> = []
  let unknownResults = 0
  const card = predictorCard(predictor)
  const window = { lookaheadMs: settings.lookaheadMs, graceMs: settings.graceMs }
  const seen: Array<PlannedSeen> = []
  const odds: Array<PlannedOdds> = []
  const newByMatch = new Map<number, { match: MatchCard; picks: Array<PickCard> }>()
  const moves: Array<Alert> = []
  const counted = new Set<string>()

  for (const prediction of input.predictions) {
    const key = predictionKeyOf(prediction)
    const id = predictionKeyString(key)
    // Pages can overlap while the list shifts between two requests.
    if (counted.has(id)) continue
    counted.add(id)
    const verdict = classifyPrediction(prediction.match, now, window)
    const previous = known.get(id)

    const followed = following.get(id)
    if (followed !== undefined) {
      const settlement = settle(prediction.match, prediction.result, prediction.oddsWinning)
      if (settlement._tag === "Pending" && prediction.match.statusType === "finished") unknownResults += 1
      const status = statusOf(settlement)
      const beforeKickOff = now < prediction.match.startAt
      const newClosing = beforeKickOff && prediction.odds !== null && prediction.odds !== followed.closingOdds
      // Written only when something changed: a poll sees every pending pick, most of them as they were.
      if (status !== "pending" || newClosing || followed.startAt !== prediction.match.startAt) {
        followUpdates.push({
          key,
          startAt: prediction.match.startAt,
          closingOdds: beforeKickOff ? prediction.odds : null,
          settled: status === "pending" ? undefined : {
            status,
            profit: profitOf(status, followed.alertOdds),
            note: settlement._tag === "Void" ? settlement.reason : undefined
          }
        })
      }
    }

    if (previous !== undefined) {
      if (!previous.alerted || verdict !== "alert") continue
      const tracked = trackOdds(previous.odds, prediction.odds, settings.lineMovementThresholdPct)
      if (tracked.next !== undefined && !sameTrack(tracked.next, previous.odds)) odds.push({ key, track: tracked.next })
      if (tracked.move !== undefined) {
        moves.push({
          _tag: "LineMovement",
          predictor: card,
          match: matchCard(prediction),
          pick: pickCard(prediction),
          fromOdds: tracked.move.from,
          toOdds: tracked.move.to,
          changePct: tracked.move.changePct,
          detectedAt: now
        })
      }
      continue
    }

    if (verdict === "later") continue
    const announced = verdict === "alert" && input.firstPoll !== "silent"
    seen.push({ key, startAt: prediction.match.startAt, alerted: announced })
    if (!announced) continue
    const tracked = trackOdds(undefined, prediction.odds, settings.lineMovementThresholdPct)
    if (tracked.next !== undefined) odds.push({ key, track: tracked.next })
    const group = newByMatch.get(key.eventId) ?? { match: matchCard(prediction), picks: [] }
    group.picks.push(pickCard(prediction))
    newByMatch.set(key.eventId, group)
    follow.push({
      key,
      alertOdds: prediction.odds,
      startAt: prediction.match.startAt,
      source: input.firstPoll === "digest" ? "digest" : "alert"
    })
  }

  const groups = [...newByMatch.values()]
  const newBets: Array<Alert> = input.firstPoll === "digest"
    ? groups.length === 0 ? [] : [{
      _tag: "Digest",
      predictor: card,
      picks: groups
        .flatMap(({ match, picks }) => picks.map((pick) => ({ match, pick })))
        .sort((a, b) => a.match.startAt - b.match.startAt),
      detectedAt: now
    }]
    : groups.map(({ match, picks }) => ({
      _tag: "NewBets",
      predictor: card,
      match,
      picks,
      detectedAt: now,
      ...(input.followedRecord === undefined ? {} : { followed: input.followedRecord })
    }))
  return {
    seen,
    odds,
    alerts: [...newBets, ...moves],
    predictionCount: counted.size,
    follow,
    followUpdates,
    unknownResults
  }
}
