// A failed discovery does not leave the monitor idle for an hour: with nobody watched it tries again
// after about 30 s, doubling up to the poll interval, and says so every cycle; with a set already
// watched it tries again within minutes.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { describe } from "vitest"
import { hour, minute, predictionItem, rankingRow, simulate, simUser, type Timeline } from "../support/simulation.js"

const T = Date.UTC(2026, 11, 1, 10) // Tuesday 10:00 London: the day band, polls every 4.5–7 minutes
const tipster = simUser(1)
const second = 1000

const rankingTimes = (result: { requests: ReadonlyArray<{ at: number; path: string }> }) =>
  result.requests.filter((r) => r.path === "/user-account/vote-ranking").map((r) => r.at)

const predictions = () => ({ json: { predictions: [predictionItem({ eventId: 1, startAt: T + 5 * hour })] } })

describe("discovery retry", () => {
  it.effect(
    "at boot, three 503s from the leaderboard delay watching by about 30 s, not an hour",
    () =>
      Effect.gen(function*() {
        let served = 0
        const timeline: Timeline = {
          // The client makes three attempts per discovery: the whole first discovery fails.
          ranking: () => ++served <= 3 ? { status: 503 } : { json: { ranking: [rankingRow(tipster, "Tipster")] } },
          predictions: (_user, page) => page > 0 ? undefined : predictions()
        }
        const result = yield* simulate({ timeline, from: T, to: T + 30 * minute, seed: 4 })
        const times = rankingTimes(result)
        // Three attempts at boot (backoff of about 1 s and 2 s), then the retry 30 s after the first.
        expect(times.length).toBe(4)
        expect(times[2]! - T).toBeLessThan(5 * second)
        expect(times[3]! - T).toBe(30 * second)
        // The predictor's first alert goes out with that retry, not an hour later.
        expect(result.alerts.map((a) => a.at)).toEqual([T + 30 * second])
        expect(result.logs.filter((l) => l.level === "WARN" && l.message.startsWith("No predictor is watched")))
          .toHaveLength(1)
        // The schedule waits for that attempt, not for the poll interval (the attempts took about 3 s).
        expect(result.logs.some((l) => /^Next discovery attempt in 2\d seconds$/.test(l.message))).toBe(true)
      }),
    60_000
  )

  it.effect(
    "keeps trying while the leaderboard is down, doubling from 30 s up to the poll interval",
    () =>
      Effect.gen(function*() {
        const timeline: Timeline = {
          ranking: (now) => now < T + hour ? { status: 503 } : { json: { ranking: [rankingRow(tipster, "Tipster")] } },
          predictions: (_user, page) => page > 0 ? undefined : predictions()
        }
        const result = yield* simulate({ timeline, from: T, to: T + 2 * hour, seed: 5 })
        // The first request of each discovery: three attempts each while it fails.
        const starts = rankingTimes(result).filter((_, i) => i % 3 === 0).slice(0, 6)
        const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]!) / second))
        // 30, 60, 120, 240 s from the start of one attempt to the next, then the poll interval's lower bound
        // in the day band (5 min × 0.9 = 270 s).
        expect(gaps).toEqual([30, 60, 120, 240, 270])
        // Every cycle without a watched predictor says so.
        const warnings = result.logs.filter((l) => l.message.startsWith("No predictor is watched"))
        const emptyCycles = result.pollTimes.filter((t) => t < rankingTimes(result).find((r) => r >= T + hour)!)
        expect(warnings.length).toBe(emptyCycles.length)
        expect(result.alerts.length).toBe(1)
      }),
    60_000
  )

  it.effect(
    "with a set already watched, a failed rediscovery is tried again within minutes",
    () =>
      Effect.gen(function*() {
        const timeline: Timeline = {
          // Down from 50 minutes in: the hourly rediscovery fails.
          ranking: (now) =>
            now >= T + 50 * minute && now < T + 75 * minute
              ? { status: 503 }
              : { json: { ranking: [rankingRow(tipster, "Tipster")] } },
          predictions: (_user, page) => page > 0 ? undefined : predictions()
        }
        const result = yield* simulate({ timeline, from: T, to: T + 3 * hour, seed: 6 })
        const starts = rankingTimes(result).filter((t, i, all) => i === 0 || t - all[i - 1]! > 10 * second)
        const failedAt = starts.find((t) => t >= T + hour)!
        const next = starts.find((t) => t > failedAt)!
        // The first retry is due 5 minutes after the failure and runs with the first cycle after that.
        expect(next - failedAt).toBeGreaterThanOrEqual(5 * minute)
        expect(next - failedAt).toBeLessThan(13 * minute)
        // Polling went on meanwhile with the set already watched.
        expect(result.logs.some((l) => /still watching 1 users; trying again in 300 seconds/.test(l.message))).toBe(
          true
        )
        expect(result.logs.some((l) => l.message.startsWith("No predictor is watched"))).toBe(false)
      }),
    60_000
  )
})
