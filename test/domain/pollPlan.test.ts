import { describe, expect, it } from "vitest"
import { alertMatch } from "../../src/domain/alert.js"
import type { Match, Prediction, Predictor } from "../../src/domain/model.js"
import { predictionKeyString } from "../../src/domain/model.js"
import { type KnownState, planPoll } from "../../src/domain/pollPlan.js"

const hour = 3_600_000
const now = 1_767_225_600_000

const predictor: Predictor = {
  id: "65f1c0a2b3d4e5f60718293a",
  name: "NorthernLights",
  allTime: { total: 412, correct: 204, hitRatePct: 50, profitUnits: 52.76, avgCorrectOdds: 2.31 },
  current: { total: 41, correct: 23, hitRatePct: 56, profitUnits: 10.16, avgCorrectOdds: 2.28 }
}

const match = (eventId: number, startAt: number, statusType = "notstarted"): Match => ({
  eventId,
  homeTeam: `Home ${eventId}`,
  awayTeam: `Away ${eventId}`,
  sportSlug: "football",
  eventSlug: `home-away-${eventId}`,
  customId: "Abc",
  startAt,
  statusType,
  statusDescription: ""
})

const prediction = (m: Match, pick: string, odds: number | null, market = "1"): Prediction => ({
  userId: predictor.id,
  match: m,
  market,
  pick,
  odds,
  result: undefined,
  oddsWinning: undefined
})

const settings = { lookaheadMs: 24 * hour, graceMs: 5 * 60_000, lineMovementThresholdPct: 15 }

const plan = (predictions: ReadonlyArray<Prediction>, known: ReadonlyMap<string, KnownState> = new Map()) =>
  planPoll({ predictor, predictions, known, now, settings })

const knownOf = (p: Prediction, state: KnownState): [string, KnownState] => [
  predictionKeyString({ userId: p.userId, eventId: p.match.eventId, market: p.market, pick: p.pick }),
  state
]

describe("planPoll", () => {
  it("alerts new upcoming predictions once per match, listing every new pick, and tracks their odds", () => {
    const soon = match(1, now + 2 * hour)
    const win = prediction(soon, "1", 1.8)
    const btts = prediction(soon, "yes", 1.9, "5")
    const other = prediction(match(2, now + 5 * hour), "X", null)
    const result = plan([win, btts, other])
    expect(result.alerts.map((a) => a._tag === "NewBets" ? [a.match.eventId, a.picks.map((p) => p.pick)] : a._tag))
      .toEqual([
        [1, ["1", "yes"]],
        [2, ["X"]]
      ])
    expect(result.seen.map((s) => [s.key.eventId, s.key.pick, s.alerted])).toEqual([[1, "1", true], [1, "yes", true], [
      2,
      "X",
      true
    ]])
    // No odds, no tracking.
    expect(result.odds.map((o) => [o.key.pick, o.track])).toEqual([["1", { baseline: 1.8, current: 1.8 }], ["yes", {
      baseline: 1.9,
      current: 1.9
    }]])
    const first = result.alerts[0]
    expect(first?._tag === "NewBets" && first.predictor).toMatchObject({
      id: predictor.id,
      allTimeYieldPct: 12.81,
      profitUnits: 52.76,
      hitRatePct: 50
    })
  })

  it("remembers finished, canceled and long-started matches without alerting, and leaves far ones for later", () => {
    const result = plan([
      prediction(match(3, now - 26 * hour, "finished"), "2", 2.5),
      prediction(match(4, now - 50 * hour, "canceled"), "1", 1.65),
      prediction(match(5, now - 70 * 60_000, "inprogress"), "X", 3.1),
      prediction(match(6, now + 26 * hour), "2", 2.05),
      prediction(match(7, now - 3 * 60_000, "inprogress"), "1", 2.1)
    ])
    expect(result.alerts.map((a) => alertMatch(a)?.eventId)).toEqual([7])
    expect(result.seen.map((s) => [s.key.eventId, s.alerted])).toEqual([[3, false], [4, false], [5, false], [7, true]])
  })

  it("alerts nothing for a prediction it already knows, and a changed pick as new", () => {
    const m = match(1, now + hour)
    const before = prediction(m, "1", 2.0)
    const after = prediction(m, "2", 3.5)
    const known = new Map([knownOf(before, { alerted: true, odds: { baseline: 2.0, current: 2.0 } })])
    expect(plan([before], known).alerts).toEqual([])
    expect(plan([before], known).seen).toEqual([])
    const changed = plan([after], known)
    expect(changed.alerts).toHaveLength(1)
    expect(changed.alerts[0]?._tag === "NewBets" && changed.alerts[0].picks).toEqual([{
      market: "1",
      pick: "2",
      odds: 3.5
    }])
  })

  it("alerts a line move past the threshold once, moving the baseline, and stores small wobbles silently", () => {
    const m = match(1, now + hour)
    const known = new Map([knownOf(prediction(m, "1", 2.0), { alerted: true, odds: { baseline: 2.0, current: 2.0 } })])
    const wobble = plan([prediction(m, "1", 2.2)], known)
    expect(wobble.alerts).toEqual([])
    expect(wobble.odds.map((o) => o.track)).toEqual([{ baseline: 2.0, current: 2.2 }])
    const moved = plan([prediction(m, "1", 2.4)], known)
    expect(moved.alerts).toMatchObject([{ _tag: "LineMovement", fromOdds: 2.0, toOdds: 2.4, changePct: 20 }])
    expect(moved.odds.map((o) => o.track)).toEqual([{ baseline: 2.4, current: 2.4 }])
    // Unchanged odds write nothing.
    expect(plan([prediction(m, "1", 2.0)], known).odds).toEqual([])
  })

  it("does not track odds of predictions it never announced, or of matches no longer alertable", () => {
    const postponed = match(1, now + hour)
    const known = new Map([knownOf(prediction(postponed, "1", 2.0), { alerted: false, odds: undefined })])
    expect(plan([prediction(postponed, "1", 3.0)], known)).toMatchObject({ alerts: [], odds: [] })
    const live = match(2, now - hour, "inprogress")
    const knownLive = new Map([
      knownOf(prediction(live, "1", 2.0), { alerted: true, odds: { baseline: 2.0, current: 2.0 } })
    ])
    expect(plan([prediction(live, "1", 5.0)], knownLive)).toMatchObject({ alerts: [], odds: [] })
  })

  it("counts a prediction repeated across pages once", () => {
    const p = prediction(match(1, now + hour), "1", 1.8)
    const result = plan([p, p])
    expect(result.predictionCount).toBe(1)
    expect(result.alerts).toHaveLength(1)
    expect(result.seen).toHaveLength(1)
  })
})

describe("planPoll on a predictor's first poll", () => {
  const later = prediction(match(1, now + 5 * hour), "1", 1.8)
  const sooner = prediction(match(2, now + 2 * hour), "X", 3.1)
  const alsoSooner = prediction(match(2, now + 2 * hour), "yes", 1.9, "5")
  const finished = prediction(match(3, now - 3 * hour, "finished"), "2", 2.5)
  const tooFar = prediction(match(4, now + 30 * hour), "1", 2)
  const first = (firstPoll: "digest" | "alerts" | "silent") =>
    planPoll({
      predictor,
      predictions: [later, sooner, alsoSooner, finished, tooFar],
      known: new Map(),
      now,
      settings,
      firstPoll
    })

  it("digest: one alert listing every open pick, soonest kick-off first; the picks count as announced", () => {
    const result = first("digest")
    expect(result.alerts).toHaveLength(1)
    const digest = result.alerts[0]!
    expect(digest._tag).toBe("Digest")
    if (digest._tag !== "Digest") return
    expect(digest.picks.map((p) => [p.match.eventId, p.pick.pick, p.pick.odds])).toEqual([
      [2, "X", 3.1],
      [2, "yes", 1.9],
      [1, "1", 1.8]
    ])
    expect(digest.predictor.id).toBe(predictor.id)
    // Announced, so their odds are tracked for line moves; the finished one is only remembered.
    expect(result.seen.map((s) => [s.key.eventId, s.key.pick, s.alerted])).toEqual([
      [1, "1", true],
      [2, "X", true],
      [2, "yes", true],
      [3, "2", false]
    ])
    expect(result.odds.map((o) => o.key.eventId)).toEqual([1, 2, 2])
  })

  it("alerts: one alert per match, as on any later poll", () => {
    expect(first("alerts").alerts.map((a) => [a._tag, alertMatch(a)?.eventId])).toEqual([["NewBets", 1], [
      "NewBets",
      2
    ]])
  })

  it("silent: nothing goes out, and the picks are remembered as not announced (no line moves follow)", () => {
    const result = first("silent")
    expect(result.alerts).toEqual([])
    expect(result.seen.every((s) => !s.alerted)).toBe(true)
    expect(result.odds).toEqual([])
  })

  it("with nothing open, a first poll sends no empty digest", () => {
    const result = planPoll({
      predictor,
      predictions: [finished],
      known: new Map(),
      now,
      settings,
      firstPoll: "digest"
    })
    expect(result.alerts).toEqual([])
  })
})

describe("planPoll on followed picks", () => {
  const soon = prediction(match(1, now + 2 * hour), "1", 2.2)
  const key = predictionKeyString({ userId: predictor.id, eventId: 1, market: "1", pick: "1" })
  const plan = (follow: { alertOdds: number | null; closingOdds: number | null; startAt: number | null }) =>
    planPoll({
      predictor,
      predictions: [soon],
      known: new Map([[key, { alerted: true, odds: { baseline: 2.2, current: 2.2 } }]]),
      now,
      settings,
      following: new Map([[key, follow]])
    })

  it("writes nothing for a followed pick seen as it was", () => {
    expect(plan({ alertOdds: 2.2, closingOdds: 2.2, startAt: now + 2 * hour }).followUpdates).toEqual([])
  })

  it("records new closing odds before kick-off, and a moved kick-off", () => {
    expect(plan({ alertOdds: 2.0, closingOdds: 2.0, startAt: now + 2 * hour }).followUpdates).toEqual([
      {
        key: { userId: predictor.id, eventId: 1, market: "1", pick: "1" },
        startAt: now + 2 * hour,
        closingOdds: 2.2,
        settled: undefined
      }
    ])
    expect(plan({ alertOdds: 2.2, closingOdds: 2.2, startAt: now + hour }).followUpdates.map((u) => u.startAt)).toEqual(
      [
        now + 2 * hour
      ]
    )
  })
})
