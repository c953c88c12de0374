// Where the program's layers are put together. Every command starts from the configuration
// (environment, then .env) and the logger it configures: configuration is read first, so a bad key
// stops the program before anything else. The monitor's layers come from one builder whose parts the
// demo, the simulation and the soak replace.
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as NodeFs from "node:fs"
import { type LogLevelName, toEffectLogLevel } from "../domain/configValues.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { Notifier } from "../services/Notifier.js"
import { type SofascoreClient } from "../services/SofascoreClient.js"
import { SofascoreTransport } from "../services/SofascoreTransport.js"
import { type DatabaseOpened, NoDatabase, type Storage, type StorageError } from "../services/Storage.js"
import { ConsoleNotifierLive } from "./ConsoleNotifier.js"
import { DiscordHttpClientLive } from "./DiscordHttpClient.js"
import { discordNotifierLayer } from "./DiscordNotifier.js"
import { hereSource, loadConfig, logWarnings, readSettings, type SettingsSource } from "./DotEnvConfigProvider.js"
import { HealthNoticesLive } from "./HealthNoticesLive.js"
import { ImpitTransportLive } from "./ImpitTransport.js"
import { type AlreadyRunning, InstanceLockLive, type LockError } from "./InstanceLock.js"
import { colorAllowed, commandLineLevelOr, loggerLayer, processLogFormat } from "./Logging.js"
import { SofascoreClientLive } from "./SofascoreClientLive.js"
import { SqliteStorageLive } from "./SqliteStorage.js"
import { TracingLive } from "./Tracing.js"

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

/** Alerts to Discord when a webhook is set, else to the console. */
export const NotifierLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Option.match(config.discordWebhookUrl, {
      onNone: () => ConsoleNotifierLive,
      onSome: (url) =>
        discordNotifierLayer(url, { timeoutMs: config.httpTimeoutSeconds * 1000 }).pipe(
          Layer.provide(DiscordHttpClientLive)
        )
    }))
)

type MonitorStorage = Layer.Layer<Storage | DatabaseOpened, StorageError | AlreadyRunning | LockError, AppConfig>

/** The parts of the monitor a caller may replace; each defaults to the production one. */
export interface MonitorParts {
  readonly transport?: Layer.Layer<SofascoreTransport, never, AppConfig>
  /** May fail with a ConfigError: the demo's --webhook needs a webhook. */
  readonly notifier?: Layer.Layer<Notifier, ConfigError.ConfigError, AppConfig>
  readonly health?: Layer.Layer<HealthNotices, never, AppConfig>
  readonly storage?: MonitorStorage
  readonly tracing?: Layer.Layer<never, never, AppConfig>
}

/**
 * Everything `run` and `once` need, over the given configuration layer. By default the instance
 * lock is taken before the database is opened, so a second monitor stops before it touches anything.
 */
export const monitorLayer = <E, R>(config: Layer.Layer<AppConfig, E, R>, parts: MonitorParts = {}) =>
  Layer.mergeAll(
    SofascoreClientLive.pipe(Layer.provide(parts.transport ?? ImpitTransportLive)),
    parts.notifier ?? NotifierLive,
    parts.health ?? HealthNoticesLive.pipe(Layer.provide(DiscordHttpClientLive)),
    parts.storage ?? SqliteStorageLive.pipe(Layer.provide(InstanceLockLive)),
    parts.tracing ?? TracingLive
  ).pipe(Layer.provideMerge(config)) satisfies Layer.Layer<
    AppConfig | SofascoreClient | Notifier | HealthNotices | Storage | DatabaseOpened,
    unknown,
    R
  >

export const MonitorLive = monitorLayer(BaseLive)
