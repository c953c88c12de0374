// With no webhook configured, alerts are printed to standard output as readable text and count as
// delivered: the program is usable, and testable, before Discord is set up. A delivery round is one
// block, as a batch would be one message.
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { renderAlertText } from "../domain/alertText.js"
import { renderReportTable } from "../domain/followedReport.js"
import { Notifier, type OutgoingMessage } from "../services/Notifier.js"

/** The whole batch as one message: the console has no size limit and no pace to keep. */
export const packAsOne = <P>(count: number, payload: P): ReadonlyArray<OutgoingMessage> => {
  const all = Array.from({ length: count }, (_, i) => i)
  return count === 0 ? [] : [{ carries: all, completes: all, payload }]
}

export const ConsoleNotifierLive = Layer.succeed(
  Notifier,
  Notifier.of({
    pack: (alerts, now) =>
      packAsOne(
        alerts.length,
        alerts.map((alert) =>
          alert._tag === "Report"
            ? renderReportTable({ overall: alert.overall, predictors: [...alert.predictors] }, {
              color: false,
              since: alert.since
            })
            : renderAlertText(alert, now)
        ).join("\n\n")
      ),
    send: Effect.fn("notifier.send")(function*(message: OutgoingMessage) {
      yield* Effect.annotateCurrentSpan({ console: true, alerts: message.carries.length })
      yield* Console.log(`${String(message.payload)}\n`)
    }),
    messagesPerMinute: Number.POSITIVE_INFINITY,
    recentSends: Effect.succeed([]),
    resumePace: () => Effect.void
  })
)
