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
import { type Alert, alertMatch } from "../../src/domain/alert.js"
import { loggerLayer } from "../../src/layers/Logging.js"
import { openDatabase } from "../../src/layers/SqliteDatabase.js"
import { makeStorage } from "../../src/layers/SqliteStorage.js"
import { deliverPending } from "../../src/programs/deliver.js"
import { AlertRejected, Notifier, NotifierUnavailable } from "../../src/services/Notifier.js"
import { Storage } from "../../src/services/Storage.js"
import { lineMovement, newBets } from "../support/alertBuilders.js"
import { tempDir } from "../support/tempDir.js"

/** A real database file whose outbox holds `alerts`, in that order. */
const outboxWith = (alerts: ReadonlyArray<Alert>) =>
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
      alerts,
      follow: [],
      followUpdates: []
    })
    return storage
  })

/** A real database file whose outbox holds `count` alerts. */
const outboxOf = (count: number) =>
  outboxWith(Array.from({ length: count }, (_, i) => newBets({ match: { eventId: 13_900_000 + i } })))

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

describe("delivery order", () => {
  /** A notifier that takes `perMessage` alerts a message and records what each message carried. */
  const recorder = (perMinute: number, perMessage = 10) => {
    const sent: Array<ReadonlyArray<Alert>> = []
    const layer = Layer.succeed(
      Notifier,
      Notifier.of({
        pack: (alerts) =>
          Array.from({ length: Math.ceil(alerts.length / perMessage) }, (_, m) => {
            const indexes = alerts.map((_, i) => i).slice(m * perMessage, (m + 1) * perMessage)
            return { carries: indexes, completes: indexes, payload: indexes.map((i) => alerts[i]!) }
          }),
        send: (message) => Effect.sync(() => void sent.push(message.payload as ReadonlyArray<Alert>)),
        messagesPerMinute: perMinute,
        recentSends: Effect.succeed([]),
        resumePace: () => Effect.void
      })
    )
    return { sent, layer }
  }

  const hour = 3_600_000
  const now = Date.UTC(2026, 0, 1, 12)

  /** An outbox of new bets queued latest kick-off first: event n kicks off n hours from now. */
  const reversedOutbox = (count: number, extra: ReadonlyArray<Alert> = []) =>
    outboxWith([
      ...Array.from(
        { length: count },
        (_, i) => newBets({ match: { eventId: count - i, startAt: now + (count - i) * hour } })
      ),
      ...extra
    ])

  const kickOffs = (sent: ReadonlyArray<ReadonlyArray<Alert>>) =>
    sent.flat().map((a) => (alertMatch(a)!.startAt - now) / hour)

  it.scoped("keeps the queue's order while a minute's sending covers what waits", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const { layer, sent } = recorder(30)
      const storage = yield* reversedOutbox(25)
      yield* deliverPending.pipe(Effect.provideService(Storage, storage), Effect.provide(layer))
      expect(kickOffs(sent)).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i))
    }))

  it.scoped("sends a longer backlog soonest kick-off first", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      // A minute is one message of ten here: 25 alerts are more than that.
      const { layer, sent } = recorder(1)
      const storage = yield* reversedOutbox(25)
      yield* deliverPending.pipe(Effect.provideService(Storage, storage), Effect.provide(layer))
      expect(kickOffs(sent)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1))
      expect(sent.map((m) => m.length)).toEqual([10, 10, 5])
    }))

  it.scoped("drops the line moves whose match kicked off while they waited, and says how many", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(now)
      const { layer, sent } = recorder(30)
      const started = {
        ...lineMovement(2, 1.6, -20),
        match: { ...lineMovement(2, 1.6, -20).match, startAt: now - hour }
      }
      const ahead = { ...lineMovement(2, 2.5, 25), match: { ...lineMovement(2, 2.5, 25).match, startAt: now + hour } }
      const storage = yield* reversedOutbox(2, [started, ahead])
      const lines: Array<string> = []
      const report = yield* deliverPending.pipe(
        Effect.provideService(Storage, storage),
        Effect.provide(layer),
        Effect.provide(loggerLayer({ format: "plain", level: LogLevel.Info, write: (l) => lines.push(l) }))
      )
      expect(report).toMatchObject({ delivered: 3, dropped: 1 })
      expect(sent.flat().map((a) => a._tag)).toEqual(["NewBets", "NewBets", "LineMovement"])
      expect(lines.map((l) => l.replace(/^\S+Z /, ""))).toEqual([
        "INFO Dropped 1 line move on matches that kicked off while waiting"
      ])
      expect((yield* storage.stats).failedAlerts).toBe(1)
    }))
})

describe("a refused batch", () => {
  it.scoped("sends its alerts one by one, and stops an alert's parts at the one Discord refuses", () =>
    Effect.gen(function*() {
      const good = newBets({ match: { eventId: 1 } })
      const bad = newBets({ match: { eventId: 2 } })
      const storage = yield* outboxWith([good, bad])
      const sent: Array<string> = []
      // A batch is one message; an alert alone takes two parts, as a long digest would.
      const notifier = Layer.succeed(
        Notifier,
        Notifier.of({
          pack: (alerts) =>
            alerts.length > 1
              ? [{ carries: [0, 1], completes: [0, 1], payload: "batch" }]
              : ["first", "second"].map((part, i) => ({
                carries: [0],
                completes: i === 1 ? [0] : [],
                payload: `${alertMatch(alerts[0]!)!.eventId} ${part}`
              })),
          send: (message) =>
            message.payload === "batch" || message.payload === "2 first"
              ? Effect.fail(new AlertRejected({ status: 400, reason: "Invalid Form Body" }))
              : Effect.sync(() => void sent.push(String(message.payload))),
          messagesPerMinute: 30,
          recentSends: Effect.succeed([]),
          resumePace: () => Effect.void
        })
      )
      const report = yield* deliverPending.pipe(Effect.provideService(Storage, storage), Effect.provide(notifier))
      expect(report).toMatchObject({ delivered: 1, rejected: 1 })
      // The refused alert's second part never goes out.
      expect(sent).toEqual(["1 first", "1 second"])
      expect((yield* storage.stats).failedAlerts).toBe(1)
    }))
})
