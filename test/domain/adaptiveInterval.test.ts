import { describe, expect, it } from "vitest"
import {
  adaptiveIntervalSeconds,
  bandFactors,
  floorSeconds,
  intervalBounds,
  londonClock,
  weekendFactor
} from "../../src/domain/adaptiveInterval.js"

// 2026-11-30 is a Monday; November is GMT, so UTC and London agree.
const mondayUtc = (h: number, m = 0) => Date.UTC(2026, 10, 30, h, m)
const B = 5

describe("adaptive interval", () => {
  it("reads London local time whatever the host's TZ", () => {
    expect(londonClock(mondayUtc(18, 30))).toEqual({ hour: 18, minute: 30, weekday: 1, isWeekend: false })
    // Summer: 17:30 UTC is 18:30 BST.
    expect(londonClock(Date.UTC(2026, 6, 15, 17, 30))).toMatchObject({ hour: 18, minute: 30 })
  })

  it("does not depend on the process TZ: London time is computed from UTC", () => {
    const saved = process.env.TZ
    try {
      for (const [tz, hostHour] of [["America/New_York", 13], ["Asia/Tokyo", 2], ["UTC", 17]] as const) {
        // Node re-reads TZ on assignment, so Date's local-time methods now disagree with London.
        process.env.TZ = tz
        expect(new Date(Date.UTC(2026, 6, 15, 17, 30)).getHours()).toBe(hostHour)
        expect(londonClock(Date.UTC(2026, 6, 15, 17, 30))).toEqual({
          hour: 18,
          minute: 30,
          weekday: 3,
          isWeekend: false
        })
        expect(londonClock(mondayUtc(0, 0))).toEqual({ hour: 0, minute: 0, weekday: 1, isWeekend: false })
        expect(intervalBounds(Date.UTC(2026, 2, 29, 17, 30), B).band).toBe("peak")
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it("reads midnight as hour 0, never 24", () => {
    expect(londonClock(mondayUtc(0, 0)).hour).toBe(0)
    expect(londonClock(Date.UTC(2026, 6, 14, 23, 0))).toMatchObject({ hour: 0, minute: 0, weekday: 3 }) // 00:00 BST
  })

  it("exports the table it uses", () => {
    expect(bandFactors).toEqual({ peak: [0.7, 1.0], night: [2.0, 3.0], day: [0.9, 1.4] })
    expect(weekendFactor).toBe(0.85)
    expect(floorSeconds).toBe(180)
  })

  it("has the three bands at their edges, with B = 5", () => {
    expect(intervalBounds(mondayUtc(6, 59), B)).toEqual({
      band: "night",
      weekend: false,
      minSeconds: 600,
      maxSeconds: 900
    })
    expect(intervalBounds(mondayUtc(7, 0), B)).toEqual({
      band: "day",
      weekend: false,
      minSeconds: 270,
      maxSeconds: 420
    })
    expect(intervalBounds(mondayUtc(17, 59), B)).toMatchObject({ band: "day" })
    expect(intervalBounds(mondayUtc(18, 0), B)).toEqual({
      band: "peak",
      weekend: false,
      minSeconds: 210,
      maxSeconds: 300
    })
    expect(intervalBounds(mondayUtc(23, 59), B)).toMatchObject({ band: "peak" })
    expect(intervalBounds(mondayUtc(0, 0), B)).toMatchObject({ band: "night" })
    // The same edges through the draw, not just the bounds.
    expect(adaptiveIntervalSeconds(mondayUtc(6, 59), B, 0)).toBe(600)
    expect(adaptiveIntervalSeconds(mondayUtc(7, 0), B, 0)).toBe(270)
    expect(adaptiveIntervalSeconds(mondayUtc(17, 59), B, 0)).toBe(270)
    expect(adaptiveIntervalSeconds(mondayUtc(18, 0), B, 0)).toBe(210)
    expect(adaptiveIntervalSeconds(mondayUtc(23, 59), B, 0)).toBe(210)
    expect(adaptiveIntervalSeconds(Date.UTC(2026, 11, 1, 0, 0), B, 0)).toBe(600)
  })

  it("crosses from Sunday peak into Monday night at midnight, dropping the weekend factor", () => {
    // 2026-11-29 is a Sunday.
    expect(intervalBounds(Date.UTC(2026, 10, 29, 23, 59), B)).toEqual({
      band: "peak",
      weekend: true,
      minSeconds: 180,
      maxSeconds: 255
    })
    expect(intervalBounds(mondayUtc(0, 0), B)).toEqual({
      band: "night",
      weekend: false,
      minSeconds: 600,
      maxSeconds: 900
    })
    // And Friday night into Saturday.
    expect(intervalBounds(Date.UTC(2026, 10, 27, 23, 59), B)).toEqual({
      band: "peak",
      weekend: false,
      minSeconds: 210,
      maxSeconds: 300
    })
    expect(intervalBounds(Date.UTC(2026, 10, 28, 0, 0), B)).toEqual({
      band: "night",
      weekend: true,
      minSeconds: 510,
      maxSeconds: 765
    })
  })

  it("draws within the band: u = 0 gives the low end, u → 1 the high end", () => {
    expect(adaptiveIntervalSeconds(mondayUtc(20), B, 0)).toBe(210)
    expect(adaptiveIntervalSeconds(mondayUtc(20), B, 0.999999)).toBe(300)
    expect(adaptiveIntervalSeconds(mondayUtc(3), B, 0)).toBe(600)
    expect(adaptiveIntervalSeconds(mondayUtc(3), B, 0.999999)).toBe(900)
    expect(adaptiveIntervalSeconds(mondayUtc(12), B, 0)).toBe(270)
    expect(adaptiveIntervalSeconds(mondayUtc(12), B, 0.5)).toBe(345)
    expect(adaptiveIntervalSeconds(mondayUtc(12), B, 0.999999)).toBe(420)
  })

  it("is 15 % faster on Saturday and on Sunday, not on Friday or Monday", () => {
    const saturday = Date.UTC(2026, 10, 28, 12)
    const sunday = Date.UTC(2026, 10, 29, 12)
    const friday = Date.UTC(2026, 10, 27, 12)
    expect(intervalBounds(saturday, B)).toEqual({ band: "day", weekend: true, minSeconds: 230, maxSeconds: 357 })
    expect(intervalBounds(sunday, B)).toEqual({ band: "day", weekend: true, minSeconds: 230, maxSeconds: 357 })
    expect(intervalBounds(friday, B)).toEqual({ band: "day", weekend: false, minSeconds: 270, maxSeconds: 420 })
    expect(intervalBounds(mondayUtc(12), B).weekend).toBe(false)
    expect(adaptiveIntervalSeconds(sunday, B, 0)).toBe(230)
    expect(adaptiveIntervalSeconds(saturday, B, 0.999999)).toBe(357)
    expect(adaptiveIntervalSeconds(friday, B, 0)).toBe(270)
  })

  it("never goes below 180 seconds", () => {
    // Weekend peak: 5 × 60 × 0.7 × 0.85 = 178.5 s.
    const saturdayEvening = Date.UTC(2026, 10, 28, 19)
    expect(adaptiveIntervalSeconds(saturdayEvening, B, 0)).toBe(floorSeconds)
    expect(intervalBounds(saturdayEvening, B)).toEqual({
      band: "peak",
      weekend: true,
      minSeconds: 180,
      maxSeconds: 255
    })
    expect(adaptiveIntervalSeconds(saturdayEvening, B, 0.999999)).toBe(255)
    expect(adaptiveIntervalSeconds(mondayUtc(20), 1, 0.5)).toBe(180)
    for (let u = 0; u < 1; u += 0.05) expect(adaptiveIntervalSeconds(saturdayEvening, B, u)).toBeGreaterThanOrEqual(180)
  })

  it("follows the clocks going forward on the last Sunday of March", () => {
    // 2026-03-29: 01:00 UTC becomes 02:00 BST.
    expect(intervalBounds(Date.UTC(2026, 2, 29, 0, 30), B).band).toBe("night") // 00:30 GMT
    expect(londonClock(Date.UTC(2026, 2, 29, 1, 30)).hour).toBe(2) // 02:30 BST
    expect(intervalBounds(Date.UTC(2026, 2, 29, 6, 30), B).band).toBe("day") // 07:30 BST
    expect(intervalBounds(Date.UTC(2026, 2, 28, 6, 30), B).band).toBe("night") // the day before: 06:30 GMT
    expect(intervalBounds(Date.UTC(2026, 2, 29, 17, 30), B)).toMatchObject({ band: "peak", weekend: true }) // 18:30 BST
  })

  it("follows the clocks going back on the last Sunday of October", () => {
    // 2026-10-25: 01:00 UTC (02:00 BST) becomes 01:00 GMT.
    expect(intervalBounds(Date.UTC(2026, 9, 24, 17, 30), B).band).toBe("peak") // Saturday 18:30 BST
    expect(intervalBounds(Date.UTC(2026, 9, 25, 17, 30), B).band).toBe("day") // Sunday 17:30 GMT
    expect(londonClock(Date.UTC(2026, 9, 25, 0, 30)).hour).toBe(1) // 01:30 BST
    expect(londonClock(Date.UTC(2026, 9, 25, 1, 30)).hour).toBe(1) // 01:30 GMT, the hour again
    expect(intervalBounds(Date.UTC(2026, 9, 25, 6, 30), B).band).toBe("night") // 06:30 GMT
    expect(intervalBounds(Date.UTC(2026, 9, 24, 6, 30), B).band).toBe("day") // Saturday 07:30 BST
  })
})
