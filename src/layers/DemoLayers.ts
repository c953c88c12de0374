// The demo's world: the monitor's own layers over a fast clock, the fake Sofascore living through the
// demo day on loopback, and a temporary database; log lines carry their simulated London time.
import * as Clock from "effect/Clock"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { hourMinute, londonWallClock, weekdayNames } from "../domain/londonTime.js"
import { acceleratedClock, DemoClock } from "../programs/demo/clock.js"
import { demoDay } from "../programs/demo/demoDay.js"
import { startFakeSofascore } from "../programs/fakes/fakeSofascore.js"
import { fixtures } from "../programs/fakes/sofascoreFixtures.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"
import { Notifier } from "../services/Notifier.js"
import { monitorLayer } from "./AppLayers.js"
import { ConsoleNotifierLive } from "./ConsoleNotifier.js"
import { discordHttpClientLayer } from "./DiscordHttpClient.js"
import { makeDiscordNotifier } from "./DiscordNotifier.js"
import { hereSource, loadConfig, logWarnings, readSettings } from "./DotEnvConfigProvider.js"
import { commandLineLevelOr } from "./Logging.js"
import { SqliteStorageLive } from "./SqliteStorage.js"

/** "Wed 19:05", London time. */
const demoTime = (date: Date) => {
  const clock = londonWallClock(date.getTime())
  return `${weekdayNames[clock.weekday]} ${hourMinute(clock)}`
}

/** Per-request lines would drown the story; the rest is shown with its simulated London time. */
const hidden = (message: string) =>
  message.includes("] Processing ") || message.startsWith("Running") || message.startsWith("Retention") ||
  message.startsWith("Cycle done")

const demoLogger = Logger.make(({ date, logLevel, message }) => {
  const text = Array.isArray(message) ? message.join(" ") : String(message)
  if (hidden(text)) return
  const level = logLevel._tag === "Info" ? "" : `${logLevel.label} `
  process.stdout.write(`[${demoTime(date)}] ${level}${text}\n`)
})

/**
 * The console, unless --webhook: then DISCORD_WEBHOOK_URL, which must be set. Discord's rate limits
 * run on real time, whatever the demo's clock says.
 */
const demoNotifier = (webhook: boolean) =>
  webhook
    ? Layer.unwrapEffect(
      Effect.flatMap(AppConfig, (c) =>
        Option.match(c.discordWebhookUrl, {
          onNone: () =>
            Effect.fail(
              ConfigError.MissingData(["DISCORD_WEBHOOK_URL"], "demo --webhook posts there, and it is not set")
            ),
          onSome: (url) =>
            Effect.succeed(
              Layer.effect(
                Notifier,
                Effect.map(makeDiscordNotifier(url, { timeoutMs: 15_000, demo: true }), (discord) => ({
                  ...discord,
                  send: (message) => Effect.withClock(discord.send(message), Clock.make())
                }))
              ).pipe(Layer.provide(discordHttpClientLayer(15_000)))
            )
        }))
    )
    : ConsoleNotifierLive

export const demoLayer = (options: { readonly speed: number; readonly webhook: boolean }) =>
  Layer.unwrapScoped(Effect.gen(function*() {
    const startAt = yield* Clock.currentTimeMillis
    const demoClock = acceleratedClock({ startAt, speed: options.speed })
    const sofascore = yield* Effect.acquireRelease(
      Effect.promise(() => startFakeSofascore()),
      (server) => Effect.promise(() => server.close())
    )
    sofascore.setRanking(fixtures.voteRanking)
    const day = demoDay(startAt, () => demoClock.clock.unsafeCurrentTimeMillis())
    // The fixtures' other watched predictors have nothing to show: an empty first page.
    sofascore.setPredictionsSource((user, page) => day(user, page) ?? (page === 0 ? { predictions: [] } : undefined))
    const directory = yield* Effect.acquireRelease(
      Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "sofascore-demo-"))),
      (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
    )
    const config = Layer.effect(
      AppConfig,
      Effect.gen(function*() {
        const settings = yield* readSettings(hereSource())
        const loaded = yield* loadConfig(settings)
        yield* logWarnings(settings.warnings)
        return {
          ...loaded,
          sofascoreBaseUrl: sofascore.baseUrl,
          dbPath: NodePath.join(directory, "demo.db"),
          // A timeout on the fast clock would be over in milliseconds of real time.
          httpTimeoutSeconds: 300,
          proxyUrl: Option.none(),
          discordHealthWebhookUrl: Option.none()
        }
      })
    )
    return monitorLayer(config, {
      notifier: demoNotifier(options.webhook),
      health: HealthNotices.silent,
      storage: SqliteStorageLive,
      tracing: Layer.empty
    })
      .pipe(
        Layer.provideMerge(Layer.setClock(demoClock.clock)),
        Layer.provideMerge(Layer.succeed(DemoClock, demoClock)),
        Layer.provideMerge(Logger.replace(Logger.defaultLogger, demoLogger)),
        Layer.provideMerge(Layer.unwrapEffect(Effect.map(commandLineLevelOr(LogLevel.Info), Logger.minimumLogLevel)))
      )
  }))
