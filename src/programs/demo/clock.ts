// A clock that runs faster than the wall clock, for the demo: a simulated day passes in seconds.
// Every part of the program reads time from Effect's Clock, so swapping this one service is enough.
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

export const acceleratedClock = (options: { readonly startAt: number; readonly speed: number }): Clock.Clock => {
  const live = Clock.make()
  const realStart = live.unsafeCurrentTimeMillis()
  const now = () => options.startAt + (live.unsafeCurrentTimeMillis() - realStart) * options.speed
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: () => BigInt(Math.floor(now() * 1_000_000)),
    currentTimeNanos: Effect.sync(() => BigInt(Math.floor(now() * 1_000_000))),
    sleep: (duration) => live.sleep(Duration.millis(Duration.toMillis(duration) / options.speed))
  }
}
