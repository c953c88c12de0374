// The daemon's Schedule under TestClock: waits count from each cycle's start, an overrun is followed
// at once with a warning, and the draw comes from Effect's Random.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Logger from "effect/Logger"
import * as Random from "effect/Random"
import * as TestClock from "effect/TestClock"
import { describe } from "vitest"
import { adaptiveIntervalSeconds } from "../../src/domain/adaptiveInterval.js"
import { adaptiveSchedule } from "../../src/programs/adaptiveSchedule.js"

// Monday 2026-11-30 12:00 London (day band: 270–420 s with B = 5).
const monday = Date.UTC(2026, 10, 30, 12)

const runCycles = (durationsMs: ReadonlyArray<number>, seed: number) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(monday)
    const starts: Array<number> = []
    const logs: Array<string> = []
    let i = 0
    const cycle = Effect.gen(function*() {
      const startedAt = yield* Effect.clockWith((c) => c.currentTimeMillis)
      starts.push(startedAt)
      yield* Effect.sleep(durationsMs[i++] ?? 0)
      return { startedAt, endedAt: yield* Effect.clockWith((c) => c.currentTimeMillis) }
    })
    const logger = Logger.make(({ logLevel, message }) => logs.push(`${logLevel.label} ${String(message)}`))
    const fiber = yield* cycle.pipe(
      Effect.repeat({ schedule: adaptiveSchedule(5), until: () => i >= durationsMs.length }),
      Effect.withRandom(Random.make(seed)),
      Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      Effect.fork
    )
    for (let step = 0; step < 2_000 && fiber.unsafePoll() === null; step++) yield* TestClock.adjust("10 seconds")
    yield* Fiber.join(fiber)
    return { starts, logs }
  })

describe("adaptive schedule", () => {
  it.effect("waits the adaptive interval from the start of the previous cycle", () =>
    Effect.gen(function*() {
      const { logs, starts } = yield* runCycles([30_000, 30_000, 30_000], 42)
      const gaps = starts.slice(1).map((s, k) => (s - starts[k]!) / 1000)
      for (const gap of gaps) {
        expect(gap).toBeGreaterThanOrEqual(270)
        expect(gap).toBeLessThanOrEqual(420)
      }
      // The 30 s the cycle took are part of the interval, not added to it.
      const waits = logs.filter((l) => l.includes("Next poll in")).map((l) => Number(/in (\d+) seconds/.exec(l)![1]))
      expect(waits.slice(0, 2)).toEqual(gaps.map((g) => g - 30))
    }))

  it.effect("starts the next cycle at once, with a warning, after a cycle longer than its interval", () =>
    Effect.gen(function*() {
      const { logs, starts } = yield* runCycles([500_000, 1_000], 7)
      expect((starts[1]! - starts[0]!) / 1000).toBe(500)
      expect(logs).toContainEqual(
        expect.stringMatching(/^WARN Cycle took 500 seconds, longer than its \d+ second interval/)
      )
      expect(logs).toContainEqual("INFO Next poll in 0 seconds (adaptive interval)")
    }))

  it.effect("repeats exactly with the same seed, and differs with another", () =>
    Effect.gen(function*() {
      const a = yield* runCycles([1_000, 1_000, 1_000, 1_000], 1)
      const b = yield* runCycles([1_000, 1_000, 1_000, 1_000], 1)
      const c = yield* runCycles([1_000, 1_000, 1_000, 1_000], 2)
      const gaps = (s: ReadonlyArray<number>) => s.slice(1).map((x, k) => x - s[k]!)
      expect(gaps(a.starts)).toEqual(gaps(b.starts))
      expect(gaps(a.starts)).not.toEqual(gaps(c.starts))
      expect(adaptiveIntervalSeconds(monday, 5, 0)).toBe(270)
    }))
})
