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
import { SofascoreClientLive } from "../../src/layers/SofascoreClientLive.js"
import { SqliteStorageLive } from "../../src/layers/SqliteStorage.js"
import { runDaemon } from "../../src/programs/run.js"
import { HealthNotices } from "../../src/services/HealthNotices.js"
import { Notifier, NotifierUnavailable } from "../../src/services/Notifier.js"
import { Timeout, Transport } from "../../src/services/SofascoreClient.js"
import { SofascoreTransport } from "../../src/services/SofascoreTransport.js"
import { tempDir } from "./tempDir.js"
import { testConfigLayer } from "./testConfig.js"

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

const notFound = JSON.stringify({ error: { code: 404, reason: "Not Found" } })

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
        const user = /^\/(?:user-account|user)\/([^/]+)\/predictions$/.exec(url.pathname)?.[1]
        const reply = url.pathname === "/user-account/vote-ranking"
          ? timeline.ranking(now)
          : user === undefined
          ? undefined
          : timeline.predictions(user, Number(url.searchParams.get("page") ?? "0"), now)
        if (reply === undefined) {
          return { status: 404, contentType: "application/json", retryAfter: undefined, body: notFound }
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
    const env: Record<string, string> = { DB_PATH: NodePath.join(tempDir("sofascore-sim-"), "sim.db"), ...options.env }
    const config = testConfigLayer(env)
    const timeoutMs = Number(env["HTTP_TIMEOUT_SECONDS"] ?? "15") * 1000

    const notifier = Layer.succeed(Notifier, {
      send: (alert) =>
        Effect.gen(function*() {
          const now = yield* Clock.currentTimeMillis
          if ((options.discordOutages ?? []).some(([from, to]) => now >= from && now < to)) {
            return yield* Effect.fail(new NotifierUnavailable({ reason: "Discord answered 503" }))
          }
          alerts.push({ at: now, alert })
        })
    })
    const layers = Layer.mergeAll(
      SofascoreClientLive.pipe(Layer.provide(scriptedTransport(options.timeline, timeoutMs, requests))),
      notifier,
      Layer.succeed(HealthNotices, { notice: () => Effect.void }),
      SqliteStorageLive
    ).pipe(Layer.provideMerge(config))
    const logger = Logger.make(({ date, logLevel, message }) => {
      logs.push({
        at: date.getTime(),
        level: logLevel.label,
        message: Array.isArray(message) ? message.join(" ") : String(message)
      })
    })

    yield* TestClock.setTime(options.from)
    const daemon = yield* runDaemon.pipe(
      Effect.provide(layers),
      Effect.withRandom(Random.make(options.seed)),
      Logger.withMinimumLogLevel(LogLevel.Debug),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Effect.fork
    )
    yield* TestClock.adjust(options.to - options.from)
    yield* Fiber.interrupt(daemon)
    return {
      alerts,
      pollTimes: logs.filter((l) => l.message === "Cycle started").map((l) => l.at),
      logs,
      requests
    }
  })

// --- building timelines ---------------------------------------------------------------------------

export const minute = 60_000
export const hour = 60 * minute

export interface ItemSpec {
  readonly eventId: number
  readonly startAt: number
  readonly status?: string
  readonly vote?: string
  readonly odds?: number | null
  readonly home?: string
  readonly away?: string
}

/** One prediction as Sofascore sends it. */
export const predictionItem = (spec: ItemSpec) => ({
  eventId: spec.eventId,
  customId: "Sim",
  eventSlug: `match-${spec.eventId}`,
  startDateTimestamp: Math.floor(spec.startAt / 1000),
  homeTeamName: spec.home ?? `Home ${spec.eventId}`,
  awayTeamName: spec.away ?? `Away ${spec.eventId}`,
  sportSlug: "football",
  status: { code: 0, description: spec.status ?? "Not started", type: spec.status ?? "notstarted" },
  vote: spec.vote ?? "1",
  odds: spec.odds === null ? null : { decimalValue: (spec.odds ?? 2).toFixed(2), fractionalValue: "1/1" }
})

const stats = (roi: number) => ({
  total: "200",
  correct: "100",
  percentage: "50%",
  ranking: "1",
  roi,
  avgCorrectOdds: { decimalValue: "2.10" }
})

/** A leaderboard row that passes the default criteria (yield 10 %), or fails them (yield −10 %). */
export const rankingRow = (id: string, name: string, passes = true) => ({
  id,
  nickname: name,
  voteStatistics: { allTime: stats(passes ? 20 : -20), current: stats(passes ? 20 : -20) }
})

export const simUser = (n: number): string => (0x6600000000 + n).toString(16).padStart(24, "0")
