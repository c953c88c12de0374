// With no webhook configured, alerts are printed to standard output as readable text and count as
// delivered: the program is usable, and testable, before Discord is set up.
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { renderAlertText } from "../domain/alertText.js"
import { Notifier } from "../services/Notifier.js"

export const ConsoleNotifierLive = Layer.succeed(
  Notifier,
  Notifier.of({
    send: (alert) =>
      Console.log(`${renderAlertText(alert)}\n`).pipe(
        Effect.withSpan("notifier.send", { attributes: { "alert.kind": alert._tag, console: true } })
      )
  })
)
