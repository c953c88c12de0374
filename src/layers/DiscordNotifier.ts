// Alerts to a Discord webhook through @effect/platform's HttpClient, packed up to ten embeds a
// message. Each post waits for Discord's confirmation (`?wait=true`), is paced by Discord's own
// rate-limit headers and the channel's 30 messages a minute (domain/discordPace.ts), waits out a
// 429 as asked, and backs off on 5xx and timeouts. The webhook URL holds its token, so it never
// reaches an error, a log line or a span: the client's own tracing is off and errors carry only
// statuses and reasons.
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import type { Alert } from "../domain/alert.js"
import { packEmbeds } from "../domain/discordBatch.js"
import { alertEmbeds } from "../domain/discordEmbeds.js"
import type { DiscordWebhookPayload } from "../domain/discordLimits.js"
import { channelLimit, initialPace, recordAnswer, recordSend, waitBeforeSend } from "../domain/discordPace.js"
import {
  AlertRejected,
  Notifier,
  type NotifierError,
  NotifierUnavailable,
  type OutgoingMessage,
  WebhookGone,
  WebhookUrlWrong
} from "../services/Notifier.js"
import { answerLimitOf, NoAnswer } from "./DiscordHttpClient.js"

/** 429s waited out per message before giving up until the next cycle. */
const maxRateLimitWaits = 5
/** Attempts per message on 5xx, timeouts and network errors. */
const maxAttempts = 3

/** What a demo's messages say before their embeds, so nobody takes a made-up match for a tip. */
export const demoNotice = "🧪 **Demo**: made-up matches from `sofascore-monitor demo`, not real tips."

export interface DiscordNotifierOptions {
  readonly timeoutMs: number
  /** Mark every message as the demo's. */
  readonly demo?: boolean
}

/** Internal: a 429 with the wait Discord asked for. */
class RateLimitedByDiscord {
  readonly _tag = "RateLimitedByDiscord"
  constructor(readonly retryAfterMs: number) {}
}

/** Internal: worth another attempt soon. */
class TransientFailure {
  readonly _tag = "TransientFailure"
  constructor(readonly reason: string) {}
}

type PostError = NotifierError | RateLimitedByDiscord | TransientFailure

const isPostFailure = (error: PostError): error is RateLimitedByDiscord | TransientFailure =>
  error._tag === "RateLimitedByDiscord" || error._tag === "TransientFailure"

/** Seconds as people write them: 1.2, 0.25, 3. */
const seconds = (ms: number): string => String(Math.round(ms) / 1000)

const retryAfterMsOf = (body: unknown, header: string | undefined): number => {
  const fromBody = (body as { retry_after?: unknown } | null)?.retry_after
  if (typeof fromBody === "number" && Number.isFinite(fromBody)) return Math.ceil(fromBody * 1000)
  const fromHeader = Number(header)
  return Number.isFinite(fromHeader) && header !== undefined && header !== "" ? Math.ceil(fromHeader * 1000) : 1000
}

/** Discord's own error body, e.g. `{"message": "Invalid Form Body", "code": 50035, "errors": {...}}`. */
interface DiscordErrorBody {
  readonly code: number
  readonly message: string
}

const isDiscordError = (body: unknown): body is DiscordErrorBody =>
  typeof body === "object" && body !== null && typeof (body as { code?: unknown }).code === "number" &&
  typeof (body as { message?: unknown }).message === "string"

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** What a body was, for the log; never its text, which a stranger's server may fill with anything. */
const describeBody = (text: string, body: unknown, contentType: string | undefined): string =>
  isDiscordError(body)
    ? "a JSON error"
    : text.trim() === ""
    ? "an empty body"
    : /html/i.test(contentType ?? "") || text.trimStart().startsWith("<")
    ? "an HTML page"
    : body !== undefined
    ? "JSON that is not Discord's error"
    : "plain text"

export const makeDiscordNotifier = (webhookUrl: Redacted.Redacted<string>, options: DiscordNotifierOptions) =>
  Effect.gen(function*() {
    const { timeoutMs } = options
    const base = yield* HttpClient.HttpClient
    const client = base.pipe(HttpClient.withTracerDisabledWhen(() => true))
    const ownLimit = answerLimitOf(base)
    // A client that fails on its own in time needs no Effect timeout, which forks two fibers a post.
    const limited: <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E | TransientFailure, R> =
      ownLimit !== undefined && ownLimit <= timeoutMs ? identity : Effect.timeoutFail({
        duration: Duration.millis(timeoutMs),
        onTimeout: () => new TransientFailure(`no answer within ${timeoutMs} ms`)
      })
    const pace = yield* Ref.make(initialPace())
    const url = new URL(Redacted.value(webhookUrl))
    url.searchParams.set("wait", "true")
    const target = url.toString()

    /** Waits until the bucket and the channel take one more message, then counts it as sent. */
    const keepPace = Effect.gen(function*() {
      const wait = waitBeforeSend(yield* Ref.get(pace), yield* Clock.currentTimeMillis)
      if (wait > 0) {
        yield* Effect.logDebug(`Discord pace: waiting ${seconds(wait)} s`)
        yield* Effect.sleep(Duration.millis(wait))
      }
      const at = yield* Clock.currentTimeMillis
      yield* Ref.update(pace, (state) => recordSend(state, at))
    })

    const pack = (alerts: ReadonlyArray<Alert>, now: number): ReadonlyArray<OutgoingMessage> =>
      packEmbeds(alerts.map((alert) => alertEmbeds(alert, now))).map((message) => ({
        ...message,
        payload: options.demo === true ? { ...message.payload, content: demoNotice } : message.payload
      }))

    // One notifier.send span per attempt (each retry re-runs it). The catchTag is a pipeable of
    // Effect.fn, so it runs inside the span, which ends with the mapped error as before.
    const postOnce = Effect.fn("notifier.send")(
      function*(message: OutgoingMessage) {
        const payload = message.payload as DiscordWebhookPayload
        // Effect.fn takes no per-call attributes: set them first, as withSpan's attributes were.
        yield* Effect.annotateCurrentSpan({ alerts: message.carries.length, embeds: payload.embeds.length })
        yield* keepPace
        const request = HttpClientRequest.post(target).pipe(HttpClientRequest.bodyUnsafeJson(payload))
        const response = yield* client.execute(request).pipe(
          limited,
          Effect.catchTag("RequestError", (error) =>
            Effect.fail(
              new TransientFailure(
                error.cause instanceof NoAnswer
                  ? `no answer within ${error.cause.timeoutMs} ms`
                  : `network error (${error.reason})`
              )
            ))
        )
        yield* Effect.annotateCurrentSpan("http.status", response.status)
        const answeredAt = yield* Clock.currentTimeMillis
        yield* Ref.update(pace, (state) => recordAnswer(state, response.headers, answeredAt))
        if (response.status >= 200 && response.status < 300) {
          return
        }
        const text = yield* Effect.orElseSucceed(response.text, () => "")
        const body = parseJson(text)
        const status = response.status
        if (status === 429) {
          const retryAfterMs = retryAfterMsOf(body, response.headers["retry-after"])
          yield* Effect.annotateCurrentSpan("retry_after", retryAfterMs / 1000)
          return yield* Effect.fail(new RateLimitedByDiscord(retryAfterMs))
        }
        // 408 is a proxy or server that timed out: worth another try, like a 5xx.
        if (status >= 500 || status === 408) {
          return yield* Effect.fail(new TransientFailure(`Discord answered ${status}`))
        }
        if (status === 401 || status === 403 || status === 404) {
          return yield* Effect.fail(new WebhookGone({ status }))
        }
        // Only Discord's own error for this payload condemns the alert. Any other refusal would meet
        // every alert alike, so it says the URL is wrong, and setting the alerts aside would lose them all.
        if ((status === 400 || status === 413) && isDiscordError(body)) {
          return yield* Effect.fail(new AlertRejected({ status, reason: body.message.slice(0, 300) }))
        }
        return yield* Effect.fail(
          new WebhookUrlWrong({ status, body: describeBody(text, body, response.headers["content-type"]) })
        )
      },
      Effect.catchTag(
        "ResponseError",
        (error) => Effect.fail(new TransientFailure(`unreadable answer (${error.reason})`))
      )
    )

    /**
     * A 429 is waited out as Discord asks, up to maxRateLimitWaits in a row; 5xx, timeouts and network
     * errors back off 1 s then 2 s (±20 %), up to maxAttempts, the 429 count starting again after each.
     * A loop rather than Effect.retry with Schedules, whose drivers cost about 0.1 ms a post even
     * when the first attempt goes through.
     */
    const attempt = (message: OutgoingMessage, waits: number, retries: number): Effect.Effect<void, PostError> =>
      Effect.catchIf(postOnce(message), isPostFailure, (error) => {
        if (error._tag === "RateLimitedByDiscord") {
          if (waits >= maxRateLimitWaits) return Effect.fail(error)
          return Effect.logDebug(`Discord rate limit: waiting ${seconds(error.retryAfterMs)} s`).pipe(
            Effect.zipRight(Effect.sleep(Duration.millis(error.retryAfterMs))),
            Effect.zipRight(attempt(message, waits + 1, retries))
          )
        }
        if (retries >= maxAttempts - 1) return Effect.fail(error)
        return Random.nextRange(0.8, 1.2).pipe(
          Effect.flatMap((jitter) => Effect.sleep(Duration.millis(Math.round(1000 * 2 ** retries * jitter)))),
          Effect.zipRight(attempt(message, 0, retries + 1))
        )
      })

    const send = (message: OutgoingMessage): Effect.Effect<void, NotifierError> =>
      attempt(message, 0, 0).pipe(
        Effect.catchIf(isPostFailure, (error) =>
          Effect.fail(
            new NotifierUnavailable({
              reason: error._tag === "RateLimitedByDiscord" ? "still rate limited" : error.reason
            })
          ))
      )

    return Notifier.of({
      pack,
      send,
      messagesPerMinute: channelLimit.posts,
      recentSends: Effect.map(Ref.get(pace), (state) => state.sends),
      resumePace: (sends) => Ref.set(pace, initialPace(sends))
    })
  })

export const discordNotifierLayer = (webhookUrl: Redacted.Redacted<string>, options: DiscordNotifierOptions) =>
  Layer.effect(Notifier, makeDiscordNotifier(webhookUrl, options))
