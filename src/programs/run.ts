// `run` (the daemon) and `once` (one cycle, for cron and checks).
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
    const cycle = options.onCycle === undefined ? monitor.cycle : Effect.tap(monitor.cycle, options.onCycle)
    yield* Effect.repeat(cycle, adaptiveSchedule(config.scanIntervalMinutes))
    return yield* Effect.never
  }).pipe(Effect.scoped)

export const runDaemon = daemon()

/** Fails (exit 1) only when nothing could be recorded: the database could not be written. */
export const runOnce = Effect.gen(function*() {
  yield* Effect.logInfo("Running one cycle")
  yield* warnAboutWebhookHosts
  const monitor = yield* makeMonitor
  const report = yield* monitor.cycle
  if (report.storageError !== undefined) {
    return yield* Effect.fail(new StorageError({ message: report.storageError, file: (yield* AppConfig).dbPath }))
  }
  return report
})
