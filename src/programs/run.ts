// `run` (the daemon) and `once` (one cycle, for cron and checks).
import * as Effect from "effect/Effect"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { StorageError } from "../services/Storage.js"
import { version } from "../version.js"
import { adaptiveSchedule } from "./adaptiveSchedule.js"
import { makeMonitor } from "./monitor.js"

export const runDaemon = Effect.gen(function*() {
  const config = yield* AppConfig
  const health = yield* HealthNotices
  yield* Effect.logInfo("Starting Async Monitor...")
  yield* health.notice("started", `started (version ${version})`)
  yield* Effect.addFinalizer(() => Effect.zipRight(Effect.logInfo("Stopping"), health.notice("stopped", "stopped")))
  const monitor = yield* makeMonitor
  yield* Effect.repeat(monitor.cycle, adaptiveSchedule(config.scanIntervalMinutes))
  return yield* Effect.never
}).pipe(Effect.scoped)

/** Fails (exit 1) only when nothing could be recorded: the database could not be written. */
export const runOnce = Effect.gen(function*() {
  yield* Effect.logInfo("Running one cycle")
  const monitor = yield* makeMonitor
  const report = yield* monitor.cycle
  if (report.storageError !== undefined) {
    return yield* Effect.fail(new StorageError({ message: report.storageError, file: (yield* AppConfig).dbPath }))
  }
  return report
})
