// The layers every command starts from: configuration (environment, then .env) and the logger it
// configures. Configuration is read first, so a bad key stops the program before anything else.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { AppConfig } from "../services/AppConfig.js"
import { dotEnvConfigProvider } from "./DotEnvConfigProvider.js"
import { detectLogFormat, loggerLayer } from "./Logging.js"

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
