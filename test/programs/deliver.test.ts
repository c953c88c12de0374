// Delivery rounds over a real SQLite outbox, with a notifier that takes a second of the test clock per
// alert: what a long round tells the operator, and how many alerts a round that stops leaves queued.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Ref from "effect/Ref"
import * as TestClock from "effect/TestClock"
import * as NodePath from "node:path"
import { describe } from "vitest"
import { loggerLayer } from "../../src/layers/Logging.js"
import { openDatabase } from "../../src/layers/SqliteDatabase.js"
import { makeStorage } from "../../src/layers/SqliteStorage.js"
import { deliverPending } from "../../src/programs/deliver.js"
import { Notifier, NotifierUnavailable } from "../../src/services/Notifier.js"
import { Storage } from "../../src/services/Storage.js"
import { newBets } from "../support/alertBuilders.js"
import { tempDir } from "../support/tempDir.js"

/** A real database file whose outbox holds `count` alerts. */
const outboxOf = (count: number) =>
  Effect.gen(function*() {
    const file = NodePath.join(tempDir(), "monitor.db")
    const { sql } = yield* openDatabase(file)
    const storage = makeStorage(sql, file)
    yield* storage.recordPoll({
      userId: "65f1c0a2b3d4e5f60718293a",
      userName: "NorthernLights",
      at: 0,
      seen: [],
      odds: [],
      alerts: Array.from({ length: count }, (_, i) => newBets({ match: { eventId: 13_900_000 + i } }))
    })
    return storage
  })

/** Takes a second per alert; from the `failFrom`-th on (0-based), Discord is down. */
const slowNotifier = (failFrom = Infinity) =>
  Layer.effect(
    Notifier,
    Effect.map(Ref.make(0), (sent) =>
      Notifier.of({
        // A message per alert.
        pack: (alerts) => alerts.map((_, i) => ({ carries: [i], completes: [i], payload: i })),
        send: () =>
          Effect.gen(function*() {
            yield* Effect.sleep("1 second")
            if ((yield* Ref.getAndUpdate(sent, (n) => n + 1)) >= failFrom) {
              return yield* new NotifierUnavailable({ reason: "Discord answered 503" })
            }
          }),
        messagesPerMinute: 60,
        recentSends: Effect.succeed([]),
        resumePace: () => Effect.void
      }))
  )

/** Runs a delivery round to its end on the test clock; returns its report and its log lines. */
const round = (alerts: number, failFrom?: number) =>
  Effect.gen(function*() {
    const storage = yield* outboxOf(alerts)
    const lines: Array<string> = []
    const fiber = yield* deliverPending.pipe(
      Effect.provideService(Storage, storage),
      Effect.provide(slowNotifier(failFrom)),
      Effect.provide(loggerLayer({
        format: "plain",
        level: LogLevel.Info, // Without the timestamp: it is the test clock's.
        write: (line) => lines.push(line.replace(/^\S+Z /, ""))
      })),
      Effect.fork
    )
    yield* TestClock.adjust(`${alerts + 1} seconds`)
    const report = yield* Fiber.join(fiber)
    return { report, lines, pending: yield* storage.countPendingAlerts }
  })

describe("delivery round", () => {
  it.scoped("a long round says how many alerts it delivers, then how far it got, every 30 s", () =>
    Effect.gen(function*() {
      const { lines, pending, report } = yield* round(240)
      expect(report).toEqual({
        delivered: 240,
        rejected: 0,
        dropped: 0,
        messages: 240,
        queued: 0,
        stoppedBy: undefined
      })
      expect(lines).toEqual([
        "INFO Delivering 240 alerts",
        ...[30, 60, 90, 120, 150, 180, 210, 240].map((n) => `INFO Delivered ${n}/240 alerts`)
      ])
      expect(pending).toBe(0)
    }))

  it.scoped("a short round says nothing of its own", () =>
    Effect.gen(function*() {
      const { lines, report } = yield* round(10)
      expect(report.delivered).toBe(10)
      expect(lines).toEqual([])
    }))

  it.scoped("a round that stops says exactly how many alerts stay queued, however many batches they fill", () =>
    Effect.gen(function*() {
      const { lines, pending, report } = yield* round(240, 100)
      expect(report).toEqual({
        delivered: 100,
        rejected: 0,
        dropped: 0,
        messages: 101,
        queued: 140,
        stoppedBy: "NotifierUnavailable"
      })
      expect(pending).toBe(140)
      expect(lines).toEqual([
        "INFO Delivering 240 alerts",
        "INFO Delivered 30/240 alerts",
        "INFO Delivered 60/240 alerts",
        "INFO Delivered 90/240 alerts",
        "WARN Discord unavailable: Discord answered 503; 140 alerts stay queued for the next cycle"
      ])
    }))
})
