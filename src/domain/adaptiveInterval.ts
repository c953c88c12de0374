// How long to wait between cycles, from London local time: predictors post most in the evening and
// least at night, so the monitor polls fast at peak and slowly overnight. London time is computed
// (domain/londonTime.ts), so the bands follow British Summer Time whatever the host's TZ.
import { londonWallClock } from "./londonTime.js"

export type Band = "peak" | "night" | "day"

/** Multipliers of the base interval, by band: [low, high). */
export const bandFactors: Readonly<Record<Band, readonly [number, number]>> = {
  peak: [0.7, 1.0],
  night: [2.0, 3.0],
  day: [0.9, 1.4]
}
export const weekendFactor = 0.85
export const floorSeconds = 180

/** 0 = Sunday, as in `Date.prototype.getDay`. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

export interface LondonClock {
  readonly hour: number
  readonly minute: number
  readonly weekday: Weekday
  readonly isWeekend: boolean
}

export const londonClock = (epochMs: number): LondonClock => {
  const { hour, minute, weekday } = londonWallClock(epochMs)
  return { hour, minute, weekday, isWeekend: weekday === 0 || weekday === 6 }
}

export const bandAt = (hour: number): Band => (hour >= 18 ? "peak" : hour < 7 ? "night" : "day")

export interface IntervalBounds {
  readonly band: Band
  readonly weekend: boolean
  readonly minSeconds: number
  readonly maxSeconds: number
}

export const intervalBounds = (epochMs: number, baseMinutes: number): IntervalBounds => {
  const clock = londonClock(epochMs)
  const band = bandAt(clock.hour)
  const [lo, hi] = bandFactors[band]
  const scale = baseMinutes * 60 * (clock.isWeekend ? weekendFactor : 1)
  return {
    band,
    weekend: clock.isWeekend,
    minSeconds: Math.max(floorSeconds, Math.round(scale * lo)),
    maxSeconds: Math.max(floorSeconds, Math.round(scale * hi))
  }
}

/** `u` is a uniform draw in [0, 1) supplied by the caller, so the function stays pure and seedable. */
export const adaptiveIntervalSeconds = (epochMs: number, baseMinutes: number, u: number): number => {
  const clock = londonClock(epochMs)
  const [lo, hi] = bandFactors[bandAt(clock.hour)]
  const seconds = baseMinutes * 60 * (lo + u * (hi - lo)) * (clock.isWeekend ? weekendFactor : 1)
  return Math.max(floorSeconds, Math.round(seconds))
}
