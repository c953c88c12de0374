// Deterministic simulation of the daemon: the real `run` program, unchanged, on TestClock with a
// seeded Random, against a scripted Sofascore timeline (through the real client: semaphore, retries,
// decoding), a notifier that records each alert with its simulated time, and the real SQLite storage
// on a temporary file. A week of polling runs in seconds and repeats exactly for the same seed.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Random from "effect/Random"
import * as TestClock from "effect/TestClock"
import * as NodePath from "node:path"
import type { Alert } from "../../src/domain/alert.js"
import { monitorLayer } from "../../src/layers/AppLayers.js"
import { packAsOne } from "../../src/layers/ConsoleNotifier.js"
import { SqliteStorageLive } from "../../src/layers/SqliteStorage.js"
import { notFoundBody, routeOf } from "../../src/programs/fakes/sofascoreFixtures.js"
import { daemon } from "../../src/programs/run.js"
import { HealthNotices } from "../../src/services/HealthNotices.js"
import { Notifier, NotifierUnavailable } from "../../src/services/Notifier.js"
import { Timeout, Transport } from "../../src/services/SofascoreClient.js"
import { SofascoreTransport } from "../../src/services/SofascoreTransport.js"
import { tempDir } from "./tempDir.js"
import { testConfigLayer } from "./testConfig.js"

export { predictionItem, rankingRow, syntheticUserId as simUser } from "../../src/programs/fakes/sofascoreFixtures.js"

/** What Sofascore answers to one request. */
export type Reply =
  | { readonly json: unknown }
  | { readonly status: number; readonly body?: string; readonly contentType?: string; readonly retryAfter?: string }
  | { readonly hang: true }
  /** The network is down: the connection cannot be made. */
  | { readonly unreachable: true }

export interface Timeline {
  readonly ranking: (now: number) => Reply
  /** Undefined means a 404, as for a page past the last or an unknown user. */
  readonly predictions: (userId: string, page: number, now: number) => Reply | undefined
}

export interface SimulationResult {
  readonly alerts: ReadonlyArray<{ readonly at: number; readonly alert: Alert }>
  /** When each cycle started. */
  readonly pollTimes: ReadonlyArray<number>
  readonly logs: ReadonlyArray<{ readonly at: number; readonly level: string; readonly message: string }>
  readonly requests: ReadonlyArray<{ readonly at: number; readonly path: string }>
}

export interface SimulationOptions {
  readonly timeline: Timeline
  readonly from: number
  readonly to: number
  readonly seed: number
  readonly env?: Record<string, string>
  /** Discord is unavailable in these [from, to) windows. */
  readonly discordOutages?: ReadonlyArray<readonly [number, number]>
}

const scriptedTransport = (
  timeline: Timeline,
  timeoutMs: number,
  requests: SimulationResult["requests"] & Array<unknown>
) =>
  Layer.succeed(SofascoreTransport, {
    get: (path) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        requests.push({ at: now, path })
        const url = new URL(path, "http://sofascore.invalid")
        const route = routeOf(url.pathname)
        const reply = route === undefined
          ? undefined
          : route.kind === "ranking"
          ? timeline.ranking(now)
          : timeline.predictions(route.user, Number(url.searchParams.get("page") ?? "0"), now)
        if (reply === undefined) {
          return { status: 404, contentType: "application/json", retryAfter: undefined, body: notFoundBody }
        }
        if ("unreachable" in reply) {
          return yield* Effect.fail(
            new Transport({ path, reason: "ConnectError: Failed to connect to the server. (Network is unreachable)" })
          )
        }
        if ("hang" in reply) {
          // As impit does: no answer, then its own timeout.
          yield* Effect.sleep(timeoutMs)
          return yield* Effect.fail(new Timeout({ path, afterMs: timeoutMs }))
        }
        if ("json" in reply) {
          return {
            status: 200,
            contentType: "application/json",
            retryAfter: undefined,
            body: JSON.stringify(reply.json)
          }
        }
        return {
          status: reply.status,
          contentType: reply.contentType ?? "application/json",
          retryAfter: reply.retryAfter,
          body: reply.body ?? JSON.stringify({ error: { code: reply.status } })
        }
      })
  })

export const simulate = (options: SimulationOptions): Effect.Effect<SimulationResult> =>
  Effect.gen(function*() {
    const alerts: Array<{ at: number; alert: Alert }> = []
    const logs: Array<{ at: number; level: string; message: string }> = []
    const requests: Array<{ at: number; path: string }> = []
    const env: Record<string, string> = {
      DB_PATH: NodePath.join(tempDir("sofascore-sim-"), "sim.db"),
      // Most simulations follow single alerts; the first-poll digest has tests of its own.
      FIRST_POLL: "alerts",
      ...options.env
    }
    const config = testConfigLayer(env)
    const timeoutMs = Number(env["HTTP_TIMEOUT_SECONDS"] ?? "15") * 1000

    // Each delivery round is one message, as on the console; it records the alerts it carries.
    const notifier = Layer.succeed(Notifier, {
      pack: (batch) => packAsOne(batch.length, batch),
      send: (message) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          if ((options.discordOutages ?? []).some(([from, to]) => now >= from && now < to)) {
            return yield* Effect.fail(new NotifierUnavailable({ reason: "Discord answered 503" }))
          }
          for (const alert of message.payload as ReadonlyArray<Alert>) alerts.push({ at: now, alert })
        }),
      messagesPerMinute: Number.POSITIVE_INFINITY,
      recentSends: Effect.succeed([]),
      resumePace: () => Effect.void
    })
    const layers = monitorLayer(config, {
      transport: scriptedTransport(options.timeline, timeoutMs, requests),
      notifier,
      health: HealthNotices.silent,
      storage: SqliteStorageLive
    })
    const pollTimes: Array<number> = []
    const logger = Logger.make(({ date, logLevel, message }) => {
      logs.push({
        at: date.getTime(),
        level: logLevel.label,
        message: Array.isArray(message) ? message.join(" ") : String(message)
      })
    })

    yield* TestClock.setTime(options.from)
    const running = yield* daemon({ onCycle: (report) => Effect.sync(() => void pollTimes.push(report.startedAt)) })
      .pipe(
        Effect.provide(layers),
        Effect.withRandom(Random.make(options.seed)),
        Logger.withMinimumLogLevel(LogLevel.Debug),
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
        Effect.fork
      )
    yield* TestClock.adjust(options.to - options.from)
    yield* Fiber.interrupt(running)
    return {
      alerts,
      pollTimes,
      logs,
      requests
    }
  })

// --- building timelines ---------------------------------------------------------------------------

export const minute = 60_000
export const hour = 60 * minute
