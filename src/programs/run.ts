// `run` (the daemon) and `once` (one cycle, for cron and checks).
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { foreignHost } from "../domain/discordWebhook.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { StorageError } from "../services/Storage.js"
import { version } from "../version.js"
import { adaptiveSchedule } from "./adaptiveSchedule.js"
import { type CycleReport, makeMonitor } from "./monitor.js"

export interface DaemonOptions {
  /** Called with each cycle's report as it ends: the demo and the simulation read the run from these. */
  readonly onCycle?: (report: CycleReport) => Effect.Effect<void>
  /** Wraps each cycle: the demo stops its fast clock while one runs. */
  readonly aroundCycle?: <A, E, R>(cycle: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

/** A webhook on a host other than Discord's is allowed (the tests' fakes are on loopback), but seldom meant. */
const warnAboutWebhookHosts = Effect.gen(function*() {
  const config = yield* AppConfig
  const webhooks = [
    ["DISCORD_WEBHOOK_URL", config.discordWebhookUrl],
    ["DISCORD_HEALTH_WEBHOOK_URL", config.discordHealthWebhookUrl]
  ] as const
  for (const [key, url] of webhooks) {
    const host = Option.isSome(url) ? foreignHost(new URL(Redacted.value(url.value))) : undefined
    if (host !== undefined) yield* Effect.logWarning(`${key} points at ${host}, not Discord`)
  }
})

export const daemon = (options: DaemonOptions = {}) =>
  Effect.gen(function*() {
    const config = yield* AppConfig
    const health = yield* HealthNotices
    yield* Effect.logInfo("Starting Async Monitor...")
    yield* warnAboutWebhookHosts
    yield* health.notice("started", `started (version ${version})`)
    yield* Effect.addFinalizer(() => Effect.zipRight(Effect.logInfo("Stopping"), health.notice("stopped", "stopped")))
    const monitor = yield* makeMonitor
    const reported = options.onCycle === undefined ? monitor.cycle : Effect.tap(monitor.cycle, options.onCycle)
    const cycle = options.aroundCycle === undefined ? reported : options.aroundCycle(reported)
    yield* Effect.repeat(cycle, adaptiveSchedule(config.scanIntervalMinutes))
    return yield* Effect.never
  }).pipe(Effect.scoped)

export const runDaemon = daemon()

/** `once` did not do its job: nothing could be polled, or nothing could be sent. Exit 1, for cron and checks. */
export class CycleIneffective extends Data.TaggedError("CycleIneffective")<{ readonly message: string }> {}

/** Why a finished cycle counts as not done, if it does: what a cron job or a check must hear about. */
export const ineffective = (report: CycleReport): string | undefined => {
  if (report.failure !== undefined) return `the cycle failed: ${report.failure}`
  if (report.users === 0 && report.retryDiscoveryAt !== undefined) {
    return "no predictor could be polled: the leaderboard could not be read and no earlier watched set is stored"
  }
  if (report.users > 0 && report.polled === 0) {
    return `none of the ${report.users} watched predictors could be polled (${report.failed} failed, ${report.paused} paused)`
  }
  if (report.delivery?.stoppedBy === "WebhookGone") {
    return "the Discord webhook is gone or its URL is wrong; the alerts stay queued"
  }
  return undefined
}

/**
 * One cycle. Fails (exit 1) when it did not do its work: the database could not be written, no
 * predictor could be polled, or the webhook is gone. Partial failures succeed with a warning.
 */
export const runOnce = Effect.gen(function*() {
  yield* Effect.logInfo("Running one cycle")
  yield* warnAboutWebhookHosts
  const monitor = yield* makeMonitor
  const report = yield* monitor.cycle
  if (report.storageError !== undefined) {
    return yield* Effect.fail(new StorageError({ message: report.storageError, file: (yield* AppConfig).dbPath }))
  }
  const why = ineffective(report)
  if (why !== undefined) return yield* Effect.fail(new CycleIneffective({ message: why }))
  if (report.failed > 0) {
    yield* Effect.logWarning(
      `${report.failed} of ${report.users} predictors could not be polled this cycle (see above); the others were`
    )
  } else if (report.users === 0) {
    yield* Effect.logWarning("No predictor meets the criteria: nobody was polled")
  }
  return report
})
