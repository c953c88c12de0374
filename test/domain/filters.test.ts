import * as Either from "effect/Either"
import * as NodeFs from "node:fs"
import { describe, expect, it } from "vitest"
import { evaluatePredictor, selectWatched, yieldPct } from "../../src/domain/filters.js"
import { decodeVoteRanking } from "../../src/domain/sofascoreWire.js"

const read = (name: string): unknown => JSON.parse(NodeFs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"))

interface ExpectedRow {
  readonly id: string
  readonly yieldPct: number
  readonly avgCorrectOdds: number | null
  readonly pass: boolean
  readonly failedFilters: ReadonlyArray<string>
}
const expected = read("expected-filter-results.json") as { config: { minRoiPct: number; minAvgOdds: number; minTotalBets: number; topLimit: number }; rows: ReadonlyArray<ExpectedRow> }
const ranking = Either.getOrThrow(decodeVoteRanking(read("vote-ranking.json"))).predictors
const criteria = { minRoiPct: expected.config.minRoiPct, minAvgOdds: expected.config.minAvgOdds, minTotalBets: expected.config.minTotalBets }

describe("filters against the fixtures", () => {
  it("decide every row as the expected results say", () => {
    expect(ranking.map((p) => p.id)).toEqual(expected.rows.map((r) => r.id))
    for (const [i, row] of expected.rows.entries()) {
      const evaluation = evaluatePredictor(ranking[i]!, criteria)
      expect({ id: row.id, pass: evaluation.pass, failed: [...evaluation.failed].sort() }).toEqual({ id: row.id, pass: row.pass, failed: [...row.failedFilters].sort() })
      expect(evaluation.yieldPct).toBeCloseTo(row.yieldPct, 2)
      expect(evaluation.avgOdds).toBe(row.avgCorrectOdds ?? 0)
    }
  })

  it("watch the first ten passing rows in list order, leaving the eleventh out", () => {
    const watched = selectWatched(ranking, criteria, expected.config.topLimit).map((p) => p.id)
    const passing = expected.rows.filter((r) => r.pass).map((r) => r.id)
    expect(watched).toEqual(passing.slice(0, 10))
    expect(watched).not.toContain("6655667788990011aabbccdd")
    expect(selectWatched(ranking, criteria, 100)).toHaveLength(11)
  })

  it("use the reference yield (roi / total), under which SelectiveSignal fails and EdgeCase10 passes", () => {
    const selective = ranking.find((p) => p.name === "SelectiveSignal")!
    expect(yieldPct(selective.allTime)).toBeCloseTo(4.17, 2)
    expect(evaluatePredictor(selective, criteria).failed).toEqual(["roi"])
    const edge = ranking.find((p) => p.name === "EdgeCase10")!
    expect(evaluatePredictor(edge, criteria)).toMatchObject({ pass: true, total: 10, avgOdds: 1.5 })
  })

  it("count a predictor with no predictions as 0 % yield", () => {
    const newcomer = ranking.find((p) => p.name === "BrandNewTipster")!
    expect(yieldPct(newcomer.allTime)).toBe(0)
    expect([...evaluatePredictor(newcomer, criteria).failed].sort()).toEqual(["avgOdds", "roi", "totalBets"])
  })
})
