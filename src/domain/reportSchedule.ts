// When the results report is due: at 09:00 London time every day, or on Mondays, whatever the host's
// time zone and across the clock changes. A slot is identified by its start (epoch ms); the daemon
// posts once per slot and remembers the last one, so a restart never posts twice.
import { londonWallClock } from "./londonTime.js"

export type ReportSchedule = "off" | "daily" | "weekly"

const hourOfReport = 9
const dayMs = 86_400_000

/** The instant it is `hour`:00 in London on that calendar day (GMT or BST, as the day has it). */
const londonTime = (year: number, month: number, day: number, hour: number): number => {
  const asUtc = Date.UTC(year, month - 1, day, hour)
  // London is UTC or UTC+1: correct the guess by the hour London shows for it.
  const shown = londonWallClock(asUtc)
  const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute)
  return asUtc - (shownUtc - asUtc)
}

/** The start of the latest slot at or before `now`; undefined when reports are off. */
export const reportSlotAt = (schedule: ReportSchedule, now: number): number | undefined => {
  if (schedule === "off") return undefined
  const today = londonWallClock(now)
  const daysBack = schedule === "daily" ? 0 : (today.weekday + 6) % 7
  let slot = londonTime(today.year, today.month, today.day - daysBack, hourOfReport)
  if (slot > now) {
    const earlier = londonWallClock(slot - (schedule === "daily" ? 1 : 7) * dayMs)
    slot = londonTime(earlier.year, earlier.month, earlier.day, hourOfReport)
  }
  return slot
}

/** The period a report at `slot` covers: the day or the week before it. */
export const reportPeriodStart = (schedule: Exclude<ReportSchedule, "off">, slot: number): number =>
  slot - (schedule === "daily" ? 1 : 7) * dayMs
