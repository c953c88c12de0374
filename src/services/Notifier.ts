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

export interface NotifierShape {
  /** Succeeds only once the alert was confirmed delivered. */
  readonly send: (alert: Alert) => Effect.Effect<void, NotifierError>
}

export class Notifier extends Context.Tag("sofascore-monitor/Notifier")<Notifier, NotifierShape>() {}
