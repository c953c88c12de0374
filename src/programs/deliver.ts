// Delivery: send the outbox in order, marking each alert delivered only once the notifier confirmed
// it. An outage stops the round and leaves the rest queued, so nothing overtakes what is waiting.
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import { Notifier } from "../services/Notifier.js"
import { Storage } from "../services/Storage.js"

const batchSize = 50

export interface DeliveryReport {
  readonly delivered: number
  readonly rejected: number
  /** Why delivery stopped before the outbox was empty, if it did. */
  readonly stoppedBy: "WebhookGone" | "NotifierUnavailable" | undefined
}

export const deliverPending = Effect.gen(function*() {
  const storage = yield* Storage
  const notifier = yield* Notifier
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
        continue
      }
      const error = sent.left
      if (error._tag === "AlertRejected") {
        yield* Effect.logError(`Alert ${entry.id} rejected by Discord and set aside: ${error.message}`)
        yield* storage.markFailed(entry.id, now, error.message)
        rejected += 1
        continue
      }
      yield* storage.recordDeliveryAttempt(entry.id, error.message)
      if (error._tag === "WebhookGone") yield* Effect.logError(error.message)
      else yield* Effect.logWarning(`${error.message}; ${batch.length} or more alerts wait for the next cycle`)
      yield* Effect.annotateCurrentSpan({ delivered, rejected, "stopped.by": error._tag })
      return { delivered, rejected, stoppedBy: error._tag } satisfies DeliveryReport
    }
  }
  yield* Effect.annotateCurrentSpan({ delivered, rejected })
  return { delivered, rejected, stoppedBy: undefined } satisfies DeliveryReport
}).pipe(Effect.withSpan("monitor.deliver"))
