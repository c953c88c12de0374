import { describe, expect, it } from "vitest"
import { trackOdds } from "../../src/domain/lineMovement.js"

describe("trackOdds", () => {
  it("starts tracking at the first odds, and does not track without odds", () => {
    expect(trackOdds(undefined, 2.0, 15)).toEqual({ next: { baseline: 2.0, current: 2.0 }, move: undefined })
    expect(trackOdds(undefined, null, 15)).toEqual({ next: undefined, move: undefined })
    const track = { baseline: 2.0, current: 2.1 }
    expect(trackOdds(track, null, 15)).toEqual({ next: track, move: undefined })
  })

  it("lets wobbles below the threshold pass silently, keeping the baseline", () => {
    expect(trackOdds({ baseline: 2.0, current: 2.0 }, 2.2, 15)).toEqual({
      next: { baseline: 2.0, current: 2.2 },
      move: undefined
    })
    expect(trackOdds({ baseline: 2.0, current: 2.2 }, 1.8, 15)).toEqual({
      next: { baseline: 2.0, current: 1.8 },
      move: undefined
    })
  })

  it("does not count an exact 15 % move, and counts anything more", () => {
    expect(trackOdds({ baseline: 2.0, current: 2.0 }, 2.3, 15).move).toBeUndefined()
    expect(trackOdds({ baseline: 2.0, current: 2.0 }, 1.7, 15).move).toBeUndefined()
    expect(trackOdds({ baseline: 2.0, current: 2.0 }, 2.31, 15).move).toEqual({ from: 2.0, to: 2.31, changePct: 15.5 })
    expect(trackOdds({ baseline: 2.0, current: 2.0 }, 1.69, 15).move).toEqual({ from: 2.0, to: 1.69, changePct: -15.5 })
    // Exact moves whose floating-point percentage lands just above the threshold.
    expect(trackOdds({ baseline: 1.4, current: 1.4 }, 1.61, 15)).toEqual({
      next: { baseline: 1.4, current: 1.61 },
      move: undefined
    })
    expect(trackOdds({ baseline: 1.2, current: 1.2 }, 1.32, 10).move).toBeUndefined()
    expect(trackOdds({ baseline: 1.2, current: 1.2 }, 1.33, 10).move).toEqual({ from: 1.2, to: 1.33, changePct: 10.83 })
  })

  it("alerts a drift that adds up past the threshold once, then measures from the new baseline", () => {
    let track = { baseline: 2.0, current: 2.0 }
    const moves: Array<number> = []
    for (const odds of [2.1, 2.2, 2.25, 2.35, 2.4, 2.45]) {
      const r = trackOdds(track, odds, 15)
      if (r.move) moves.push(r.move.to)
      track = r.next!
    }
    expect(moves).toEqual([2.35])
    expect(track).toEqual({ baseline: 2.35, current: 2.45 })
  })

  it("alerts a shortening drift once, then measures from the new baseline", () => {
    let track = { baseline: 3.0, current: 3.0 }
    const moves: Array<number> = []
    for (const odds of [2.9, 2.75, 2.6, 2.5, 2.4, 2.3]) {
      const r = trackOdds(track, odds, 15)
      if (r.move) moves.push(r.move.changePct)
      track = r.next!
    }
    expect(moves).toEqual([-16.67])
    expect(track).toEqual({ baseline: 2.5, current: 2.3 })
  })

  it("restarts from the new odds when a stored baseline is unusable", () => {
    expect(trackOdds({ baseline: 0, current: 0 }, 2.0, 15)).toEqual({
      next: { baseline: 2.0, current: 2.0 },
      move: undefined
    })
  })

  it("reports shortening odds as a negative change", () => {
    expect(trackOdds({ baseline: 3.0, current: 3.0 }, 2.4, 15)).toEqual({
      next: { baseline: 2.4, current: 2.4 },
      move: { from: 3.0, to: 2.4, changePct: -20 }
    })
  })
})
