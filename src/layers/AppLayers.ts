// The monitor's layers (`run`, `once`, `report --post`), over the configuration and logger of
// StorageLayers.ts. They come from one builder whose parts the demo, the simulation and the soak replace.
import type * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { Notifier } from "../services/Notifier.js"
import { type SofascoreClient } from "../services/SofascoreClient.js"
import { SofascoreTransport } from "../services/SofascoreTransport.js"
import { type DatabaseOpened, type Storage, type StorageError } from "../services/Storage.js"
import { ConsoleNotifierLive } from "./ConsoleNotifier.js"
import { DiscordHttpClientLive } from "./DiscordHttpClient.js"
import { discordNotifierLayer } from "./DiscordNotifier.js"
import { HealthNoticesLive } from "./HealthNoticesLive.js"
import { ImpitTransportLive } from "./ImpitTransport.js"
import { type AlreadyRunning, InstanceLockLive, type LockError } from "./InstanceLock.js"
import { SofascoreClientLive } from "./SofascoreClientLive.js"
import { SqliteStorageLive } from "./SqliteStorage.js"
import { BaseLive } from "./StorageLayers.js"
import { TracingLive } from "./Tracing.js"

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
