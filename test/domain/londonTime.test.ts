import { describe, expect, it } from "vitest"
import { formatLondonTime } from "../../src/domain/alertText.js"
import { isBritishSummerTime, londonWallClock } from "../../src/domain/londonTime.js"

// The computed rule against ICU's zone data, which the program no longer loads (see londonTime.ts).
const icu = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  weekday: "short",
  hour: "numeric",
  minute: "numeric",
  timeZoneName: "short"
})
const weekdays: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const fromIcu = (epochMs: number) => {
  const parts = Object.fromEntries(icu.formatToParts(epochMs).map((p) => [p.type, p.value]))
  return {
    year: Number(parts["year"]),
    month: Number(parts["month"]),
    day: Number(parts["day"]),
    weekday: weekdays[parts["weekday"]!],
    hour: Number(parts["hour"]) % 24,
    minute: Number(parts["minute"]),
    zone: parts["timeZoneName"] === "GMT" ? "GMT" : "BST"
  }
}

const hour = 3_600_000

describe("London's wall clock", () => {
  it("agrees with ICU every 7 h 13 min from 1996 to 2040", () => {
    const mismatches: Array<number> = []
    for (let t = Date.UTC(1996, 0, 1); t < Date.UTC(2040, 0, 1); t += 433 * 60_000) {
      const ours = londonWallClock(t)
      const theirs = fromIcu(t)
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(t)
    }
    expect(mismatches.map((t) => new Date(t).toISOString()).slice(0, 5)).toEqual([])
  })

  it("changes at 01:00 UTC on the last Sunday of March and of October, to the minute", () => {
    for (let year = 2000; year < 2040; year++) {
      for (const month of [2, 9]) {
        const lastDay = new Date(Date.UTC(year, month + 1, 0))
        const change = Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1)
        for (let t = change - 2 * hour; t <= change + 2 * hour; t += 60_000) {
          expect(londonWallClock(t)).toEqual(fromIcu(t))
        }
        expect(isBritishSummerTime(change - 1)).toBe(month === 9)
        expect(isBritishSummerTime(change)).toBe(month === 2)
      }
    }
  })

  it("spells a kick-off as the alerts show it", () => {
    expect(formatLondonTime(Date.UTC(2026, 0, 1, 2, 0))).toBe("Thu 1 Jan 02:00 GMT")
    expect(formatLondonTime(Date.UTC(2026, 6, 2, 18, 45))).toBe("Thu 2 Jul 19:45 BST")
    // Midnight in summer is the next London day.
    expect(formatLondonTime(Date.UTC(2026, 6, 14, 23, 0))).toBe("Wed 15 Jul 00:00 BST")
    expect(formatLondonTime(Number.NaN)).toBe("unknown time")
  })
})
