// `demo`: the real daemon pipeline, offline, on a fast clock, against the built-in simulated
// Sofascore. Alerts go to the console (or to DISCORD_WEBHOOK_URL when set), the database is a
// temporary file, and a closing summary says what happened.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { SofascoreLive } from "../../layers/AppLayers.js"
import { ConsoleNotifierLive } from "../../layers/ConsoleNotifier.js"
import { makeDiscordNotifier } from "../../layers/DiscordNotifier.js"
import { dotEnvConfigProvider } from "../../layers/DotEnvConfigProvider.js"
import { SqliteStorageLive } from "../../layers/SqliteStorage.js"
import { AppConfig, monitorConfig } from "../../services/AppConfig.js"
import { HealthNotices } from "../../services/HealthNotices.js"
import { Notifier } from "../../services/Notifier.js"
import { Storage } from "../../services/Storage.js"
import { runDaemon } from "../run.js"
import { acceleratedClock } from "./clock.js"
import { startDemoSofascore } from "./demoSofascore.js"

export interface DemoOptions {
  /** Simulated hours to run. */
  readonly hours: number
  /** Simulated seconds per real second. */
  readonly speed: number
}

const timeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23"
})

/** Per-request lines would drown the story; the rest is shown with its simulated London time. */
const hidden = (message: string) =>
  message.includes("] Processing ") || message.startsWith("Running") || message.startsWith("Retention")

export const runDemo = (options: DemoOptions) =>
  Effect.gen(function*() {
    const startAt = yield* Clock.currentTimeMillis
    const clock = acceleratedClock({ startAt, speed: options.speed })
    const sofascore = yield* Effect.acquireRelease(
      Effect.promise(() => startDemoSofascore(startAt, () => clock.unsafeCurrentTimeMillis())),
      (server) => Effect.promise(() => server.close())
    )
    const directory = yield* Effect.acquireRelease(
      Effect.sync(() => NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "sofascore-demo-"))),
      (dir) => Effect.sync(() => NodeFs.rmSync(dir, { recursive: true, force: true }))
    )

    const config = Layer.effect(
      AppConfig,
      Effect.map(monitorConfig, (c) => ({
        ...c,
        sofascoreBaseUrl: sofascore.baseUrl,
        dbPath: NodePath.join(directory, "demo.db"),
        // A timeout on the fast clock would be over in milliseconds of real time.
        httpTimeoutSeconds: 300,
        proxyUrl: Option.none(),
        discordHealthWebhookUrl: Option.none()
      }))
    ).pipe(Layer.provide(dotEnvConfigProvider()))

    // Discord's rate limits run on real time, whatever the demo's clock says.
    const notifier = Layer.unwrapEffect(
      Effect.map(AppConfig, (c) =>
        Option.match(c.discordWebhookUrl, {
          onNone: () => ConsoleNotifierLive,
          onSome: (url) =>
            Layer.effect(
              Notifier,
              Effect.map(makeDiscordNotifier(url, 15_000), (discord) => ({
                send: (alert) => Effect.withClock(discord.send(alert), Clock.make())
              }))
            ).pipe(Layer.provide(FetchHttpClient.layer))
        }))
    )

    const counts = { cycles: 0, newAlerts: 0, lineMoves: 0 }
    const logger = Logger.make(({ date, logLevel, message }) => {
      const text = Array.isArray(message) ? message.join(" ") : String(message)
      if (text.startsWith("Cycle done")) counts.cycles += 1
      if (/Found \d+ new bets/.test(text)) counts.newAlerts += 1
      if (text.includes("] Line move ")) counts.lineMoves += 1
      if (hidden(text) || text.startsWith("Cycle done")) return
      const level = logLevel._tag === "Info" ? "" : `${logLevel.label} `
      process.stdout.write(`[${timeFormat.format(date)}] ${level}${text}\n`)
    })

    const layers = Layer.mergeAll(
      SofascoreLive,
      notifier,
      Layer.succeed(HealthNotices, { notice: () => Effect.void }),
      SqliteStorageLive
    ).pipe(Layer.provideMerge(config))

    yield* Console.log(
      `Demo: ${options.hours} simulated hours at ${options.speed}× speed against a built-in simulated Sofascore (no network needed).\n`
    )
    const seen = yield* Effect.gen(function*() {
      yield* Effect.raceFirst(runDaemon, Effect.sleep(Duration.hours(options.hours)))
      return (yield* (yield* Storage).stats).tables["seen_bets"] ?? 0
    }).pipe(
      Effect.provide(layers),
      Effect.withClock(clock),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Logger.withMinimumLogLevel(LogLevel.Info)
    )
    yield* Console.log(
      `\nDemo finished: ${counts.cycles} polls, ${seen} predictions seen, ${counts.newAlerts} new-bet alerts, ${counts.lineMoves} line moves.`
    )
  }).pipe(Effect.scoped)
