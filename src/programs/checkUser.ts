// Polling one predictor: fetch their predictions, plan the poll, write it in one transaction. Any
// failure stays with this predictor (logged once, counted towards a pause); the cycle goes on.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { followedLine, summarise } from "../domain/followedReport.js"
import type { Prediction, Predictor } from "../domain/model.js"
import { predictionKeyOf, predictionKeyString } from "../domain/model.js"
import { type KnownState, planPoll } from "../domain/pollPlan.js"
import { AppConfig } from "../services/AppConfig.js"
import { SofascoreClient, type SofascoreError } from "../services/SofascoreClient.js"
import { Storage, type StorageError, type UserStatus } from "../services/Storage.js"

export const maxPages = 3
export const pauseAfterFailures = 3
export const pauseForMs = 30 * 60_000
/** A followed pick this long after kick-off and not on the first pages has likely slid past them. */
export const deepReadAfterKickOffMs = 3 * 3_600_000
/** Pages past the first ones are read at most this often per predictor, and at most this many. */
export const deepReadEveryMs = 60 * 60_000
export const deepReadMaxPages = 5

export type CheckOutcome =
  | { readonly _tag: "Paused"; readonly until: number }
  | {
    readonly _tag: "Polled"
    readonly predictions: number
    readonly newAlerts: number
    readonly lineMoves: number
    /** Open picks sent as a first-poll digest rather than as new alerts. */
    readonly digestPicks: number
    /** Followed picks whose result came in with this poll. */
    readonly settled: number
  }
  | { readonly _tag: "Failed"; readonly error: SofascoreError | StorageError }

const label = (predictor: Predictor) => `[User: ${predictor.name}]`

/**
 * Pages `from` to `to` (exclusive), while the API says there are more; a 404 past page 0 ends the
 * list. `until` stops early once the pages read hold what was looked for.
 */
const fetchPredictions = (
  userId: string,
  from: number,
  to: number,
  until: (predictions: ReadonlyArray<Prediction>) => boolean = () => false
) =>
  Effect.gen(function*() {
    const client = yield* SofascoreClient
    const predictions: Array<Prediction> = []
    let skipped = 0
    let last = true
    for (let page = from; page < to; page++) {
      const result = yield* client.predictions(userId, page).pipe(
        Effect.catchTag("NotFound", (error) => page > 0 ? Effect.succeed(undefined) : Effect.fail(error))
      )
      if (result === undefined) break
      predictions.push(...result.predictions)
      skipped += result.skipped.length
      last = result.hasNextPage !== true
      if (last || until(predictions)) break
    }
    return { predictions, skipped, last }
  })

// Effect.fn names the span and keeps where checkUser was defined and called (the span's
// code.stacktrace if it fails); the catchAll is a pipeable of Effect.fn, so it runs inside the
// span and its outcome annotations land on it.
export const checkUser = Effect.fn("monitor.checkUser")(
  function*(predictor: Predictor, status: UserStatus | undefined) {
    // First, so the span carries it whatever happens next (Effect.fn takes no per-call attributes).
    yield* Effect.annotateCurrentSpan("user.id", predictor.id)
    const config = yield* AppConfig
    const storage = yield* Storage
    const now = yield* Clock.currentTimeMillis

    if (status?.pausedUntil != null && status.pausedUntil > now) {
      yield* Effect.logDebug(`${label(predictor)} Paused until ${new Date(status.pausedUntil).toISOString()}; skipped`)
      return { _tag: "Paused", until: status.pausedUntil } satisfies CheckOutcome
    }

    const fetched = yield* fetchPredictions(predictor.id, 0, maxPages)
    if (fetched.skipped > 0) {
      yield* Effect.logWarning(`${label(predictor)} ${fetched.skipped} unreadable predictions skipped`)
    }
    yield* Effect.logInfo(`${label(predictor)} Processing ${fetched.predictions.length} predictions`)

    // The picks the user was sent and still waits on, and the record so far for the alerts' line.
    const followedPicks = yield* storage.followedPicks({ since: null, userId: predictor.id })
    const following = new Map(
      followedPicks.filter((f) => f.status === "pending").map((f) => [
        predictionKeyString({ userId: f.userId, eventId: f.eventId, market: f.market, pick: f.pick }),
        f
      ])
    )
    const record = summarise(followedPicks, now).predictors[0]
    const predictions = [...fetched.predictions]
    // Settled picks slide off the first pages of a busy tipster: read further, at most hourly.
    const onPages = new Set(predictions.map((p) => predictionKeyString(predictionKeyOf(p))))
    const missing = (read: ReadonlyArray<Prediction>) => {
      const found = new Set(read.map((p) => predictionKeyString(predictionKeyOf(p))))
      return [...following].filter(([key, f]) =>
        !onPages.has(key) && !found.has(key) && f.startAt !== null && f.startAt < now - deepReadAfterKickOffMs
      ).length
    }
    if (
      !fetched.last && missing([]) > 0 &&
      (status?.deepReadAt == null || now - status.deepReadAt >= deepReadEveryMs)
    ) {
      const deeper = yield* fetchPredictions(
        predictor.id,
        maxPages,
        maxPages + deepReadMaxPages,
        (read) => missing(read) === 0
      ).pipe(Effect.ensuring(Effect.ignore(storage.recordDeepRead(predictor.id, now))))
      yield* Effect.logDebug(
        `${label(predictor)} Read ${deeper.predictions.length} older predictions for ${missing([])} followed picks`
      )
      predictions.push(...deeper.predictions)
    }

    const eventIds = [...new Set(fetched.predictions.map((p) => p.match.eventId))]
    const known = new Map<string, KnownState>()
    for (const k of yield* storage.knownPredictions(predictor.id, eventIds)) {
      known.set(predictionKeyString({ userId: predictor.id, eventId: k.eventId, market: k.market, pick: k.pick }), k)
    }
    const plan = planPoll({
      predictor,
      predictions,
      known,
      now,
      settings: {
        lookaheadMs: config.timeLookaheadHours * 3_600_000,
        graceMs: config.matchGracePeriodMinutes * 60_000,
        lineMovementThresholdPct: config.lineMovementThresholdPct
      },
      // No successful poll of theirs on record: a fresh database, or a predictor who just joined.
      firstPoll: status?.lastSuccessAt == null ? config.firstPoll : undefined,
      following,
      followedRecord: record === undefined ? undefined : followedLine(record)
    })
    yield* storage.recordPoll({
      userId: predictor.id,
      userName: predictor.name,
      at: now,
      seen: plan.seen,
      odds: plan.odds,
      alerts: plan.alerts,
      follow: plan.follow,
      followUpdates: plan.followUpdates
    })
    const settled = plan.followUpdates.filter((u) => u.settled !== undefined)
    if (settled.length > 0) {
      const count = (status: string) => settled.filter((u) => u.settled?.status === status).length
      yield* Effect.logInfo(
        `${label(predictor)} Settled ${settled.length} followed picks: ${count("won")} won, ${count("lost")} lost, ${
          count("void")
        } void`
      )
    }
    if (plan.unknownResults > 0) {
      yield* Effect.logDebug(`${label(predictor)} ${plan.unknownResults} finished picks without a readable result`)
    }

    let newAlerts = 0
    let lineMoves = 0
    let digestPicks = 0
    for (const alert of plan.alerts) {
      if (alert._tag === "Digest") {
        digestPicks += alert.picks.length
        yield* Effect.logInfo(`${label(predictor)} First poll: ${alert.picks.length} open picks go out as one digest`)
      } else if (alert._tag === "NewBets") {
        newAlerts += 1
        yield* Effect.logInfo(
          `${
            label(predictor)
          } Found ${alert.picks.length} new bets (Match: ${alert.match.homeTeam} vs ${alert.match.awayTeam})`
        )
      } else if (alert._tag === "LineMovement") {
        lineMoves += 1
        yield* Effect.logInfo(
          `${label(predictor)} Line move ${alert.fromOdds.toFixed(2)} -> ${alert.toOdds.toFixed(2)} (${
            alert.changePct > 0 ? "+" : ""
          }${alert.changePct.toFixed(1)}%) (Match: ${alert.match.homeTeam} vs ${alert.match.awayTeam})`
        )
      }
    }
    yield* Effect.annotateCurrentSpan({
      outcome: "polled",
      predictions: plan.predictionCount,
      "alerts.new": newAlerts,
      "alerts.line_moves": lineMoves
    })
    return {
      _tag: "Polled",
      predictions: plan.predictionCount,
      newAlerts,
      lineMoves,
      digestPicks,
      settled: settled.length
    } satisfies CheckOutcome
  },
  (effect, predictor) =>
    Effect.catchAll(effect, (error) =>
      Effect.gen(function*() {
        yield* Effect.annotateCurrentSpan({ outcome: "failed", "error.tag": error._tag })
        // The database failing is the cycle's problem, not this predictor's: reported once there.
        if (error._tag === "StorageError") return { _tag: "Failed", error } satisfies CheckOutcome
        yield* Effect.logWarning(`${label(predictor)} ${error._tag}: ${error.message}`)
        const storage = yield* Storage
        const now = yield* Clock.currentTimeMillis
        const updated = yield* storage.recordFailure({
          userId: predictor.id,
          userName: predictor.name,
          at: now,
          error: `${error._tag}: ${error.message}`,
          pauseAfter: pauseAfterFailures,
          pauseForMs,
          // A 404 on the first page: the account is gone or has nothing; asking every cycle would not help.
          pauseNow: error._tag === "NotFound"
        }).pipe(Effect.catchAll((storageError) => Effect.as(Effect.logError(storageError.message), undefined)))
        if (updated?.pausedUntil != null && updated.pausedUntil > now) {
          yield* Effect.logWarning(`${label(predictor)} Paused for ${pauseForMs / 60_000} minutes`)
        }
        return { _tag: "Failed", error } satisfies CheckOutcome
      }))
)
