import { describe, expect, it } from "vitest"
import { classifyPrediction } from "../../src/domain/eventWindow.js"
import type { Match } from "../../src/domain/model.js"

const now = 1_767_225_600_000
const minute = 60_000
const window = { lookaheadMs: 24 * 60 * minute, graceMs: 5 * minute }
const match = (offsetMs: number, statusType: string): Match => ({
  eventId: 1,
  homeTeam: "H",
  awayTeam: "A",
  sportSlug: null,
  eventSlug: null,
  customId: null,
  startAt: now + offsetMs,
  statusType,
  statusDescription: ""
})
const verdict = (offsetMs: number, statusType = "notstarted") =>
  classifyPrediction(match(offsetMs, statusType), now, window)

describe("classifyPrediction", () => {
  it("alerts a match that has not started and kicks off within the lookahead", () => {
    expect(verdict(2 * 60 * minute)).toBe("alert")
    expect(verdict(24 * 60 * minute)).toBe("alert")
    expect(verdict(0)).toBe("alert")
  })

  it("leaves a match beyond the lookahead for later", () => {
    expect(verdict(24 * 60 * minute + 1)).toBe("later")
    expect(verdict(26 * 60 * minute)).toBe("later")
  })

  it("alerts a match that kicked off within the grace period, and only records it after", () => {
    expect(verdict(-3 * minute, "inprogress")).toBe("alert")
    expect(verdict(-5 * minute + 1, "inprogress")).toBe("alert")
    expect(verdict(-5 * minute, "inprogress")).toBe("record")
    expect(verdict(-70 * minute, "inprogress")).toBe("record")
    // Still "not started" long after kick-off: a stale tip.
    expect(verdict(-4 * minute)).toBe("alert")
    expect(verdict(-5 * minute)).toBe("alert")
    expect(verdict(-5 * minute - 1)).toBe("record")
    expect(verdict(-6 * minute)).toBe("record")
  })

  it("alerts a live match whose listed kick-off is still ahead (status ran ahead of the clock)", () => {
    expect(verdict(0, "inprogress")).toBe("alert")
    expect(verdict(2 * minute, "inprogress")).toBe("alert")
  })

  it("ignores the lookahead for states other than notstarted", () => {
    expect(verdict(48 * 60 * minute, "postponed")).toBe("record")
    expect(verdict(48 * 60 * minute, "canceled")).toBe("record")
  })

  it("only records finished, canceled, postponed, interrupted and unknown states", () => {
    for (
      const status of [
        "finished",
        "canceled",
        "postponed",
        "interrupted",
        "suspended",
        "delayed",
        "willcontinue",
        "preliminary",
        "abandoned",
        "NotStarted",
        ""
      ]
    ) {
      expect([status, verdict(60 * minute, status)]).toEqual([status, "record"])
      expect([status, verdict(-minute, status)]).toEqual([status, "record"])
    }
  })
})
