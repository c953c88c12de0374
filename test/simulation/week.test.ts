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
  it.effect(
    "keeps every gap between polls within the band of its hour, weekend factor and floor included",
    () =>
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
          expect({
            at: new Date(polls[i - 1]!).toISOString(),
            gap,
            ok: gap >= bounds.minSeconds && gap <= bounds.maxSeconds
          })
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
        expect(Object.keys(perBand).sort()).toEqual([
          "day",
          "day/weekend",
          "night",
          "night/weekend",
          "peak",
          "peak/weekend"
        ])
        // The weekend's peak draws below 180 s are lifted to the floor.
        expect(perBand["peak/weekend"]!.minSeconds).toBe(180)
        console.log(
          `simulated week: ${polls.length} polls, ${result.requests.length} requests, ${
            wallMs.toFixed(0)
          } ms of wall time`
        )
      }),
    120_000
  )

  const gapsAround = (from: number, to: number, seed: number) =>
    Effect.map(
      simulate({ timeline: quiet, from, to, seed }),
      (result) =>
        result.pollTimes.slice(1).map((t, i) => ({ at: result.pollTimes[i]!, gap: (t - result.pollTimes[i]!) / 1000 }))
    )

  const expectWithinBands = (gaps: ReadonlyArray<{ at: number; gap: number }>) => {
    for (const { at, gap } of gaps) {
      const b = intervalBounds(at, 5)
      expect({ at: new Date(at).toISOString(), ok: gap >= b.minSeconds && gap <= b.maxSeconds }).toEqual({
        at: new Date(at).toISOString(),
        ok: true
      })
    }
  }
  const utcHour = (at: number) => new Date(at).getUTCHours()

  it.effect(
    "follows London time through the clocks going forward (last Sunday of March)",
    () =>
      Effect.gen(function*() {
        const gaps = yield* gapsAround(Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 30), 21)
        expectWithinBands(gaps)
        const sunday = (h: number) =>
          gaps.filter((g) => g.at >= Date.UTC(2026, 2, 29) && g.at < Date.UTC(2026, 2, 30) && utcHour(g.at) === h)
        // Sunday 17:xx UTC is 18:xx BST: weekend peak, at most 255 s apart.
        expect(sunday(17).length).toBeGreaterThan(0)
        expect(sunday(17).every((g) => g.gap <= 255)).toBe(true)
        // Sunday 06:xx UTC is 07:xx BST: weekend day band (230–357 s), no longer night.
        expect(sunday(6).every((g) => g.gap >= 230 && g.gap <= 357)).toBe(true)
        // On Saturday, still GMT, 06:xx UTC is night.
        const saturday6 = gaps.filter((g) => g.at < Date.UTC(2026, 2, 29) && utcHour(g.at) === 6)
        expect(saturday6.every((g) => g.gap >= 510)).toBe(true)
      }),
    60_000
  )

  it.effect("follows London time through the clocks going back (last Sunday of October)", () =>
    Effect.gen(function*() {
      const gaps = yield* gapsAround(Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 26), 22)
      expectWithinBands(gaps)
      const onDay = (day: number, h: number) =>
        gaps.filter((g) => new Date(g.at).getUTCDate() === day && utcHour(g.at) === h)
      // Saturday 17:xx UTC is 18:xx BST (peak); Sunday 17:xx UTC is 17:xx GMT (day).
      expect(onDay(24, 17).every((g) => g.gap <= 255)).toBe(true)
      expect(onDay(25, 17).length).toBeGreaterThan(0)
      expect(onDay(25, 17).every((g) => g.gap >= 230)).toBe(true)
      // Sunday 06:xx UTC is 06:xx GMT (night); on Saturday it was 07:xx BST (day).
      expect(onDay(25, 6).every((g) => g.gap >= 510)).toBe(true)
      expect(onDay(24, 6).every((g) => g.gap <= 357)).toBe(true)
    }), 60_000)
})
