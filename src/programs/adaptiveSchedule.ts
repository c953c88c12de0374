// The daemon's rhythm as a Schedule: after each cycle, wait out the adaptive interval of London time
// counted from the cycle's start. A cycle that took longer than its interval is followed at once.
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { adaptiveIntervalSeconds } from "../domain/adaptiveInterval.js"

/** What a cycle tells the schedule. */
export interface CycleTiming {
  readonly startedAt: number
  readonly endedAt: number
  /** While nobody is watched because discovery failed: the next attempt, which comes before the interval. */
  readonly retryDiscoveryAt?: number | undefined
}

export const adaptiveSchedule = (baseMinutes: number) =>
  Schedule.identity<CycleTiming>().pipe(
    Schedule.addDelayEffect((cycle) =>
      Effect.gen(function*() {
        const intervalSeconds = adaptiveIntervalSeconds(cycle.startedAt, baseMinutes, yield* Random.next)
        // From the cycle's own end rather than now: the same but for microseconds, except on the
        // demo's clock, which stands still during a cycle and runs again once it is over.
        const now = Math.min(cycle.endedAt, yield* Clock.currentTimeMillis)
        const tookMs = now - cycle.startedAt
        const untilInterval = Math.max(0, cycle.startedAt + intervalSeconds * 1000 - now)
        if (cycle.retryDiscoveryAt !== undefined && cycle.retryDiscoveryAt - now < untilInterval) {
          const retryMs = Math.max(0, cycle.retryDiscoveryAt - now)
          yield* Effect.logInfo(`Next discovery attempt in ${Math.round(retryMs / 1000)} seconds`)
          return Duration.millis(retryMs)
        }
        const waitMs = untilInterval
        if (waitMs === 0) {
          yield* Effect.logWarning(
            `Cycle took ${
              Math.round(tookMs / 1000)
            } seconds, longer than its ${intervalSeconds} second interval; starting the next at once`
          )
        }
        yield* Effect.logInfo(`Next poll in ${Math.round(waitMs / 1000)} seconds (adaptive interval)`)
        return Duration.millis(waitMs)
      })
    )
  )
