import { describe, expect, it } from "vitest"
import type { Match } from "../../src/domain/model.js"
import { isUnresolved, profitOf, settle, statusOf, unresolvedAfterMs } from "../../src/domain/settlement.js"

const match = (statusType: string, statusDescription = ""): Match => ({
  eventId: 1,
  homeTeam: "Home",
  awayTeam: "Away",
  sportSlug: "football",
  eventSlug: "home-away",
  customId: "Abc",
  startAt: 1_767_225_600_000,
  statusType,
  statusDescription
})

const tag = (m: Match, result?: "correct" | "wrong", winning?: boolean) => settle(m, result, winning)._tag

describe("settle", () => {
  const ended = match("finished", "Ended")

  it("settles a finished match by Sofascore's verdict, else by a winning flag", () => {
    expect(tag(ended, "correct")).toBe("Won")
    expect(tag(ended, "wrong")).toBe("Lost")
    // The verdict outranks the flag either way.
    expect(tag(ended, "wrong", true)).toBe("Lost")
    expect(tag(ended, "correct", false)).toBe("Won")
    expect(tag(ended, undefined, true)).toBe("Won")
  })

  it("leaves a finished match pending when nothing says how the pick went (winning defaults to false)", () => {
    expect(settle(ended, undefined, false)).toEqual({ _tag: "Pending" })
    expect(settle(ended, undefined, undefined)).toEqual({ _tag: "Pending" })
  })

  it("voids a canceled match, with its description as the reason", () => {
    expect(settle(match("canceled", "Canceled"), undefined, undefined)).toEqual({ _tag: "Void", reason: "canceled" })
    expect(settle(match("canceled"), "correct", true)).toEqual({ _tag: "Void", reason: "canceled" })
    expect(settle(match("canceled", "Abandoned"), undefined, undefined)).toEqual({ _tag: "Void", reason: "abandoned" })
  })

  it("voids an interrupted, suspended or unknown status whose description says it will not be played", () => {
    expect(settle(match("interrupted", "Abandoned"), undefined, undefined)).toEqual({
      _tag: "Void",
      reason: "abandoned"
    })
    expect(settle(match("suspended", "Match ABANDONED (rain)"), undefined, undefined)).toEqual({
      _tag: "Void",
      reason: "match abandoned (rain)"
    })
    expect(settle(match("somethingnew", "Removed"), undefined, undefined)).toEqual({ _tag: "Void", reason: "removed" })
    expect(settle(match("interrupted", "Cancelled"), undefined, undefined)).toEqual({
      _tag: "Void",
      reason: "cancelled"
    })
    expect(settle(match("finished", "Abandoned"), undefined, false)).toEqual({ _tag: "Void", reason: "abandoned" })
  })

  it("makes a hostile description a short single line", () => {
    const settled = settle(match("interrupted", `Abandoned\n<@everyone>${"x".repeat(500)}`), undefined, undefined)
    expect(settled._tag).toBe("Void")
    const reason = settled._tag === "Void" ? settled.reason : ""
    expect(reason.length).toBeLessThanOrEqual(60)
    expect(reason).not.toContain("\n")
  })

  it.each(["postponed", "notstarted", "inprogress", "interrupted", "suspended", "delayed", "willcontinue", "whatever"])(
    "keeps %s pending, whatever the verdict says",
    (status) => {
      expect(tag(match(status, "Interrupted"), "correct", true)).toBe("Pending")
      expect(tag(match(status), "wrong")).toBe("Pending")
    }
  )
})

describe("statusOf", () => {
  it("names each settlement as stored", () => {
    expect(
      [{ _tag: "Pending" }, { _tag: "Won" }, { _tag: "Lost" }, { _tag: "Void", reason: "x" }].map((s) =>
        statusOf(s as Parameters<typeof statusOf>[0])
      )
    ).toEqual(["pending", "won", "lost", "void"])
  })
})

describe("profitOf", () => {
  it("pays odds − 1 on a win, loses the stake on a loss, returns it on a void", () => {
    expect(profitOf("won", 2.2)).toBe(1.2)
    expect(profitOf("won", 1.8)).toBe(0.8)
    expect(profitOf("lost", 2.2)).toBe(-1)
    expect(profitOf("void", 2.2)).toBe(0)
  })

  it("has no profit without odds", () => {
    expect(profitOf("won", null)).toBeNull()
    expect(profitOf("lost", null)).toBeNull()
    expect(profitOf("void", null)).toBeNull()
  })
})

describe("isUnresolved", () => {
  const kickOff = 1_767_225_600_000
  it("is a pending pick more than seven days after kick-off, or after its alert when kick-off is unknown", () => {
    expect(unresolvedAfterMs).toBe(604_800_000)
    expect(isUnresolved(kickOff, kickOff - 3_600_000, kickOff + unresolvedAfterMs)).toBe(false)
    expect(isUnresolved(kickOff, kickOff - 3_600_000, kickOff + unresolvedAfterMs + 1)).toBe(true)
    expect(isUnresolved(null, kickOff, kickOff + unresolvedAfterMs)).toBe(false)
    expect(isUnresolved(null, kickOff, kickOff + unresolvedAfterMs + 1)).toBe(true)
  })
})
