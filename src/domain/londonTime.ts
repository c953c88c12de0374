// London's wall clock, computed rather than asked of Intl: a London Intl.DateTimeFormat makes V8 load
// ICU's zone and locale data, about 8 MB of resident memory that the daemon would hold for good. The
// rule is the UK's since 1996 (the EU's): British Summer Time, UTC+1, from 01:00 UTC on the last
// Sunday of March to 01:00 UTC on the last Sunday of October; GMT otherwise. A change of that law
// means a change here; test/londonTime.test.ts checks the rule against ICU's zone data.

const hourMs = 3_600_000

export interface LondonWallClock {
  readonly year: number
  /** 1–12. */
  readonly month: number
  readonly day: number
  /** 0 = Sunday, as in `Date.prototype.getDay`. */
  readonly weekday: 0 | 1 | 2 | 3 | 4 | 5 | 6
  readonly hour: number
  readonly minute: number
  readonly zone: "GMT" | "BST"
}

/** 01:00 UTC on the last Sunday of `month` (0-based) in `year`. */
const lastSundayAt1Utc = (year: number, month: number): number => {
  const lastDay = new Date(Date.UTC(year, month + 1, 0))
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1)
}

/** Whether British Summer Time is in force at the instant. */
export const isBritishSummerTime = (epochMs: number): boolean => {
  const year = new Date(epochMs).getUTCFullYear()
  return epochMs >= lastSundayAt1Utc(year, 2) && epochMs < lastSundayAt1Utc(year, 9)
}

/** The date and time on a London clock at the instant. */
export const londonWallClock = (epochMs: number): LondonWallClock => {
  const summer = isBritishSummerTime(epochMs)
  const local = new Date(epochMs + (summer ? hourMs : 0))
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay() as LondonWallClock["weekday"],
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    zone: summer ? "BST" : "GMT"
  }
}

export const weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const
export const monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const

/** "19:05". */
export const hourMinute = (clock: LondonWallClock): string =>
  `${String(clock.hour).padStart(2, "0")}:${String(clock.minute).padStart(2, "0")}`
