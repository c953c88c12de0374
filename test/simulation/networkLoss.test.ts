// An hour without network, in simulated time: the cycle goes on, backoff and pauses keep the request
// rate down, and when Sofascore is back every prediction is alerted once, none twice.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { alertMatch } from "../../src/domain/alert.js"
import { hour, minute, predictionItem, rankingRow, simulate, simUser, type Timeline } from "../support/simulation.js"

const T = Date.UTC(2026, 11, 2, 9) // Wednesday 09:00 London, the day band
const users = [simUser(1), simUser(2), simUser(3)]
const down = [T + hour, T + 2 * hour] as const

it.effect("rides out an hour of network loss without a retry storm or a duplicate", () =>
  Effect.gen(function*() {
    const timeline: Timeline = {
      ranking: (now) =>
        now >= down[0] && now < down[1]
          ? { unreachable: true }
          : { json: { ranking: users.map((u, i) => rankingRow(u, `Tipster${i}`)) } },
      predictions: (user, page, now) => {
        if (now >= down[0] && now < down[1]) return { unreachable: true }
        if (page > 0) return undefined
        const n = users.indexOf(user)
        // One prediction from the start, one posted during the outage.
        const items = [predictionItem({ eventId: 100 + n, startAt: T + 6 * hour })]
        if (now >= T + 90 * minute) items.push(predictionItem({ eventId: 200 + n, startAt: T + 8 * hour }))
        return { json: { predictions: items } }
      }
    }
    const result = yield* simulate({ timeline, from: T, to: T + 4 * hour, seed: 9 })

    const cyclesDuringOutage = result.pollTimes.filter((t) => t >= down[0] && t < down[1]).length
    expect(cyclesDuringOutage).toBeGreaterThanOrEqual(8)
    const requestsDuringOutage = result.requests.filter((r) => r.at >= down[0] && r.at < down[1]).length
    // Three attempts per request every cycle would be the storm; pauses after three failed cycles cut it.
    const storm = cyclesDuringOutage * users.length * 3
    expect(requestsDuringOutage).toBeLessThan(storm * 0.7)
    expect(result.logs.filter((l) => /^\[User: Tipster\d\] Paused for 30 minutes$/.test(l.message)).length)
      .toBeGreaterThanOrEqual(users.length)
    expect(result.logs.some((l) => l.message.startsWith("Discovery failed (Transport"))).toBe(true)
    // Cycles went on through the outage.
    for (let i = 1; i < result.pollTimes.length; i++) {
      expect(result.pollTimes[i]! - result.pollTimes[i - 1]!).toBeLessThan(10 * minute)
    }

    const alerted = result.alerts.map((
      a
    ) => (a.alert._tag === "NewBets" ? `${a.alert.predictor.id}:${a.alert.match.eventId}` : "move"))
    expect(new Set(alerted).size).toBe(alerted.length)
    expect([...alerted].sort()).toEqual(users.flatMap((u, n) => [`${u}:${100 + n}`, `${u}:${200 + n}`]).sort())
    // The ones posted during the outage went out once Sofascore answered again (a paused predictor when its pause ended).
    const late = result.alerts.filter((a) => (alertMatch(a.alert)?.eventId ?? 0) >= 200)
    expect(late.every((a) => a.at >= down[1] && a.at < down[1] + 35 * minute)).toBe(true)
  }), 60_000)
