// The port alerts leave through: Discord in production, the console when no webhook is set, a
// recorder in simulations. It answers, for each alert, whether it was delivered and if not whether
// trying again later can help.
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type { Alert } from "../domain/alert.js"

/**
 * Discord refused this alert for good: a 400 (or 413) carrying Discord's own JSON error. Set it aside
 * and go on with the rest.
 */
export class AlertRejected
  extends Data.TaggedError("AlertRejected")<{ readonly status: number; readonly reason: string }>
{
  override get message() {
    return `Discord rejected the alert (${this.status}): ${this.reason}`
  }
}

/** The webhook is gone or its token wrong (401, 403, 404): nothing will go out until it is fixed. */
export class WebhookGone extends Data.TaggedError("WebhookGone")<{ readonly status: number }> {
  override get message() {
    return `the Discord webhook answered ${this.status}: it was deleted or its URL is wrong`
  }
}

/**
 * What answered is not a Discord webhook taking a post (a 405, a 415, a 400 without Discord's JSON
 * error, ...): the URL is wrong, not the alert, so every alert would meet the same answer. Nothing will
 * go out until it is fixed; the queue is kept, as for WebhookGone.
 */
export class WebhookUrlWrong extends Data.TaggedError("WebhookUrlWrong")<{
  readonly status: number
  /** What the body was, e.g. "an HTML page"; never the URL, which holds the token. */
  readonly body: string
}> {
  override get message() {
    return `DISCORD_WEBHOOK_URL looks wrong: its server answered ${this.status} with ${this.body}, which Discord does not answer to a webhook post; check the URL`
  }
}

/** Discord could not take it now (5xx, timeout, network, rate limit beyond patience): try later. */
export class NotifierUnavailable extends Data.TaggedError("NotifierUnavailable")<{ readonly reason: string }> {
  override get message() {
    return `Discord unavailable: ${this.reason}`
  }
}

export type NotifierError = AlertRejected | WebhookGone | WebhookUrlWrong | NotifierUnavailable

/** One message as a notifier will send it, made by its own `pack`. */
export interface OutgoingMessage {
  /** Indexes, into the alerts packed, of those with something in this message. */
  readonly carries: ReadonlyArray<number>
  /** Of those, the ones whose last part this is: delivered once this message is confirmed. */
  readonly completes: ReadonlyArray<number>
  /** What the notifier sends; only its own `send` reads it. */
  readonly payload: unknown
}

export interface NotifierShape {
  /**
   * Packs alerts, in the order given, into as few messages as the channel allows. Pure; `now` is when
   * they go out, for the note on an alert whose match has kicked off meanwhile.
   */
  readonly pack: (alerts: ReadonlyArray<Alert>, now: number) => ReadonlyArray<OutgoingMessage>
  /** Succeeds only once the message was confirmed delivered; keeps the channel's pace. */
  readonly send: (message: OutgoingMessage) => Effect.Effect<void, NotifierError>
  /** About how many messages go out in a minute: a longer queue is sent soonest kick-off first. */
  readonly messagesPerMinute: number
  /** When recent messages went out (epoch ms), so that the next process keeps the same pace. */
  readonly recentSends: Effect.Effect<ReadonlyArray<number>>
  readonly resumePace: (sends: ReadonlyArray<number>) => Effect.Effect<void>
}

export class Notifier extends Context.Tag("sofascore-monitor/Notifier")<Notifier, NotifierShape>() {}
