// Delivery: send the outbox in order, marking each alert delivered only once the notifier confirmed
// it. An outage stops the round and leaves the rest queued, so nothing overtakes what is waiting.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { Notifier } from "../services/Notifier.js"
import { Storage } from "../services/Storage.js"

const batchSize = 50
/** From this many a round takes 20 s or more at Discord's pace (five posts per two seconds): say so. */
const announceFrom = 50
/** A long round says how far it got at most this often, so a quiet log means a stuck monitor. */
const progressEveryMs = 30_000

export interface DeliveryReport {
  readonly delivered: number
  readonly rejected: number
  /** Alerts still in the outbox when the round ended: 0 unless it stopped. */
  readonly queued: number
  /** Why delivery stopped before the outbox was empty, if it did. */
  readonly stoppedBy: "WebhookGone" | "WebhookUrlWrong" | "NotifierUnavailable" | undefined
}

const alerts = (n: number): string => `${n} ${n === 1 ? "alert" : "alerts"}`

export const deliverPending = Effect.gen(function*() {
  const storage = yield* Storage
  const notifier = yield* Notifier
  const total = yield* storage.countPendingAlerts
  if (total >= announceFrom) yield* Effect.logInfo(`Delivering ${alerts(total)}`)
  let lastProgressAt = yield* Clock.currentTimeMillis
  let delivered = 0
  let rejected = 0
  for (;;) {
    const batch = yield* storage.pendingAlerts(batchSize)
    if (batch.length === 0) break
    for (const entry of batch) {
      const sent = yield* Effect.either(notifier.send(entry.alert))
      const now = yield* Clock.currentTimeMillis
      if (sent._tag === "Right") {
        yield* storage.markDelivered(entry.id, now)
        delivered += 1
      } else if (sent.left._tag === "AlertRejected") {
        const error = sent.left
        yield* Effect.logError(
          `Alert ${entry.id} rejected by Discord and set aside: ${error.message} (\`requeue --id ${entry.id}\` puts it back)`
        )
        yield* storage.markFailed(entry.id, now, error.message)
        rejected += 1
      } else {
        const error = sent.left
        yield* storage.recordDeliveryAttempt(entry.id, error.message)
        const queued = yield* storage.countPendingAlerts
        const left = `${alerts(queued)} ${queued === 1 ? "stays" : "stay"} queued`
        if (error._tag === "NotifierUnavailable") {
          yield* Effect.logWarning(`${error.message}; ${left} for the next cycle`)
        } else yield* Effect.logError(`${error.message}; ${left} until it is fixed`)
        yield* Effect.annotateCurrentSpan({ delivered, rejected, queued, "stopped.by": error._tag })
        return { delivered, rejected, queued, stoppedBy: error._tag } satisfies DeliveryReport
      }
      if (now - lastProgressAt >= progressEveryMs) {
        lastProgressAt = now
        // Another process (`requeue`) may add alerts meanwhile: never show more done than there were.
        const of = Math.max(total, delivered + rejected)
        yield* Effect.logInfo(
          `Delivered ${delivered}/${of} alerts${rejected === 0 ? "" : ` (${rejected} set aside)`}`
        )
      }
    }
  }
  yield* Effect.annotateCurrentSpan({ delivered, rejected })
  return { delivered, rejected, queued: 0, stoppedBy: undefined } satisfies DeliveryReport
}).pipe(Effect.withSpan("monitor.deliver"))
