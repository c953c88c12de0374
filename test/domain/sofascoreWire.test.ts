import * as Either from "effect/Either"
import * as NodeFs from "node:fs"
import { describe, expect, it } from "vitest"
import {
  decodePredictionsPage,
  decodeVoteRanking,
  errorEnvelopeCode,
  isValidUserId,
  oddsToDecimal,
  predictionsPath
} from "../../src/domain/sofascoreWire.js"

const read = (name: string): unknown => JSON.parse(NodeFs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"))
const A = "65f1c0a2b3d4e5f60718293a"
const B = "66a0b1c2d3e4f5061728394b"

const page = (userId: string, json: unknown) => Either.getOrThrow(decodePredictionsPage(userId, json))

describe("vote ranking", () => {
  const ranking = Either.getOrThrow(decodeVoteRanking(read("vote-ranking.json")))

  it("decodes all 25 rows of the fixture, digit strings and percentages included", () => {
    expect(ranking.skipped).toEqual([])
    expect(ranking.predictors).toHaveLength(25)
    expect(ranking.predictors[0]).toEqual({
      id: A,
      name: "NorthernLights",
      allTime: { total: 412, correct: 204, hitRatePct: 50, profitUnits: 52.76, avgCorrectOdds: 2.31 },
      current: { total: 41, correct: 23, hitRatePct: 56, profitUnits: 10.16, avgCorrectOdds: 2.28 }
    })
  })

  it("names a predictor by nickname, else slug, else id", () => {
    expect(ranking.predictors.find((p) => p.id === "65d4c3b2a1908f7e6d5c4b3a")?.name).toBe("65d4c3b2a1908f7e6d5c4b3a")
    const withSlug = Either.getOrThrow(decodeVoteRanking({
      ranking: [{ ...(read("vote-ranking.json") as { ranking: Array<object> }).ranking[0], nickname: null, slug: "northern" }]
    }))
    expect(withSlug.predictors[0]?.name).toBe("northern")
  })

  it("turns a legacy numeric id into its digits, and keeps null average odds as null", () => {
    expect(ranking.predictors.find((p) => p.name === "Oldtimer_77")?.id).toBe("4471902")
    expect(ranking.predictors.find((p) => p.name === "BrandNewTipster")?.allTime).toMatchObject({ total: 0, hitRatePct: 0, avgCorrectOdds: null })
  })

  it("skips rows with hostile ids or a wrong shape, keeping the others", () => {
    const good = (read("vote-ranking.json") as { ranking: Array<Record<string, unknown>> }).ranking[0]!
    const decoded = Either.getOrThrow(decodeVoteRanking({
      ranking: [
        { ...good, id: "../../etc/passwd" },
        { ...good, id: "123; DROP TABLE seen_bets" },
        { ...good, id: "65f1c0a2b3d4e5f60718293a0" },
        { ...good, id: 1.5 },
        { ...good, voteStatistics: null },
        "not an object",
        good
      ]
    }))
    expect(decoded.predictors.map((p) => p.id)).toEqual([A])
    expect(decoded.skipped.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5])
  })

  it("fails as a whole when the envelope is not the documented one", () => {
    expect(Either.isLeft(decodeVoteRanking({ ranking: {} }))).toBe(true)
    expect(Either.isLeft(decodeVoteRanking([]))).toBe(true)
    expect(Either.isLeft(decodeVoteRanking(null))).toBe(true)
  })
})

describe("predictions", () => {
  it("decodes user A: plain items, numeric `correct`, odds null", () => {
    const decoded = page(A, read(`predictions-${A}.json`))
    expect(decoded.skipped).toEqual([])
    expect(decoded.hasNextPage).toBe(false)
    expect(decoded.predictions).toHaveLength(7)
    expect(page(A, { predictions: [] }).hasNextPage).toBeUndefined()
    const first = decoded.predictions[0]!
    expect(first).toEqual({
      userId: A,
      market: "1",
      pick: "1",
      odds: 1.8,
      match: expect.objectContaining({ eventId: 13900101, homeTeam: "Northbridge FC", awayTeam: "Harbor City", startAt: 1_767_232_800_000, statusType: "notstarted", sportSlug: "football" })
    })
    expect(decoded.predictions.find((p) => p.match.eventId === 13900105)?.odds).toBeNull()
    expect(decoded.predictions.find((p) => p.match.eventId === 13900107)?.match.statusType).toBe("canceled")
  })

  it("decodes user B, whose items carry an id and a votes array", () => {
    const decoded = page(B, read(`predictions-${B}.json`))
    expect(decoded.predictions).toHaveLength(6)
    expect(decoded.predictions.every((p) => p.market === "1")).toBe(true)
    expect(decoded.predictions.find((p) => p.match.eventId === 13900101)).toMatchObject({ pick: "2", odds: 4.5 })
  })

  it("decodes legacy user C over two pages, `correct` as strings, odds from a fraction only", () => {
    const first = page("4471902", read("predictions-4471902.json"))
    expect(first.hasNextPage).toBe(true)
    expect(first.predictions.find((p) => p.match.eventId === 13900301)?.odds).toBe(1.55)
    expect(first.predictions.find((p) => p.match.eventId === 13900302)?.match.statusType).toBe("interrupted")
    const second = page("4471902", read("predictions-4471902.page1.json"))
    expect(second.hasNextPage).toBe(false)
    expect(second.predictions.map((p) => p.match.eventId)).toEqual([13900305, 13900306])
  })

  it("keeps unknown status types verbatim and ignores unknown keys", () => {
    const item = (read(`predictions-${A}.json`) as { predictions: Array<Record<string, unknown>> }).predictions[0]!
    const decoded = page(A, { predictions: [{ ...item, status: { code: 999, type: "abandoned" }, somethingNew: { deep: [1, 2] } }], extra: true })
    expect(decoded.predictions[0]?.match).toMatchObject({ statusType: "abandoned", statusDescription: "" })
  })

  it("reads each vote of a votes array as its own market", () => {
    const item = (read(`predictions-${A}.json`) as { predictions: Array<Record<string, unknown>> }).predictions[0]!
    const decoded = page(A, {
      predictions: [{ ...item, votes: [{ voteType: "1", vote: "1", odds: { decimalValue: "1.80" } }, { voteType: 5, vote: "yes", odds: { fractionalValue: "3/4" } }] }]
    })
    expect(decoded.predictions.map((p) => [p.market, p.pick, p.odds])).toEqual([["1", "1", 1.8], ["5", "yes", 1.75]])
  })

  it("skips a malformed item but keeps the rest, and fails on a wrong envelope", () => {
    const items = (read(`predictions-${A}.json`) as { predictions: Array<Record<string, unknown>> }).predictions
    const decoded = page(A, { predictions: [{ ...items[0], eventId: "abc" }, { ...items[1], vote: "x".repeat(500) }, { ...items[2], vote: null, votes: null }, items[3]] })
    expect(decoded.predictions.map((p) => p.match.eventId)).toEqual([13900104])
    expect(decoded.skipped.map((s) => s.index)).toEqual([0, 1, 2])
    expect(Either.isLeft(decodePredictionsPage(A, { predictions: "nope" }))).toBe(true)
    expect(Either.isLeft(decodePredictionsPage(A, "<html>"))).toBe(true)
  })
})

describe("wire helpers", () => {
  it("computes decimal odds from decimalValue, else from the fraction", () => {
    expect(oddsToDecimal({ decimalValue: "1.80", fractionalValue: "4/5" })).toBe(1.8)
    expect(oddsToDecimal({ fractionalValue: "11/20" })).toBe(1.55)
    expect(oddsToDecimal({ decimalValue: "garbage", fractionalValue: "4/5" })).toBe(1.8)
    expect(oddsToDecimal({ fractionalValue: "1/0" })).toBeNull()
    expect(oddsToDecimal({ decimalValue: "0.5" })).toBeNull()
    expect(oddsToDecimal(null)).toBeNull()
  })

  it("accepts only 24-hex and numeric ids, and routes each to its endpoint", () => {
    expect(isValidUserId(A)).toBe(true)
    expect(isValidUserId("4471902")).toBe(true)
    for (const bad of ["", "65F1C0A2B3D4E5F60718293A", "../x", "1 OR 1=1", "1234567890123456"]) expect(isValidUserId(bad)).toBe(false)
    expect(predictionsPath(A, 0)).toBe(`/user-account/${A}/predictions?page=0`)
    expect(predictionsPath("4471902", 2)).toBe("/user/4471902/predictions?page=2")
  })

  it("recognises an error envelope in a 200", () => {
    expect(errorEnvelopeCode({ error: { code: 403, reason: "challenge" } })).toBe(403)
    expect(errorEnvelopeCode({ predictions: [] })).toBeUndefined()
    expect(errorEnvelopeCode({ error: "x" })).toBeUndefined()
  })
})
