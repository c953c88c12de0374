// What the daemon does over simulated hours, checked exactly: which alerts go out and when.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { describe } from "vitest"
import type { Alert } from "../../src/domain/alert.js"
import {
  hour,
  minute,
  predictionItem,
  rankingRow,
  simulate,
  type SimulationResult,
  simUser,
  type Timeline
} from "../support/simulation.js"

const T = Date.UTC(2026, 11, 1, 10) // Tuesday 10:00 London: the day band, polls every 4.5–7 minutes
const tipster = simUser(1)
const other = simUser(2)

/** The first poll at or after `t`. */
const firstPollFrom = (result: SimulationResult, t: number) => result.pollTimes.find((p) => p >= t)!

const describeAlert = ({ alert, at }: { readonly at: number; readonly alert: Alert }) =>
  alert._tag === "NewBets"
    ? { at, kind: "new", user: alert.predictor.id, event: alert.match.eventId, picks: alert.picks.map((p) => p.pick) }
    : alert._tag === "LineMovement"
    ? { at, kind: "move", user: alert.predictor.id, event: alert.match.eventId, from: alert.fromOdds, to: alert.toOdds }
    : alert._tag === "Digest"
    ? { at, kind: "digest", user: alert.predictor.id, events: alert.picks.map((p) => p.match.eventId) }
    : { at, kind: "report", predictors: alert.predictors.length }

describe("simulated hours", () => {
  it.effect(
    "alerts each alertable prediction once, at the first poll after it appears; never the others",
    () =>
      Effect.gen(function*() {
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
          predictions: (_user, page, now) => {
            if (page > 0) return undefined
            const items = [
              predictionItem({ eventId: 1, startAt: T + 5 * hour }),
              predictionItem({ eventId: 2, startAt: T - 2 * hour, status: "finished" }),
              predictionItem({ eventId: 3, startAt: T + 3 * hour, status: "canceled" }),
              // Kicks off 30 h after T: it enters the 24 h window 6 h after T.
              predictionItem({ eventId: 4, startAt: T + 30 * hour })
            ]
            if (now >= T + hour) items.push(predictionItem({ eventId: 5, startAt: T + 8 * hour, vote: "X" }))
            // Appears when its match has long started: remembered, never alerted.
            if (now >= T + 2 * hour) items.push(predictionItem({ eventId: 6, startAt: T, status: "inprogress" }))
            return { json: { predictions: items } }
          }
        }
        const result = yield* simulate({ timeline, from: T, to: T + 8 * hour, seed: 3 })
        expect(result.alerts.map(describeAlert)).toEqual([
          { at: T, kind: "new", user: tipster, event: 1, picks: ["1"] },
          { at: firstPollFrom(result, T + hour), kind: "new", user: tipster, event: 5, picks: ["X"] },
          { at: firstPollFrom(result, T + 6 * hour), kind: "new", user: tipster, event: 4, picks: ["1"] }
        ])
      }),
    60_000
  )

  it.effect("alerts a changed pick, and each odds move past the threshold once", () =>
    Effect.gen(function*() {
      const timeline: Timeline = {
        ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
        predictions: (_user, page, now) => {
          if (page > 0) return undefined
          // Odds: 2.00, a wobble to 2.20 (10 %), a move to 2.50 (25 % from 2.00), held, then back to 2.00 (−20 %).
          const odds = now < T + hour ? 2.0 : now < T + 2 * hour ? 2.2 : now < T + 4 * hour ? 2.5 : 2.0
          const pick = now < T + 3 * hour ? "1" : "2"
          return {
            json: {
              predictions: [
                predictionItem({ eventId: 10, startAt: T + 20 * hour, odds }),
                predictionItem({ eventId: 11, startAt: T + 20 * hour, vote: pick, odds: 3.0 })
              ]
            }
          }
        }
      }
      const result = yield* simulate({ timeline, from: T, to: T + 6 * hour, seed: 4 })
      expect(result.alerts.map(describeAlert)).toEqual([
        { at: T, kind: "new", user: tipster, event: 10, picks: ["1"] },
        { at: T, kind: "new", user: tipster, event: 11, picks: ["1"] },
        { at: firstPollFrom(result, T + 2 * hour), kind: "move", user: tipster, event: 10, from: 2, to: 2.5 },
        { at: firstPollFrom(result, T + 3 * hour), kind: "new", user: tipster, event: 11, picks: ["2"] },
        { at: firstPollFrom(result, T + 4 * hour), kind: "move", user: tipster, event: 10, from: 2.5, to: 2 }
      ])
    }), 60_000)

  it.effect(
    "pauses a predictor failing three cycles in a row for 30 minutes, then polls them again",
    () =>
      Effect.gen(function*() {
        const failingFrom = T + hour
        const failingUntil = T + hour + 25 * minute
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster"), rankingRow(other, "Other")] } }),
          predictions: (user, page, now) =>
            page > 0 ? undefined : user === tipster && now >= failingFrom && now < failingUntil
              ? { status: 503 }
              : { json: { predictions: [] } }
        }
        const result = yield* simulate({ timeline, from: T, to: T + 3 * hour, seed: 5 })
        const tipsterPolls = [...new Set(result.requests.filter((r) => r.path.includes(tipster)).map((r) => r.at))]
        const failedCycles = result.pollTimes.filter((p) => p >= failingFrom).slice(0, 3)
        const pausedAt = result.logs.find((l) => l.message === "[User: Tipster] Paused for 30 minutes")!.at
        // Three cycles failed (each with its retries), then the pause.
        expect(pausedAt).toBeGreaterThanOrEqual(failedCycles[2]!)
        expect(pausedAt).toBeLessThan(failedCycles[2]! + minute)
        const during = tipsterPolls.filter((t) => t > pausedAt && t < pausedAt + 30 * minute)
        expect(during).toEqual([])
        const resumed = tipsterPolls.find((t) => t >= pausedAt + 30 * minute)!
        expect(resumed).toBe(firstPollFrom(result, pausedAt + 30 * minute))
        // The other predictor was polled at every cycle meanwhile.
        const otherPolls = new Set(result.requests.filter((r) => r.path.includes(other)).map((r) => r.at))
        expect(result.pollTimes.every((p) => otherPolls.has(p))).toBe(true)
        const skipped = result.logs.filter((l) => l.message.startsWith("[User: Tipster] Paused until")).length
        expect(skipped).toBeGreaterThanOrEqual(4)
      }),
    60_000
  )

  it.effect(
    "holds every alert through a two-hour Discord outage and delivers them all, in order, at the first poll after",
    () =>
      Effect.gen(function*() {
        const outage = [T + hour, T + 3 * hour] as const
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster"), rankingRow(other, "Other")] } }),
          predictions: (user, page, now) => {
            if (page > 0) return undefined
            const base = user === tipster ? 100 : 200
            const appearing = [0, 1.5, 2, 2.5].filter((h) => now >= T + h * hour)
            return {
              json: {
                predictions: appearing.map((h, i) =>
                  predictionItem({ eventId: base + i, startAt: T + 10 * hour + h * hour })
                )
              }
            }
          }
        }
        const result = yield* simulate({ timeline, from: T, to: T + 5 * hour, seed: 6, discordOutages: [outage] })
        const afterOutage = firstPollFrom(result, outage[1])
        const delivered = result.alerts.map(describeAlert)
        expect(delivered.filter((a) => a.at < outage[1]).map((a) => a.event)).toEqual([100, 200])
        const held = delivered.filter((a) => a.at >= outage[1])
        expect(held.map((a) => a.event)).toEqual([101, 201, 102, 202, 103, 203])
        expect(held.every((a) => a.at === afterOutage)).toBe(true)
        // Each was detected when it appeared, during the outage, and kept that order.
        const detected = result.alerts.filter((a) => a.at >= outage[1]).map((a) => a.alert.detectedAt)
        expect(detected).toEqual([...detected].sort((a, b) => a - b))
        expect(new Set(delivered.map((a) => a.event)).size).toBe(delivered.length)
      }),
    60_000
  )

  it.effect(
    "rediscovers every hour: a predictor who falls out stops being polled, a new one starts",
    () =>
      Effect.gen(function*() {
        const change = T + 90 * minute
        const timeline: Timeline = {
          ranking: (now) => ({
            json: {
              ranking: now < change
                ? [rankingRow(tipster, "Tipster"), rankingRow(other, "Other", false)]
                : [rankingRow(tipster, "Tipster", false), rankingRow(other, "Other")]
            }
          }),
          predictions: () => ({ json: { predictions: [] } })
        }
        const result = yield* simulate({ timeline, from: T, to: T + 4 * hour, seed: 7 })
        const discoveries = result.requests.filter((r) => r.path === "/user-account/vote-ranking").map((r) => r.at)
        expect(discoveries.length).toBe(4)
        discoveries.slice(1).forEach((t, i) => {
          expect(t - discoveries[i]!).toBeGreaterThanOrEqual(hour)
          expect(t - discoveries[i]!).toBeLessThan(hour + 8 * minute)
        })
        const switchedAt = discoveries.find((t) => t >= change)!
        const polled = (user: string) => result.requests.filter((r) => r.path.includes(user)).map((r) => r.at)
        expect(polled(tipster).every((t) => t < switchedAt)).toBe(true)
        expect(polled(other).every((t) => t >= switchedAt)).toBe(true)
        expect(polled(other)[0]).toBe(switchedAt)
      }),
    60_000
  )

  it.effect("repeats exactly with the same seed", () =>
    Effect.gen(function*() {
      const timeline: Timeline = {
        ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
        predictions: (_user, page, now) =>
          page > 0 ? undefined : now % (3 * hour) < 20 * minute
            ? { status: 502 }
            : { json: { predictions: [predictionItem({ eventId: Math.floor(now / hour), startAt: now + 2 * hour })] } }
      }
      const run = (seed: number) =>
        Effect.map(simulate({ timeline, from: T, to: T + 12 * hour, seed }), (r) => ({
          polls: r.pollTimes,
          alerts: r.alerts.map(describeAlert),
          requests: r.requests.map((q) => `${q.at} ${q.path}`)
        }))
      const first = yield* run(11)
      const second = yield* run(11)
      const third = yield* run(12)
      expect(second).toEqual(first)
      expect(first.alerts.length).toBeGreaterThan(5)
      expect(third.polls).not.toEqual(first.polls)
    }), 60_000)
})
