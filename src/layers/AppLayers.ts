// The layers every command starts from: configuration (environment, then .env) and the logger it
// configures. Configuration is read first, so a bad key stops the program before anything else.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { AppConfig } from "../services/AppConfig.js"
import { ConsoleNotifierLive } from "./ConsoleNotifier.js"
import { discordNotifierLayer } from "./DiscordNotifier.js"
import { dotEnvConfigProvider } from "./DotEnvConfigProvider.js"
import { HealthNoticesLive } from "./HealthNoticesLive.js"
import { ImpitTransportLive } from "./ImpitTransport.js"
import { InstanceLockLive } from "./InstanceLock.js"
import { detectLogFormat, loggerLayer } from "./Logging.js"
import { SofascoreClientLive } from "./SofascoreClientLive.js"
import { SqliteStorageLive } from "./SqliteStorage.js"
import { TracingLive } from "./Tracing.js"

export const ConfigLive = AppConfig.layer.pipe(Layer.provide(dotEnvConfigProvider()))

export const LoggingLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    loggerLayer({
      format: detectLogFormat(process.env, process.stderr.isTTY === true),
      level: config.logLevel
    }))
)

/** AppConfig, with the logger installed for whatever this layer is provided to. */
export const BaseLive = LoggingLive.pipe(Layer.provideMerge(ConfigLive))

/** Alerts to Discord when a webhook is set, else to the console. */
export const NotifierLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Option.match(config.discordWebhookUrl, {
      onNone: () => ConsoleNotifierLive,
      onSome: (url) =>
        discordNotifierLayer(url, config.httpTimeoutSeconds * 1000).pipe(Layer.provide(FetchHttpClient.layer))
    }))
)

export const SofascoreLive = SofascoreClientLive.pipe(Layer.provide(ImpitTransportLive))

/**
 * Everything `run` and `once` need, over the base layers. The instance lock is taken before the
 * database is opened, so a second monitor stops before it touches anything.
 */
export const MonitorLive = Layer.mergeAll(
  SofascoreLive,
  NotifierLive,
  HealthNoticesLive.pipe(Layer.provide(FetchHttpClient.layer)),
  SqliteStorageLive.pipe(Layer.provide(InstanceLockLive)),
  TracingLive
).pipe(Layer.provideMerge(BaseLive))
