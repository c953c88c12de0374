// The process the soak measures: `run`'s daemon loop (`daemon()`) with the production layers as `run`
// builds them — settings from the environment and .env, impit for Sofascore, SQLite behind the
// instance lock, the Discord notifier and health notices over impit — and no more code than `run`
// loads (the program runs a plain `run` without @effect/cli). Two things differ, both for time: the
// clock is the demo's fast clock (the schedule never waits less than three minutes, which would make
// 2,000 cycles take days), and Discord's pacing stays on the real clock, since Discord's limits are
// in real time. Between cycles it reports to the soak (scripts/soak/soak.ts) over IPC and waits for
// it to change the fake Sofascore's pages: one cycle, one change, whatever the speed of the machine.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import { monitorLayer, NotifierLive } from "../../src/layers/AppLayers.js"
import { levelNotGiven } from "../../src/layers/Logging.js"
import { BaseLive } from "../../src/layers/StorageLayers.js"
import { acceleratedClock } from "../../src/programs/demo/clock.js"
import { daemon } from "../../src/programs/run.js"
import { Notifier } from "../../src/services/Notifier.js"
import type { FromDaemon, ToDaemon } from "./protocol.js"

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined || process.send === undefined) throw new Error("the soak starts this with --expose-gc and IPC")
const send = (message: FromDaemon) => process.send!(message)

const fastClock = acceleratedClock({
  startAt: Number(process.env["SOAK_START_AT"]),
  speed: Number(process.env["SOAK_SPEED"] ?? 1800)
})
const sampleEvery = Number(process.env["SOAK_SAMPLE_EVERY"] ?? 50)

let nextReply: ((reply: ToDaemon) => void) | undefined
process.on("message", (reply: ToDaemon) => nextReply?.(reply))
const replied = Effect.async<ToDaemon>((resume) => {
  nextReply = (reply) => {
    nextReply = undefined
    resume(Effect.succeed(reply))
  }
})

/** The production notifier, its pacing (and so its waits) on the real clock. */
const notifier = Layer.effect(
  Notifier,
  Effect.map(Notifier, (live) => ({ ...live, send: (message) => Effect.withClock(live.send(message), Clock.make()) }))
).pipe(Layer.provide(NotifierLive))

let cycle = 0
const program = Effect.gen(function*() {
  const stop = yield* Effect.makeLatch(false)
  const run = daemon({
    aroundCycle: fastClock.frozen,
    onCycle: (report) =>
      Effect.gen(function*() {
        const memory = cycle % sampleEvery === 0
          ? yield* Effect.sync(() => {
            gc!()
            const m = process.memoryUsage()
            const cpu = process.cpuUsage()
            return {
              rss: m.rss,
              heapUsed: m.heapUsed,
              heapTotal: m.heapTotal,
              external: m.external,
              cpuMs: (cpu.user + cpu.system) / 1000
            }
          })
          : undefined
        yield* Effect.sync(() =>
          send({
            cycle,
            now: fastClock.clock.unsafeCurrentTimeMillis(),
            newAlerts: report.newAlerts,
            lineMoves: report.lineMoves,
            delivered: report.delivery?.delivered ?? 0,
            failed: report.failure !== undefined || report.failed > 0,
            memory
          })
        )
        cycle += 1
        const reply = yield* replied
        if (reply === "stop") yield* stop.open
      })
  })
  yield* Effect.raceFirst(run, stop.await)
}).pipe(
  Effect.provide(monitorLayer(BaseLive, { notifier })),
  // As main.ts: LOG_LEVEL decides, since no --log-level is given.
  Logger.withMinimumLogLevel(levelNotGiven),
  Effect.withClock(fastClock.clock)
)

await Effect.runPromise(program)
process.disconnect()
