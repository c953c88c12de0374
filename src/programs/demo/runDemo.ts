// `demo`: the real daemon, offline, on a fast clock, against the built-in simulated Sofascore (its
// world is wired by the command table: layers/DemoLayers.ts). A closing summary says what happened,
// counted from the cycles' own reports.
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { Storage } from "../../services/Storage.js"
import { daemon } from "../run.js"
import { DemoClock } from "./clock.js"

export interface DemoOptions {
  /** Simulated hours to run. */
  readonly hours: number
  /** Simulated seconds per real second. */
  readonly speed: number
}

export const runDemo = (options: DemoOptions) =>
  Effect.gen(function*() {
    yield* Console.log(
      `Demo: ${options.hours} simulated hours at ${options.speed}× speed against a built-in simulated Sofascore (no network needed).\n`
    )
    const totals = { cycles: 0, digests: 0, newAlerts: 0, lineMoves: 0, delivered: 0 }
    const run = daemon({
      aroundCycle: (yield* DemoClock).frozen,
      onCycle: (report) =>
        Effect.sync(() => {
          totals.cycles += 1
          totals.digests += report.digests
          totals.newAlerts += report.newAlerts
          totals.lineMoves += report.lineMoves
          totals.delivered += report.delivery?.delivered ?? 0
        })
    })
    // Until the simulated clock has passed the hours: a plain sleep would end after hours / speed of
    // real time, and the clock stands still during cycles, so a busy machine would see fewer hours.
    const end = (yield* Clock.currentTimeMillis) + Duration.toMillis(Duration.hours(options.hours))
    const untilEnd: Effect.Effect<void> = Effect.flatMap(Clock.currentTimeMillis, (now) =>
      now >= end
        ? Effect.void
        : Effect.zipRight(
          Effect.sleep(Duration.millis(end - now)),
          Effect.suspend(() => untilEnd)
        ))
    yield* Effect.raceFirst(run, untilEnd)
    const seen = (yield* (yield* Storage).stats).tables["seen_bets"] ?? 0
    yield* Console.log(
      `\nDemo finished: ${totals.cycles} polls, ${seen} predictions seen, ${totals.digests} first-poll digests, ${totals.newAlerts} new-bet alerts, ${totals.lineMoves} line moves, ${totals.delivered} alerts delivered.`
    )
  })
