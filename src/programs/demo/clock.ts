// A clock that runs faster than the wall clock, for the demo: a simulated day passes in seconds.
// Every part of the program reads time from Effect's Clock, so swapping this one service is enough.
// While a cycle runs the clock stands still: at 3600× a cycle's 100 ms of real work would otherwise
// be six simulated minutes, and waiting for Discord hours.
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

export interface DemoClockShape {
  readonly clock: Clock.Clock
  /** Runs the effect with simulated time standing still. */
  readonly frozen: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export class DemoClock extends Context.Tag("sofascore-monitor/DemoClock")<DemoClock, DemoClockShape>() {}

export const acceleratedClock = (options: { readonly startAt: number; readonly speed: number }): DemoClockShape => {
  const live = Clock.make()
  // Simulated time is `simAt` plus the real time since `realAt`, sped up, except while frozen.
  let simAt = options.startAt
  let realAt = live.unsafeCurrentTimeMillis()
  let freezes = 0
  const now = () => freezes > 0 ? simAt : simAt + (live.unsafeCurrentTimeMillis() - realAt) * options.speed
  const freeze = Effect.sync(() => {
    if (freezes === 0) simAt = now()
    freezes += 1
  })
  const thaw = Effect.sync(() => {
    freezes -= 1
    if (freezes === 0) realAt = live.unsafeCurrentTimeMillis()
  })
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: () => BigInt(Math.floor(now() * 1_000_000)),
    currentTimeNanos: Effect.sync(() => BigInt(Math.floor(now() * 1_000_000))),
    sleep: (duration) => live.sleep(Duration.millis(Duration.toMillis(duration) / options.speed))
  }
  return { clock, frozen: (effect) => Effect.acquireUseRelease(freeze, () => effect, () => thaw) }
}
