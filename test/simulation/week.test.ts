// A week of the real daemon on TestClock: the schedule's bands through a whole week.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { describe } from "vitest"
import { intervalBounds } from "../../src/domain/adaptiveInterval.js"
import { hour, rankingRow, simulate, simUser, type Timeline } from "../support/simulation.js"

const user = simUser(1)
const quiet: Timeline = {
  ranking: () => ({ json: { ranking: [rankingRow(user, "Steady")] } }),
  predictions: () => ({ json: { predictions: [] } })
}

// Monday 2026-11-30 00:00 London (GMT in winter).
const monday = Date.UTC(2026, 10, 30)
const week = 7 * 24 * hour

describe("a simulated week", () => {
  it.effect("keeps every gap between polls within the band of its hour, weekend factor and floor included", () =>
    Effect.gen(function*() {
      const started = performance.now()
      const result = yield* simulate({ timeline: quiet, from: monday, to: monday + week, seed: 1 })
      const wallMs = performance.now() - started
      const polls = result.pollTimes
      expect(polls[0]).toBe(monday)
      const perBand: Record<string, { polls: number; minSeconds: number; maxSeconds: number }> = {}
      for (let i = 1; i < polls.length; i++) {
        const gap = (polls[i]! - polls[i - 1]!) / 1000
        const bounds = intervalBounds(polls[i - 1]!, 5)
        expect({ at: new Date(polls[i - 1]!).toISOString(), gap, ok: gap >= bounds.minSeconds && gap <= bounds.maxSeconds })
          .toEqual({ at: new Date(polls[i - 1]!).toISOString(), gap, ok: true })
        const key = `${bounds.band}${bounds.weekend ? "/weekend" : ""}`
        const band = perBand[key] ?? { polls: 0, minSeconds: bounds.minSeconds, maxSeconds: bounds.maxSeconds }
        band.polls += 1
        perBand[key] = band
      }
      // Hours per week in each band: peak 18–24 (6 h), night 0–7 (7 h), day 7–18 (11 h); 5 weekdays, 2 weekend days.
      const hoursIn = { peak: 6, night: 7, day: 11 } as const
      for (const [key, band] of Object.entries(perBand)) {
        const [name, weekend] = key.split("/") as [keyof typeof hoursIn, string | undefined]
        const seconds = hoursIn[name] * 3600 * (weekend ? 2 : 5)
        // Each band's polls fit between its slowest and fastest possible pace (one poll of slack per stretch).
        const stretches = weekend ? 2 : 5
        expect([key, band.polls >= seconds / band.maxSeconds - stretches]).toEqual([key, true])
        expect([key, band.polls <= seconds / band.minSeconds + stretches]).toEqual([key, true])
      }
      expect(Object.keys(perBand).sort()).toEqual(["day", "day/weekend", "night", "night/weekend", "peak", "peak/weekend"])
      // The weekend's peak draws below 180 s are lifted to the floor.
      expect(perBand["peak/weekend"]!.minSeconds).toBe(180)
      console.log(`simulated week: ${polls.length} polls, ${result.requests.length} requests, ${wallMs.toFixed(0)} ms of wall time`)
    }), 120_000)
})
