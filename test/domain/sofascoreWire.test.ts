import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import {
  decodePredictionsPage,
  decodeVoteRanking,
  errorEnvelopeCode,
  isValidUserId,
  oddsToDecimal,
  predictionsPath
} from "../../src/domain/sofascoreWire.js"
import { readFixture } from "../support/fixtures.js"

const read = (name: string): unknown => readFixture(name)
const A = "65f1c0a2b3d4e5f60718293a"
const B = "66a0b1c2d3e4f5061728394b"
const C = "4471902"

type Json = Record<string, unknown>
const rankingRows = (): Array<Json> => (read("vote-ranking.json") as { ranking: Array<Json> }).ranking
const items = (file: string): Array<Json> => (read(file) as { predictions: Array<Json> }).predictions
const page = (userId: string, json: unknown) => Either.getOrThrow(decodePredictionsPage(userId, json))
const ranking = (json: unknown) => Either.getOrThrow(decodeVoteRanking(json))

describe("every fixture", () => {
  it.each(
    [
      [A, `predictions-${A}.json`, 7, false],
      [B, `predictions-${B}.json`, 6, false],
      [C, `predictions-${C}.json`, 4, true],
      [C, `predictions-${C}.page1.json`, 2, false]
    ] as const
  )("decodes %s from %s with nothing skipped", (userId, file, count, hasNextPage) => {
    const decoded = page(userId, read(file))
    expect(decoded.skipped).toEqual([])
    expect(decoded.predictions).toHaveLength(count)
    expect(decoded.hasNextPage).toBe(hasNextPage)
    expect(decoded.predictions.every((p) => p.userId === userId)).toBe(true)
  })

  it("decodes all 25 leaderboard rows, digit strings and percentages included", () => {
    const decoded = ranking(read("vote-ranking.json"))
    expect(decoded.skipped).toEqual([])
    expect(decoded.predictors).toHaveLength(25)
    expect(decoded.predictors[0]).toEqual({
      id: A,
      name: "NorthernLights",
      allTime: { total: 412, correct: 204, hitRatePct: 50, profitUnits: 52.76, avgCorrectOdds: 2.31 },
      current: { total: 41, correct: 23, hitRatePct: 56, profitUnits: 10.16, avgCorrectOdds: 2.28 }
    })
  })
})

describe("vote ranking", () => {
  const fixture = ranking(read("vote-ranking.json"))

  it("names a predictor by nickname, else slug, else id; blank counts as missing", () => {
    expect(fixture.predictors.find((p) => p.id === "65d4c3b2a1908f7e6d5c4b3a")?.name).toBe("65d4c3b2a1908f7e6d5c4b3a")
    const [row] = rankingRows()
    const decoded = ranking({
      ranking: [
        { ...row, nickname: null, slug: "northern" },
        { ...row, nickname: "   ", slug: " northern " },
        { ...row, nickname: "", slug: "" },
        { ...row, nickname: "  Lights  " }
      ]
    })
    expect(decoded.predictors.map((p) => p.name)).toEqual(["northern", "northern", A, "Lights"])
  })

  it("turns a legacy numeric id, number or digit string, into its digits, which route to /user/", () => {
    const legacy = fixture.predictors.find((p) => p.name === "Oldtimer_77")
    expect(legacy?.id).toBe(C)
    expect(predictionsPath(legacy!.id, 0)).toBe(`/user/${C}/predictions?page=0`)
    const [row] = rankingRows()
    expect(ranking({ ranking: [{ ...row, id: C }] }).predictors[0]?.id).toBe(C)
  })

  it("keeps null average odds as null and reads a 0-total newcomer", () => {
    expect(fixture.predictors.find((p) => p.name === "BrandNewTipster")?.allTime).toMatchObject({
      total: 0,
      hitRatePct: 0,
      avgCorrectOdds: null
    })
    expect(fixture.predictors.find((p) => p.name === "NoOddsNeeded")?.allTime.avgCorrectOdds).toBeNull()
  })

  it("accepts counts as numbers, a decimal percentage, fraction-only or unreadable average odds", () => {
    const [row] = rankingRows()
    const stats = {
      total: 412,
      correct: 204,
      percentage: "49.5%",
      roi: 52.76,
      avgCorrectOdds: { fractionalValue: "131/100" }
    }
    const decoded = ranking({
      ranking: [
        { ...row, voteStatistics: { allTime: stats, current: { ...stats, avgCorrectOdds: "garbage" } } }
      ]
    })
    expect(decoded.predictors[0]?.allTime).toEqual({
      total: 412,
      correct: 204,
      hitRatePct: 49.5,
      profitUnits: 52.76,
      avgCorrectOdds: 2.31
    })
    expect(decoded.predictors[0]?.current.avgCorrectOdds).toBeNull()
  })

  it("ignores unknown keys", () => {
    const [row] = rankingRows()
    const decoded = ranking({ ranking: [{ ...row, brandNew: { nested: [1] }, userBadge: "x" }], meta: 1 })
    expect(decoded.predictors.map((p) => p.id)).toEqual([A])
  })

  it("skips rows with hostile ids or a wrong shape, keeping the others, with reasons that do not echo the value", () => {
    const [good] = rankingRows()
    const { voteStatistics: _stats, ...withoutStats } = good!
    const hostile = "<@everyone>".repeat(100)
    const decoded = ranking({
      ranking: [
        { ...good, id: "../../etc" },
        { ...good, id: "123; DROP TABLE seen_bets" },
        { ...good, id: `${A}0` },
        { ...good, id: A.toUpperCase() },
        { ...good, id: 1.5 },
        { ...good, id: -4 },
        { ...good, id: "1234567890123456" },
        { ...good, voteStatistics: null },
        withoutStats,
        { ...good, nickname: 42 },
        { ...good, voteStatistics: { allTime: { total: hostile, roi: 1 }, current: { total: "1", roi: 1 } } },
        "not an object",
        good
      ]
    })
    expect(decoded.predictors.map((p) => p.id)).toEqual([A])
    expect(decoded.skipped.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    for (const s of decoded.skipped) {
      expect(s.reason.length).toBeLessThanOrEqual(80)
      expect(s.reason).not.toContain("everyone")
      expect(s.reason).not.toContain("DROP")
    }
    expect(decoded.skipped[7]?.reason).toBe("voteStatistics invalid")
    expect(decoded.skipped[8]?.reason).toBe("voteStatistics missing")
  })

  it("fails as a whole when the envelope is not the documented one", () => {
    for (const bad of [{ ranking: {} }, { ranking: "[]" }, {}, [], null, "<html>"]) {
      expect(Either.isLeft(decodeVoteRanking(bad))).toBe(true)
    }
  })
})

describe("predictions", () => {
  it("decodes user A: plain items, numeric `correct`, odds null", () => {
    const decoded = page(A, read(`predictions-${A}.json`))
    expect(decoded.predictions[0]).toEqual({
      userId: A,
      market: "1",
      pick: "1",
      odds: 1.8,
      result: undefined,
      oddsWinning: false,
      match: {
        eventId: 13900101,
        homeTeam: "Northbridge FC",
        awayTeam: "Harbor City",
        sportSlug: "football",
        eventSlug: "northbridge-fc-harbor-city",
        customId: "nBfHc",
        startAt: 1_767_232_800_000,
        statusType: "notstarted",
        statusDescription: "Not started"
      }
    })
    expect(decoded.predictions.find((p) => p.match.eventId === 13900105)?.odds).toBeNull()
    expect(decoded.predictions.find((p) => p.match.eventId === 13900107)?.match.statusType).toBe("canceled")
  })

  it("decodes user B, whose items carry an id and a votes array", () => {
    const decoded = page(B, read(`predictions-${B}.json`))
    expect(decoded.predictions.every((p) => p.market === "1")).toBe(true)
    expect(decoded.predictions.find((p) => p.match.eventId === 13900101)).toMatchObject({ pick: "2", odds: 4.5 })
  })

  it("decodes legacy user C over two pages, `correct` as strings, odds from a fraction only", () => {
    const first = page(C, read(`predictions-${C}.json`))
    expect(first.predictions.find((p) => p.match.eventId === 13900301)?.odds).toBe(1.55)
    expect(first.predictions.find((p) => p.match.eventId === 13900302)?.match.statusType).toBe("interrupted")
    const second = page(C, read(`predictions-${C}.page1.json`))
    expect(second.predictions.map((p) => p.match.eventId)).toEqual([13900305, 13900306])
  })

  it("accepts `correct` as a number or a string, and no `hasNextPage` as unknown", () => {
    const [item] = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [{ ...item, correct: 1 }, { ...item, correct: "0" }, { ...item, correct: null }]
    })
    expect(decoded.predictions).toHaveLength(3)
    expect(decoded.hasNextPage).toBeUndefined()
    expect(page(A, { predictions: [], hasNextPage: "yes" }).hasNextPage).toBeUndefined()
  })

  it("reads each fixture's settled picks: `correct` as a number or a string, the odds' winning flag", () => {
    const settled = (userId: string, file: string) =>
      page(userId, read(file)).predictions.map((p) => [p.match.eventId, p.result, p.oddsWinning])
    expect(settled(A, `predictions-${A}.json`)).toContainEqual([13900106, "correct", true])
    expect(settled(A, `predictions-${A}.json`)).toContainEqual([13900105, undefined, undefined])
    expect(settled(B, `predictions-${B}.json`)).toContainEqual([13900204, "wrong", false])
    expect(settled(C, `predictions-${C}.json`)).toEqual([
      [13900301, undefined, false],
      [13900302, undefined, false],
      [13900303, "wrong", false],
      [13900304, "correct", true]
    ])
  })

  it("reads `correct` 1/\"1\" as correct, 0/\"0\" as wrong and anything else as unknown, keeping the pick", () => {
    const [item] = items(`predictions-${A}.json`)
    const { correct: _c, ...withoutCorrect } = item!
    const verdicts = [1, "1", 0, "0", -1, "-1", "2", 2, null, { value: 1 }, [1], true, " 1", 1.5]
    const decoded = page(A, {
      predictions: [...verdicts.map((correct) => ({ ...item, correct })), withoutCorrect]
    })
    expect(decoded.skipped).toEqual([])
    expect(decoded.predictions.map((p) => p.result)).toEqual([
      "correct",
      "correct",
      "wrong",
      "wrong",
      ...Array<undefined>(verdicts.length - 4 + 1).fill(undefined)
    ])
  })

  it("takes `winning` from the chosen odds only when it is a boolean", () => {
    const [item] = items(`predictions-${A}.json`)
    const odds = (winning: unknown) => ({ ...item, odds: { decimalValue: "1.80", winning } })
    const decoded = page(A, {
      predictions: [odds(true), odds(false), odds("true"), odds(1), { ...item, odds: { decimalValue: "1.80" } }, {
        ...item,
        odds: null
      }]
    })
    expect(decoded.predictions.map((p) => p.oddsWinning)).toEqual([
      true,
      false,
      undefined,
      undefined,
      undefined,
      undefined
    ])
  })

  it("settles each entry of a votes array by its own `correct` and odds; the item's stand in for the same pick only", () => {
    const [item] = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [{
        ...item,
        vote: "1",
        correct: 1,
        odds: { decimalValue: "1.80", winning: true },
        votes: [
          { voteType: "1", vote: "1" },
          { voteType: "5", vote: "yes", correct: "0", odds: { fractionalValue: "3/4", winning: false } },
          { voteType: "6", vote: "2", correct: -1, odds: { fractionalValue: "1/1" } },
          { voteType: "1", vote: "X", odds: null },
          { voteType: "1", vote: "1", correct: "0", odds: { decimalValue: "1.80", winning: "yes" } }
        ]
      }]
    })
    expect(decoded.predictions.map((p) => [p.market, p.pick, p.result, p.oddsWinning])).toEqual([
      ["1", "1", "correct", true],
      ["5", "yes", "wrong", false],
      ["6", "2", undefined, undefined],
      ["1", "X", undefined, undefined],
      ["1", "1", "wrong", undefined]
    ])
  })

  it("keeps unknown status types verbatim, a missing description as empty, and ignores unknown keys", () => {
    const [item] = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [{ ...item, status: { code: 999, type: "abandoned" }, somethingNew: { deep: [1, 2] } }],
      extra: true
    })
    expect(decoded.predictions[0]?.match).toMatchObject({ statusType: "abandoned", statusDescription: "" })
  })

  it("maps missing or blank slugs and custom ids to null", () => {
    const [item] = items(`predictions-${A}.json`)
    const { sportSlug: _s, ...withoutSport } = item!
    const decoded = page(A, { predictions: [{ ...withoutSport, eventSlug: null, customId: " " }] })
    expect(decoded.predictions[0]?.match).toMatchObject({ sportSlug: null, eventSlug: null, customId: null })
  })

  it("reads each vote of a votes array as its own market, the item's odds standing in for market 1 only", () => {
    const [item] = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [{
        ...item,
        votes: [
          { voteType: "1", vote: "1", odds: { decimalValue: "1.80" } },
          { voteType: 5, vote: "yes", odds: { fractionalValue: "3/4" } },
          { voteType: null, vote: "1" },
          { voteType: "6", vote: "2" },
          { voteType: "1", vote: "X", odds: null },
          { voteType: "5", vote: null },
          { voteType: "x".repeat(500), vote: "1" },
          "junk"
        ]
      }]
    })
    expect(decoded.skipped).toEqual([])
    expect(decoded.predictions.map((p) => [p.market, p.pick, p.odds])).toEqual([
      ["1", "1", 1.8],
      ["5", "yes", 1.75],
      ["1", "1", 1.8],
      ["6", "2", null],
      ["1", "X", null]
    ])
  })

  it("falls back to `vote` when the votes array has no readable vote, and skips an item with no pick at all", () => {
    const [first, second, third] = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [
        { ...first, votes: [] },
        { ...second, votes: [{ voteType: "1" }] },
        { ...third, vote: undefined, votes: null }
      ]
    })
    expect(decoded.predictions.map((p) => [p.match.eventId, p.market, p.pick])).toEqual([[13900101, "1", "1"], [
      13900102,
      "1",
      "X"
    ]])
    expect(decoded.skipped).toEqual([{ index: 2, reason: "no readable pick" }])
  })

  it("skips malformed items but keeps the rest", () => {
    const all = items(`predictions-${A}.json`)
    const decoded = page(A, {
      predictions: [
        { ...all[0], eventId: "abc" },
        { ...all[1], vote: "x".repeat(500) },
        { ...all[2], vote: null, votes: null },
        all[3],
        { ...all[4], eventId: -1 },
        { ...all[4], eventId: 2 ** 53 },
        { ...all[4], startDateTimestamp: 1_767_232_800_000 },
        { ...all[4], homeTeamName: { name: "x" } },
        { ...all[4], status: null },
        null
      ]
    })
    expect(decoded.predictions.map((p) => p.match.eventId)).toEqual([13900104])
    expect(decoded.skipped.map((s) => s.index)).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9])
    expect(decoded.skipped[0]?.reason).toBe("eventId invalid")
  })

  it("fails as a whole on a wrong envelope", () => {
    for (const bad of [{ predictions: "nope" }, { predictions: {} }, {}, "<html>", null, [[]]]) {
      expect(Either.isLeft(decodePredictionsPage(A, bad))).toBe(true)
    }
  })
})

describe("wire helpers", () => {
  it("computes decimal odds from decimalValue, else from the fraction, and nothing from the unreadable", () => {
    expect(oddsToDecimal({ decimalValue: "1.80", fractionalValue: "4/5" })).toBe(1.8)
    expect(oddsToDecimal({ fractionalValue: "11/20" })).toBe(1.55)
    expect(oddsToDecimal({ fractionalValue: "4/5", decimalValue: null })).toBe(1.8)
    expect(oddsToDecimal({ decimalValue: "garbage", fractionalValue: "4/5" })).toBe(1.8)
    expect(oddsToDecimal({ decimalValue: 2.5 })).toBe(2.5)
    expect(oddsToDecimal({ fractionalValue: "1/3" })).toBe(1.33)
    for (
      const bad of [
        null,
        undefined,
        "1.80",
        { fractionalValue: "1/0" },
        { fractionalValue: "0/5" },
        { fractionalValue: "-1/2" },
        { fractionalValue: 4 },
        { decimalValue: "0.5" },
        { decimalValue: "1.00" },
        { decimalValue: "1.001" },
        { decimalValue: "1e400" },
        { decimalValue: Infinity },
        {}
      ]
    ) expect(oddsToDecimal(bad)).toBeNull()
  })

  it("accepts only 24-hex and 1-15 digit ids, and routes each to its endpoint", () => {
    expect(isValidUserId(A)).toBe(true)
    expect(isValidUserId(C)).toBe(true)
    for (
      const bad of [
        "",
        "65F1C0A2B3D4E5F60718293A",
        `${A}0`,
        "../x",
        "1 OR 1=1",
        "1234567890123456",
        " 4471902",
        "4471902\n"
      ]
    ) {
      expect(isValidUserId(bad)).toBe(false)
    }
    expect(predictionsPath(A, 0)).toBe(`/user-account/${A}/predictions?page=0`)
    expect(predictionsPath(C, 2)).toBe(`/user/${C}/predictions?page=2`)
  })

  it("recognises an error envelope in a 200", () => {
    expect(errorEnvelopeCode({ error: { code: 403, reason: "challenge" } })).toBe(403)
    expect(errorEnvelopeCode({ error: { code: 404, reason: "Not Found" } })).toBe(404)
    expect(errorEnvelopeCode({ predictions: [] })).toBeUndefined()
    expect(errorEnvelopeCode({ error: "x" })).toBeUndefined()
    expect(errorEnvelopeCode({ error: { code: "403" } })).toBeUndefined()
    expect(errorEnvelopeCode(null)).toBeUndefined()
    expect(errorEnvelopeCode("<html>")).toBeUndefined()
  })

  it("rejects a 200 error envelope as a ranking or a predictions page", () => {
    const envelope = { error: { code: 403, reason: "challenge" } }
    expect(Either.isLeft(decodeVoteRanking(envelope))).toBe(true)
    expect(Either.isLeft(decodePredictionsPage(A, envelope))).toBe(true)
  })
})
