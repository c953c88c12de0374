import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { evaluatePredictor, selectWatched, yieldPct } from "../../src/domain/filters.js"
import type { Predictor, PredictorStats } from "../../src/domain/model.js"
import { decodeVoteRanking } from "../../src/domain/sofascoreWire.js"
import { readFixture } from "../support/fixtures.js"

const read = (name: string): unknown => readFixture(name)

interface ExpectedRow {
  readonly id: string
  readonly yieldPct: number
  readonly avgCorrectOdds: number | null
  readonly pass: boolean
  readonly failedFilters: ReadonlyArray<string>
}
const expected = read("expected-filter-results.json") as {
  config: { minRoiPct: number; minAvgOdds: number; minTotalBets: number; topLimit: number }
  rows: ReadonlyArray<ExpectedRow>
}
const ranking = Either.getOrThrow(decodeVoteRanking(read("vote-ranking.json"))).predictors
const criteria = {
  minRoiPct: expected.config.minRoiPct,
  minAvgOdds: expected.config.minAvgOdds,
  minTotalBets: expected.config.minTotalBets
}
const byName = (name: string): Predictor => ranking.find((p) => p.name === name)!

const predictor = (allTime: Partial<PredictorStats>): Predictor => {
  const stats: PredictorStats = { total: 10, correct: 5, hitRatePct: 50, profitUnits: 1, avgCorrectOdds: 2, ...allTime }
  return { id: "65f1c0a2b3d4e5f60718293a", name: "x", allTime: stats, current: stats }
}

describe("filters against the fixtures", () => {
  it("decide every row as the expected results say", () => {
    expect(ranking.map((p) => p.id)).toEqual(expected.rows.map((r) => r.id))
    for (const [i, row] of expected.rows.entries()) {
      const evaluation = evaluatePredictor(ranking[i]!, criteria)
      expect({ id: row.id, pass: evaluation.pass, failed: [...evaluation.failed].sort() })
        .toEqual({ id: row.id, pass: row.pass, failed: [...row.failedFilters].sort() })
      expect(evaluation.yieldPct).toBeCloseTo(row.yieldPct, 2)
      expect(evaluation.avgOdds).toBe(row.avgCorrectOdds ?? 0)
    }
    expect(expected.rows.filter((r) => r.pass)).toHaveLength(11)
  })

  it("watch the first ten passing rows in list order, leaving SlumpSeason, the eleventh, out", () => {
    const watched = selectWatched(ranking, criteria, expected.config.topLimit).map((p) => p.id)
    const passing = expected.rows.filter((r) => r.pass).map((r) => r.id)
    expect(watched).toEqual(passing.slice(0, 10))
    expect(watched).not.toContain("6655667788990011aabbccdd")
    expect(selectWatched(ranking, criteria, 100).map((p) => p.id)).toEqual(passing)
    expect(selectWatched(ranking, criteria, 0)).toEqual([])
  })

  it("use the reference yield (roi / total), under which SelectiveSignal fails", () => {
    const selective = byName("SelectiveSignal")
    expect(yieldPct(selective.allTime)).toBeCloseTo(4.17, 2)
    expect(evaluatePredictor(selective, criteria).failed).toEqual(["roi"])
  })

  it("pass EdgeCase10, which sits exactly on every threshold", () => {
    expect(evaluatePredictor(byName("EdgeCase10"), criteria)).toEqual({
      pass: true,
      failed: [],
      yieldPct: 5,
      avgOdds: 1.5,
      total: 10
    })
  })

  it("count a predictor with no predictions as 0 % yield and no average odds as 0", () => {
    const newcomer = byName("BrandNewTipster")
    expect(yieldPct(newcomer.allTime)).toBe(0)
    expect(evaluatePredictor(newcomer, criteria)).toMatchObject({ pass: false, avgOdds: 0, total: 0 })
    expect([...evaluatePredictor(newcomer, criteria).failed].sort()).toEqual(["avgOdds", "roi", "totalBets"])
  })
})

describe("filters on the threshold", () => {
  it("treat a yield that floating point puts just below the threshold as on it", () => {
    // 0.7 / 10 × 100 is 6.999999999999999 in binary floating point.
    const onSeven = predictor({ total: 10, profitUnits: 0.7 })
    expect(yieldPct(onSeven.allTime)).toBeLessThan(7)
    expect(evaluatePredictor(onSeven, { minRoiPct: 7, minAvgOdds: 1.5, minTotalBets: 10 }).pass).toBe(true)
  })

  it("still fail a yield one hundredth of a unit below the threshold", () => {
    const below = predictor({ total: 10, profitUnits: 0.69 })
    expect(evaluatePredictor(below, { minRoiPct: 7, minAvgOdds: 1.5, minTotalBets: 10 }).failed).toEqual(["roi"])
    const oddsBelow = predictor({ avgCorrectOdds: 1.49 })
    expect(evaluatePredictor(oddsBelow, { minRoiPct: 0, minAvgOdds: 1.5, minTotalBets: 10 }).failed).toEqual([
      "avgOdds"
    ])
    const fewBets = predictor({ total: 9, profitUnits: 1 })
    expect(evaluatePredictor(fewBets, { minRoiPct: 0, minAvgOdds: 1.5, minTotalBets: 10 }).failed).toEqual([
      "totalBets"
    ])
  })
})
