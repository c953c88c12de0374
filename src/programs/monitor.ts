// The monitor's cycle: rediscover when due, poll every watched predictor (the client's semaphore
// bounds the requests), then deliver the outbox. The watched set lives here between cycles.
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { intervalBounds } from "../domain/adaptiveInterval.js"
import { formatPct } from "../domain/alertText.js"
import { nextDiscoveryInMs } from "../domain/discoveryRetry.js"
import { belowFollowedYield } from "../domain/followedReport.js"
import type { Predictor } from "../domain/model.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { lastCycleStateKey, Storage, StorageError } from "../services/Storage.js"
import { checkUser } from "./checkUser.js"
import { deliverPending, type DeliveryReport } from "./deliver.js"
import { discover, lastWatched } from "./discovery.js"
import { queueScheduledReport } from "./report.js"

export const cleanupEveryMs = 24 * 60 * 60_000

export interface CycleReport {
  readonly startedAt: number
  /** When the cycle, delivery included, was over. */
  readonly endedAt: number
  readonly users: number
  readonly polled: number
  readonly failed: number
  readonly paused: number
  readonly predictions: number
  readonly newAlerts: number
  readonly lineMoves: number
  /** First-poll digests of the picks already open, one per predictor polled for the first time. */
  readonly digests: number
  /** Followed picks whose result came in. */
  readonly settled: number
  readonly delivery: DeliveryReport | undefined
  /** What the database said when it could not be written (a full disk, say), if it could not. */
  readonly storageError: string | undefined
  /** Why the cycle failed as a whole, if it did (the database, or an unexpected error). */
  readonly failure: string | undefined
  /** Set while nobody is watched because discovery failed: when it is tried again (epoch ms). */
  readonly retryDiscoveryAt: number | undefined
}

export const makeMonitor = Effect.gen(function*() {
  const config = yield* AppConfig
  const storage = yield* Storage
  const health = yield* HealthNotices
  const watched = yield* Ref.make<ReadonlyArray<Predictor>>([])
  const discovery = yield* Ref.make({ nextAt: undefined as number | undefined, failures: 0 })
  const lastCleanupAt = yield* Ref.make<number | undefined>(undefined)
  /** Predictors no longer watched for their followed yield, so that each is reported once. */
  const dropped = yield* Ref.make<ReadonlySet<string>>(new Set())

  /** With MIN_FOLLOWED_YIELD set: the watched set without those whom following has stopped paying. */
  const keepPaying = (candidates: ReadonlyArray<Predictor>) =>
    Effect.gen(function*() {
      if (Option.isNone(config.minFollowedYield)) return candidates
      const minYieldPct = config.minFollowedYield.value
      const below = belowFollowedYield(yield* storage.followedPicks({ since: null }), {
        minYieldPct,
        settled: config.minFollowedSettled
      })
      const before = yield* Ref.get(dropped)
      for (const p of candidates) {
        const yieldPct = below.get(p.id)
        if (yieldPct === undefined || before.has(p.id)) continue
        const text = `${p.name} is no longer watched: followed yield ${
          formatPct(yieldPct)
        } over the last ${config.minFollowedSettled} settled picks, below MIN_FOLLOWED_YIELD=${minYieldPct}`
        yield* Effect.logWarning(text)
        yield* health.notice("problem", text)
      }
      yield* Ref.set(dropped, new Set(below.keys()))
      return candidates.filter((p) => !below.has(p.id))
    })

  /**
   * On failure the set watched so far stays, or at start the one the last run stored, and the next
   * attempt comes early (domain/discoveryRetry.ts).
   */
  const rediscover = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const found = yield* Effect.either(discover)
    const failures = found._tag === "Right" ? 0 : (yield* Ref.get(discovery)).failures + 1
    const current = found._tag === "Right" ? found.right : yield* Ref.get(watched)
    const next = yield* keepPaying(found._tag === "Right" || current.length > 0 ? current : yield* lastWatched)
    yield* Ref.set(watched, next)
    const retryInMs = nextDiscoveryInMs(
      failures,
      next.length,
      intervalBounds(now, config.scanIntervalMinutes).minSeconds * 1000
    )
    yield* Ref.set(discovery, { nextAt: now + retryInMs, failures })
    if (found._tag === "Right") return
    yield* Effect.logWarning(
      `Discovery failed (${found.left._tag}: ${found.left.message}); still watching ${next.length} users; trying again in ${
        Math.round(retryInMs / 1000)
      } seconds`
    )
    yield* health.notice("problem", `discovery failed (${found.left._tag}); still watching ${next.length} users`)
  })

  const cleanup = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    yield* Ref.set(lastCleanupAt, now)
    const removed = yield* storage.cleanup(
      now - config.retentionDays * 86_400_000,
      now - config.resultsRetentionDays * 86_400_000
    )
    yield* Effect.logInfo(
      `Retention (${config.retentionDays} days): removed ${removed.seenBets} seen predictions, ${removed.latestOdds} odds snapshots, ${removed.alerts} sent alerts; results (${config.resultsRetentionDays} days): ${removed.followedPicks} settled picks`
    )
  })

  const due = (last: Ref.Ref<number | undefined>, everyMs: number, now: number) =>
    Effect.map(Ref.get(last), (at) => at === undefined || now - at >= everyMs)

  const runCycle = (startedAt: number) =>
    Effect.gen(function*() {
      yield* Effect.logDebug("Cycle started")
      if (yield* due(lastCleanupAt, cleanupEveryMs, startedAt)) yield* cleanup
      const { nextAt } = yield* Ref.get(discovery)
      if (nextAt === undefined || startedAt >= nextAt) yield* rediscover
      const users = yield* Ref.get(watched)
      const retry = yield* Ref.get(discovery)
      const retryDiscoveryAt = users.length === 0 && retry.failures > 0 ? retry.nextAt : undefined
      if (retryDiscoveryAt !== undefined) {
        yield* Effect.logWarning(
          `No predictor is watched: discovery failed ${retry.failures} time${
            retry.failures === 1 ? "" : "s"
          } in a row; trying again in ${Math.round((retryDiscoveryAt - startedAt) / 1000)} seconds`
        )
      }
      const statuses = yield* storage.userStatuses(users.map((u) => u.id))
      const outcomes = yield* Effect.forEach(users, (user) => checkUser(user, statuses.get(user.id)), {
        concurrency: "unbounded"
      })
      const storageErrors = [
        ...new Set(
          outcomes.flatMap((o) => (o._tag === "Failed" && o.error._tag === "StorageError" ? [o.error.message] : []))
        )
      ]
      if (storageErrors.length > 0) {
        return yield* Effect.fail(new StorageError({ message: storageErrors.join("; "), file: config.dbPath }))
      }
      yield* storage.setState(lastCycleStateKey, String(startedAt))
      yield* queueScheduledReport
      const delivery = yield* deliverPending
      if (delivery.stoppedBy === "WebhookGone") {
        yield* health.notice(
          "problem",
          "the alerts webhook was deleted or its URL is wrong; alerts are queued until it is fixed"
        )
      } else if (delivery.stoppedBy === "WebhookUrlWrong") {
        yield* health.notice(
          "problem",
          "the alerts webhook URL looks wrong (what answers it is not a Discord webhook); alerts are queued until it is fixed"
        )
      }
      const report: Omit<CycleReport, "endedAt"> = {
        startedAt,
        users: users.length,
        polled: outcomes.filter((o) => o._tag === "Polled").length,
        failed: outcomes.filter((o) => o._tag === "Failed").length,
        paused: outcomes.filter((o) => o._tag === "Paused").length,
        predictions: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.predictions : 0), 0),
        newAlerts: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.newAlerts : 0), 0),
        lineMoves: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.lineMoves : 0), 0),
        digests: outcomes.filter((o) => o._tag === "Polled" && o.digestPicks > 0).length,
        settled: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.settled : 0), 0),
        delivery,
        storageError: undefined,
        failure: undefined,
        retryDiscoveryAt
      }
      yield* Effect.annotateCurrentSpan({
        users: report.users,
        predictions: report.predictions,
        "alerts.new": report.newAlerts,
        "alerts.line_moves": report.lineMoves,
        "picks.settled": report.settled
      })
      yield* Effect.logInfo(
        `Cycle done: ${report.polled}/${report.users} users polled (${report.failed} failed, ${report.paused} paused), ${report.predictions} predictions, ${report.newAlerts} new alerts, ${report.lineMoves} line moves, ${
          report.digests > 0 ? `${report.digests} first-poll digests, ` : ""
        }${delivery.delivered} delivered`
      )
      return report
    })

  const failedReport = (
    startedAt: number,
    storageError: string | undefined,
    failure: string
  ): Omit<CycleReport, "endedAt"> => ({
    startedAt,
    users: 0,
    polled: 0,
    failed: 0,
    paused: 0,
    predictions: 0,
    newAlerts: 0,
    lineMoves: 0,
    digests: 0,
    settled: 0,
    delivery: undefined,
    storageError,
    failure,
    retryDiscoveryAt: undefined
  })

  const cycle = Effect.flatMap(Clock.currentTimeMillis, (startedAt) =>
    runCycle(startedAt).pipe(
      // A cycle never ends the daemon: what went wrong is logged and the next cycle tries again.
      Effect.catchAllCause((cause) => {
        if (Cause.isInterruptedOnly(cause)) return Effect.failCause(cause)
        const failure = Cause.failureOption(cause)
        const storageError = Option.isSome(failure) && failure.value._tag === "StorageError"
          ? failure.value.message
          : undefined
        const summary = storageError ?? Cause.pretty(cause).split("\n")[0] ?? ""
        return Effect.zipRight(
          storageError === undefined
            ? Effect.logError("Cycle failed", cause)
            : Effect.logError(`Cycle failed: ${storageError}`),
          Effect.as(
            health.notice("problem", `a cycle failed: ${summary}`),
            failedReport(startedAt, storageError, summary)
          )
        )
      }),
      Effect.flatMap((report) =>
        Effect.map(Clock.currentTimeMillis, (endedAt): CycleReport => ({ ...report, endedAt }))
      ),
      Effect.withSpan("monitor.cycle")
    ))

  return { cycle }
})
