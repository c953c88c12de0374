// Delivery: the outbox packed into as few messages as the notifier allows, sent at its pace, and
// each message's alerts marked delivered together once it is confirmed, so a crash between a post and
// its mark repeats that one message at most. An outage stops the round and leaves the rest queued.
// A backlog longer than a minute's sending goes out soonest kick-off first.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { Notifier, type NotifierError, type OutgoingMessage } from "../services/Notifier.js"
import { type OutboxEntry, Storage, type StorageError } from "../services/Storage.js"

/** Alerts read and packed at a time. */
const roundSize = 500
/** Alerts a message holds at most (Discord's ten embeds): a minute's worth decides the order. */
const alertsPerMessage = 10
/** From this many a round takes a while at Discord's pace: say so. */
const announceFrom = 50
/** A long round says how far it got at most this often, so a quiet log means a stuck monitor. */
const progressEveryMs = 30_000
/** Where the notifier's recent sends are kept, so that the next process keeps the same pace. */
export const recentSendsStateKey = "notifier_recent_sends"

const SendTimes = Schema.parseJson(Schema.Array(Schema.Number))

export interface DeliveryReport {
  readonly delivered: number
  readonly rejected: number
  /** Line moves dropped because their match had kicked off while they waited. */
  readonly dropped: number
  /** Messages sent. */
  readonly messages: number
  /** Alerts still in the outbox when the round ended: 0 unless it stopped. */
  readonly queued: number
  /** Why delivery stopped before the outbox was empty, if it did. */
  readonly stoppedBy: "WebhookGone" | "WebhookUrlWrong" | "NotifierUnavailable" | undefined
}

const alerts = (n: number): string => `${n} ${n === 1 ? "alert" : "alerts"}`

type Outcome =
  /** `split`: Discord refused the batch, and its alerts went one by one. */
  | { readonly _tag: "Sent"; readonly delivered: number; readonly rejected: number; readonly split: boolean }
  | { readonly _tag: "Stopped"; readonly error: Exclude<NotifierError, { readonly _tag: "AlertRejected" }> }

export const deliverPending = Effect.gen(function*() {
  const storage = yield* Storage
  const notifier = yield* Notifier
  const restored = yield* storage.getState(recentSendsStateKey)
  if (restored !== null) {
    yield* notifier.resumePace(Either.getOrElse(Schema.decodeUnknownEither(SendTimes)(restored), () => []))
  }
  const total = yield* storage.countPendingAlerts
  if (total >= announceFrom) yield* Effect.logInfo(`Delivering ${alerts(total)}`)
  let lastProgressAt = yield* Clock.currentTimeMillis
  let delivered = 0
  let rejected = 0
  let dropped = 0
  let messages = 0

  const keepPace = Effect.flatMap(
    notifier.recentSends,
    (sends) => storage.setState(recentSendsStateKey, Schema.encodeSync(SendTimes)(sends))
  )

  /** One message; a batch Discord refuses is sent again alert by alert, so that only the bad one is set aside. */
  const sendOne = (
    message: OutgoingMessage,
    entries: ReadonlyArray<OutboxEntry>
  ): Effect.Effect<Outcome, StorageError> =>
    Effect.gen(function*() {
      const sent = yield* Effect.either(notifier.send(message))
      messages += 1
      const now = yield* Clock.currentTimeMillis
      yield* keepPace
      if (Either.isRight(sent)) {
        const ids = message.completes.map((i) => entries[i]!.id)
        yield* storage.markDelivered(ids, now)
        return { _tag: "Sent", delivered: ids.length, rejected: 0, split: false } as const
      }
      const error = sent.left
      if (error._tag !== "AlertRejected") {
        yield* storage.recordDeliveryAttempt(message.carries.map((i) => entries[i]!.id), error.message)
        return { _tag: "Stopped", error } as const
      }
      if (message.carries.length === 1) {
        const entry = entries[message.carries[0]!]!
        yield* Effect.logError(
          `Alert ${entry.id} rejected by Discord and set aside: ${error.message} (\`requeue --id ${entry.id}\` puts it back)`
        )
        yield* storage.markFailed(entry.id, now, error.message)
        return { _tag: "Sent", delivered: 0, rejected: 1, split: false } as const
      }
      yield* Effect.logWarning(
        `Discord refused a message of ${alerts(message.carries.length)} (${error.message}); sending them one by one`
      )
      let sentAlone = 0
      let rejectedAlone = 0
      for (const index of message.carries) {
        const entry = entries[index]!
        for (const part of notifier.pack([entry.alert], now)) {
          const outcome = yield* sendOne(part, [entry])
          if (outcome._tag === "Stopped") return outcome
          sentAlone += outcome.delivered
          rejectedAlone += outcome.rejected
          if (outcome.rejected > 0) break
        }
      }
      return { _tag: "Sent", delivered: sentAlone, rejected: rejectedAlone, split: true } as const
    })

  for (;;) {
    const now = yield* Clock.currentTimeMillis
    const droppedNow = yield* storage.dropStartedLineMoves(now)
    if (droppedNow > 0) {
      dropped += droppedNow
      yield* Effect.logInfo(
        `Dropped ${droppedNow} line ${droppedNow === 1 ? "move" : "moves"} on matches that kicked off while waiting`
      )
    }
    const waiting = yield* storage.countPendingAlerts
    if (waiting === 0) break
    // More than a minute's sending waits: a pick is worth little once its match has started.
    const backlog = waiting > notifier.messagesPerMinute * alertsPerMessage
    const entries = yield* storage.pendingAlerts(roundSize, backlog ? "kickOff" : "queue")
    if (entries.length === 0) break
    for (const message of notifier.pack(entries.map((e) => e.alert), now)) {
      const outcome = yield* sendOne(message, entries)
      if (outcome._tag === "Stopped") {
        const queued = yield* storage.countPendingAlerts
        const left = `${alerts(queued)} ${queued === 1 ? "stays" : "stay"} queued`
        const error = outcome.error
        if (error._tag === "NotifierUnavailable") {
          yield* Effect.logWarning(`${error.message}; ${left} for the next cycle`)
        } else yield* Effect.logError(`${error.message}; ${left} until it is fixed`)
        yield* Effect.annotateCurrentSpan({ delivered, rejected, dropped, messages, queued, "stopped.by": error._tag })
        return { delivered, rejected, dropped, messages, queued, stoppedBy: error._tag } satisfies DeliveryReport
      }
      delivered += outcome.delivered
      rejected += outcome.rejected
      const at = yield* Clock.currentTimeMillis
      if (at - lastProgressAt >= progressEveryMs) {
        lastProgressAt = at
        // Another process (`requeue`) may add alerts meanwhile: never show more done than there were.
        const of = Math.max(total, delivered + rejected)
        yield* Effect.logInfo(
          `Delivered ${delivered}/${of} alerts${rejected === 0 ? "" : ` (${rejected} set aside)`}`
        )
      }
      // After a batch went alert by alert, the next message may hold the rest of one already sent: read again.
      if (outcome.split) break
    }
  }
  yield* Effect.annotateCurrentSpan({ delivered, rejected, dropped, messages })
  return { delivered, rejected, dropped, messages, queued: 0, stoppedBy: undefined } satisfies DeliveryReport
}).pipe(Effect.withSpan("monitor.deliver"))
