// The monitor's cycle: rediscover when due, poll every watched predictor (the client's semaphore
// bounds the requests), then deliver the outbox. The watched set lives here between cycles.
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type { Predictor } from "../domain/model.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { lastCycleStateKey, Storage, StorageError } from "../services/Storage.js"
import { checkUser } from "./checkUser.js"
import { deliverPending, type DeliveryReport } from "./deliver.js"
import { discover, lastWatched } from "./discovery.js"

export const discoveryEveryMs = 60 * 60_000
export const cleanupEveryMs = 24 * 60 * 60_000

export interface CycleReport {
  readonly startedAt: number
  readonly users: number
  readonly polled: number
  readonly failed: number
  readonly paused: number
  readonly predictions: number
  readonly newAlerts: number
  readonly lineMoves: number
  readonly delivery: DeliveryReport | undefined
  /** What the database said when it could not be written (a full disk, say), if it could not. */
  readonly storageError: string | undefined
}

export const makeMonitor = Effect.gen(function*() {
  const config = yield* AppConfig
  const storage = yield* Storage
  const health = yield* HealthNotices
  const watched = yield* Ref.make<ReadonlyArray<Predictor>>([])
  const lastDiscoveryAt = yield* Ref.make<number | undefined>(undefined)
  const lastCleanupAt = yield* Ref.make<number | undefined>(undefined)

  /** On failure the set watched so far stays, or at start the one the last run stored. */
  const rediscover = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    yield* Ref.set(lastDiscoveryAt, now)
    const found = yield* Effect.either(discover)
    if (found._tag === "Right") return yield* Ref.set(watched, found.right)
    const current = yield* Ref.get(watched)
    const fallback = current.length > 0 ? current : yield* lastWatched
    yield* Ref.set(watched, fallback)
    yield* Effect.logWarning(
      `Discovery failed (${found.left._tag}: ${found.left.message}); still watching ${fallback.length} users`
    )
    yield* health.notice("problem", `discovery failed (${found.left._tag}); still watching ${fallback.length} users`)
  })

  const cleanup = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    yield* Ref.set(lastCleanupAt, now)
    const removed = yield* storage.cleanup(now - config.retentionDays * 86_400_000)
    yield* Effect.logInfo(
      `Retention (${config.retentionDays} days): removed ${removed.seenBets} seen predictions, ${removed.latestOdds} odds snapshots, ${removed.alerts} sent alerts`
    )
  })

  const due = (last: Ref.Ref<number | undefined>, everyMs: number, now: number) =>
    Effect.map(Ref.get(last), (at) => at === undefined || now - at >= everyMs)

  const runCycle = (startedAt: number) =>
    Effect.gen(function*() {
      yield* Effect.logDebug("Cycle started")
      if (yield* due(lastCleanupAt, cleanupEveryMs, startedAt)) yield* cleanup
      if (yield* due(lastDiscoveryAt, discoveryEveryMs, startedAt)) yield* rediscover
      const users = yield* Ref.get(watched)
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
      const report: CycleReport = {
        startedAt,
        users: users.length,
        polled: outcomes.filter((o) => o._tag === "Polled").length,
        failed: outcomes.filter((o) => o._tag === "Failed").length,
        paused: outcomes.filter((o) => o._tag === "Paused").length,
        predictions: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.predictions : 0), 0),
        newAlerts: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.newAlerts : 0), 0),
        lineMoves: outcomes.reduce((n, o) => n + (o._tag === "Polled" ? o.lineMoves : 0), 0),
        delivery,
        storageError: undefined
      }
      yield* Effect.annotateCurrentSpan({
        users: report.users,
        predictions: report.predictions,
        "alerts.new": report.newAlerts,
        "alerts.line_moves": report.lineMoves
      })
      yield* Effect.logInfo(
        `Cycle done: ${report.polled}/${report.users} users polled (${report.failed} failed, ${report.paused} paused), ${report.predictions} predictions, ${report.newAlerts} new alerts, ${report.lineMoves} line moves, ${delivery.delivered} delivered`
      )
      return report
    })

  const emptyReport = (startedAt: number, storageError: string | undefined): CycleReport => ({
    startedAt,
    users: 0,
    polled: 0,
    failed: 0,
    paused: 0,
    predictions: 0,
    newAlerts: 0,
    lineMoves: 0,
    delivery: undefined,
    storageError
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
          Effect.as(health.notice("problem", `a cycle failed: ${summary}`), emptyReport(startedAt, storageError))
        )
      }),
      Effect.withSpan("monitor.cycle")
    ))

  return { cycle }
})
