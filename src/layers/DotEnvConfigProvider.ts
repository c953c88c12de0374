// The environment first, then the .env in the working directory. Under systemd the unit's
// EnvironmentFile= has already put the .env into the environment, so a value set there and in the
// file agrees either way; started by hand, a variable on the command line overrides the file, which is
// what people expect. install-service reads as the service will: the project's .env and nothing else.
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import type { PathBase } from "../domain/configValues.js"
import { type InlineComment, parseDotEnv } from "../domain/dotenv.js"
import { misspeltSettingLine, misspeltSettings } from "../domain/settingNames.js"
import { configKeys, type MonitorConfig, monitorConfigIn } from "../services/AppConfig.js"

export interface DotEnvFile {
  readonly path: string
  readonly exists: boolean
  readonly entries: ReadonlyMap<string, string>
  readonly inlineComments: ReadonlyArray<InlineComment>
}

const readDotEnv = Effect.fn("Config.readDotEnv")(function*(path: string) {
  const text = yield* Effect.try(() => NodeFs.readFileSync(path, "utf8")).pipe(
    Effect.catchAll(({ error }) =>
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? Effect.succeed(undefined)
        : Effect.fail(ConfigError.SourceUnavailable([".env"], `cannot read ${path}`, Cause.fail(error)))
    )
  )
  const parsed = parseDotEnv(text ?? "")
  if (parsed._tag === "Invalid") {
    return yield* Effect.fail(ConfigError.InvalidData([".env"], `line ${parsed.line}: ${parsed.reason}`))
  }
  return {
    path,
    exists: text !== undefined,
    entries: parsed.entries,
    inlineComments: parsed.inlineComments
  } satisfies DotEnvFile
})

export const providerFrom = (env: ConfigProvider.ConfigProvider, dotEnv: ReadonlyMap<string, string>) =>
  ConfigProvider.orElse(env, () => ConfigProvider.fromMap(new Map(dotEnv)))

export interface SettingsSource extends PathBase {
  /** Whether this process's environment counts. The service sees only .env, so the installer reads without it. */
  readonly environment: boolean
}

/** Where a command run by hand reads its settings: here, as this user, environment first. */
export const hereSource = (): SettingsSource => ({
  directory: process.cwd(),
  home: NodeOs.homedir(),
  environment: true
})

export interface Settings {
  readonly dotEnv: DotEnvFile
  /** The configuration, ready to load: it fails with the ConfigError naming every bad key. */
  readonly config: Config.Config<MonitorConfig>
  readonly provider: ConfigProvider.ConfigProvider
  /** One line each for what deserves a warning before the command goes on: misspelt keys, ignored variables. */
  readonly warnings: ReadonlyArray<string>
}

/** What the installer's environment sets that the service will not see, since it reads only .env. */
const unseenByService = (dotEnv: DotEnvFile): ReadonlyArray<string> =>
  configKeys.filter((key) => {
    const value = process.env[key]
    return value !== undefined && value !== dotEnv.entries.get(key)
  }).map((key) => `the environment sets ${key}, which the service will not see; it reads only ${dotEnv.path}`)

/** Reads the .env in the source's directory and names what looks wrong; a malformed .env fails. */
export const readSettings = Effect.fn("Config.readSettings")(function*(source: SettingsSource) {
  const dotEnv = yield* readDotEnv(NodePath.join(source.directory, ".env"))
  const environment = source.environment ? ConfigProvider.fromEnv() : ConfigProvider.fromMap(new Map())
  const misspelt = misspeltSettings(configKeys, [
    { source: ".env", names: dotEnv.entries.keys() },
    ...(source.environment ? [{ source: "the environment", names: Object.keys(process.env) }] : [])
  ])
  return {
    dotEnv,
    config: monitorConfigIn(source),
    provider: providerFrom(environment, dotEnv.entries),
    warnings: [...misspelt.map(misspeltSettingLine), ...(source.environment ? [] : unseenByService(dotEnv))]
  } satisfies Settings
})

/** Loads the configuration from what readSettings found. */
export const loadConfig = (settings: Settings) => Effect.withConfigProvider(settings.config, settings.provider)

/** Logs the settings' warnings, one WARN line each. */
export const logWarnings = (lines: ReadonlyArray<string>) =>
  Effect.forEach(lines, (line) => Effect.logWarning(line), { discard: true })
