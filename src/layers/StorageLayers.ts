// Every command starts from the configuration (environment, then .env) and the logger it configures:
// configuration is read first, so a bad key stops the program before anything else. With the
// database, this is all that `init-db`, `status`, `requeue` and `report` need; kept apart from the
// monitor's layers (AppLayers.ts) so that they load neither impit nor the Discord client.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as NodeFs from "node:fs"
import { type LogLevelName, toEffectLogLevel } from "../domain/configValues.js"
import { AppConfig } from "../services/AppConfig.js"
import { NoDatabase } from "../services/Storage.js"
import { hereSource, loadConfig, logWarnings, readSettings, type SettingsSource } from "./DotEnvConfigProvider.js"
import { colorAllowed, commandLineLevelOr, loggerLayer, processLogFormat } from "./Logging.js"
import { SqliteStorageLive } from "./SqliteStorage.js"

/**
 * The logger at LOG_LEVEL's `level`, or at `--log-level` when the command line gives one, in the
 * form stderr needs: journald's, a terminal's, or plain lines.
 */
export const loggingAt = (level: LogLevelName) =>
  Layer.unwrapEffect(
    Effect.map(commandLineLevelOr(LogLevel.fromLiteral(toEffectLogLevel(level))), (chosen) =>
      loggerLayer({ format: processLogFormat(), level: chosen, color: colorAllowed(process.stderr) }))
  )

/**
 * AppConfig read from `source`, with the logger it configures installed for whatever this layer is
 * provided to; what looked wrong in the settings is logged once, as the command starts.
 */
export const baseLayer = (source: SettingsSource) =>
  Layer.unwrapEffect(Effect.gen(function*() {
    const settings = yield* readSettings(source)
    const config = yield* loadConfig(settings)
    return Layer.effectDiscard(logWarnings(settings.warnings)).pipe(
      Layer.provideMerge(loggingAt(config.logLevel)),
      Layer.merge(Layer.succeed(AppConfig, config))
    )
  }))

/** AppConfig as a command run here reads it, with the logger installed. */
export const BaseLive = Layer.suspend(() => baseLayer(hereSource()))

/** Storage on the configured file, created and migrated if needed (`init-db`). */
export const StorageLive = SqliteStorageLive.pipe(Layer.provideMerge(BaseLive))

/** Whether there is a database to read at `file`: an empty file is none (SQLite would fill it). */
const databaseState = (file: string): "missing" | "empty" | "present" => {
  try {
    const main = NodeFs.statSync(file, { throwIfNoEntry: false })
    if (main === undefined) return "missing"
    // Content still only in the WAL (a crash before the first checkpoint) is a database.
    const wal = NodeFs.statSync(`${file}-wal`, { throwIfNoEntry: false })
    return main.size === 0 && (wal?.size ?? 0) === 0 ? "empty" : "present"
  } catch {
    // A folder it may not read: opening the file says why, naming it.
    return "present"
  }
}

/** `status` reads an existing database; it creates nothing where there is none or the file is empty. */
const requireDatabase = Effect.gen(function*() {
  const { dbPath } = yield* AppConfig
  const state = yield* Effect.sync(() => databaseState(dbPath))
  if (state !== "present") return yield* new NoDatabase({ file: dbPath, state })
})

export const ExistingStorageLive = SqliteStorageLive.pipe(
  Layer.provide(Layer.effectDiscard(requireDatabase)),
  Layer.provideMerge(BaseLive)
)
