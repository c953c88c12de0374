import { describe, expect, it } from "vitest"
import { reportSlotAt } from "../../src/domain/reportSchedule.js"

const utc = (s: string) => Date.parse(s)

describe("reportSlotAt", () => {
  it("is 09:00 London on Mondays for weekly reports, in GMT and in BST", () => {
    // Wednesday 2 December 2026 (GMT): the slot is Monday 30 November 09:00 GMT.
    expect(reportSlotAt("weekly", utc("2026-12-02T12:00:00Z"))).toBe(utc("2026-11-30T09:00:00Z"))
    // Monday 30 November 08:59 GMT: still the Monday before.
    expect(reportSlotAt("weekly", utc("2026-11-30T08:59:00Z"))).toBe(utc("2026-11-23T09:00:00Z"))
    expect(reportSlotAt("weekly", utc("2026-11-30T09:00:00Z"))).toBe(utc("2026-11-30T09:00:00Z"))
    // In summer 09:00 London is 08:00 UTC.
    expect(reportSlotAt("weekly", utc("2026-07-08T12:00:00Z"))).toBe(utc("2026-07-06T08:00:00Z"))
  })

  it("follows the clocks going forward and back", () => {
    // Sunday 29 March 2026 the clocks go forward: Monday 30 March 09:00 BST is 08:00 UTC.
    expect(reportSlotAt("weekly", utc("2026-03-31T00:00:00Z"))).toBe(utc("2026-03-30T08:00:00Z"))
    // The Monday before was still GMT.
    expect(reportSlotAt("weekly", utc("2026-03-30T07:59:00Z"))).toBe(utc("2026-03-23T09:00:00Z"))
    // Sunday 25 October 2026 back: Monday 26 October 09:00 GMT.
    expect(reportSlotAt("weekly", utc("2026-10-26T10:00:00Z"))).toBe(utc("2026-10-26T09:00:00Z"))
  })

  it("is 09:00 London every day for daily reports, and nothing when off", () => {
    expect(reportSlotAt("daily", utc("2026-12-02T08:59:00Z"))).toBe(utc("2026-12-01T09:00:00Z"))
    expect(reportSlotAt("daily", utc("2026-12-02T09:00:00Z"))).toBe(utc("2026-12-02T09:00:00Z"))
    expect(reportSlotAt("daily", utc("2026-06-02T08:30:00Z"))).toBe(utc("2026-06-02T08:00:00Z"))
    expect(reportSlotAt("off", utc("2026-12-02T12:00:00Z"))).toBeUndefined()
  })
})
