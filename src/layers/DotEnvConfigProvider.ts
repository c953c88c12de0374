// The environment first, then ./.env. Under systemd the unit's EnvironmentFile= has already put the
// .env into the environment, so a value set there and in the file agrees either way; started by hand,
// a variable on the command line overrides the file, which is what people expect.
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { parseDotEnv } from "../domain/dotenv.js"

const readDotEnv = (path: string) =>
  Effect.gen(function*() {
    const text = yield* Effect.try(() => NodeFs.readFileSync(path, "utf8")).pipe(
      Effect.catchAll(({ error }) =>
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? Effect.succeed("")
          : Effect.fail(ConfigError.SourceUnavailable([".env"], `cannot read ${path}`, Cause.fail(error)))
      )
    )
    const parsed = parseDotEnv(text)
    if (parsed._tag === "Invalid") {
      return yield* Effect.fail(ConfigError.InvalidData([".env"], `line ${parsed.line}: ${parsed.reason}`))
    }
    return parsed.entries
  })

export const providerFrom = (env: ConfigProvider.ConfigProvider, dotEnv: ReadonlyMap<string, string>) =>
  ConfigProvider.orElse(env, () => ConfigProvider.fromMap(new Map(dotEnv)))

/** Sets the ConfigProvider to the environment with `.env` in `directory` as the fallback. */
export const dotEnvConfigProvider = (directory: string = process.cwd()) =>
  Layer.unwrapEffect(
    Effect.map(
      readDotEnv(NodePath.join(directory, ".env")),
      (entries) => Layer.setConfigProvider(providerFrom(ConfigProvider.fromEnv(), entries))
    )
  )
