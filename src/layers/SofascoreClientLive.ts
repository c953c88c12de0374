// The client over any transport: one semaphore for every request, status codes turned into typed
// errors, retries chosen by those types, and payloads decoded as the contract says. The per-request
// timeout is the transport's: it is the part that can abort a connection.
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import {
  decodePredictionsPage,
  decodeVoteRanking,
  errorEnvelopeCode,
  isValidUserId,
  predictionsPath
} from "../domain/sofascoreWire.js"
import { AppConfig } from "../services/AppConfig.js"
import {
  Blocked,
  Decode,
  isTransient,
  NotFound,
  RateLimited,
  ServerError,
  SofascoreClient,
  type SofascoreError
} from "../services/SofascoreClient.js"
import { type RawResponse, SofascoreTransport } from "../services/SofascoreTransport.js"

/** Three attempts in all, the first included. */
export const maxAttempts = 3
/** A server asking for a longer wait than this is not waited for within the cycle; the next cycle tries again. */
export const maxRetryAfterMs = 60_000
const backoffBaseMs = 1_000

/** Retry-After is either seconds or an HTTP date. */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value.trim() === "") return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

const willRetry = (error: SofascoreError): boolean =>
  isTransient(error) && !(error._tag === "RateLimited" && (error.retryAfterMs ?? 0) > maxRetryAfterMs)

/**
 * Transient errors retry with exponential backoff and ±20 % jitter (from Effect's Random, so a seeded
 * simulation repeats exactly); a 429 waits what the server asked, or backs off when it did not say.
 */
export const retryPolicy = Schedule.identity<SofascoreError>().pipe(
  Schedule.whileInput(willRetry),
  Schedule.intersect(Schedule.recurs(maxAttempts - 1)),
  Schedule.addDelayEffect(([error, retry]) =>
    Effect.map(Random.nextRange(0.8, 1.2), (jitter) => {
      const backoff = backoffBaseMs * 2 ** retry * jitter
      return Duration.millis(
        error._tag === "RateLimited" && error.retryAfterMs !== undefined ? error.retryAfterMs : Math.round(backoff)
      )
    })
  )
)

const isHtml = (response: RawResponse) =>
  response.contentType.includes("html") || /^\s*</.test(response.body.slice(0, 100))

/** Maps an answer to its JSON or to the typed error its status (or error envelope) stands for. */
export const interpret = (path: string, response: RawResponse, now: number): Either.Either<unknown, SofascoreError> => {
  const { status } = response
  if (status === 404 || status === 410) return Either.left(new NotFound({ path }))
  if (status === 401 || status === 403 || status === 451) {
    return Either.left(new Blocked({ path, status, body: isHtml(response) ? "html" : "json" }))
  }
  if (status === 429) {
    return Either.left(new RateLimited({ path, retryAfterMs: parseRetryAfter(response.retryAfter, now) }))
  }
  if (status >= 500) return Either.left(new ServerError({ path, status }))
  if (status !== 200) return Either.left(new Decode({ path, reason: `unexpected status ${status}` }))
  if (isHtml(response)) return Either.left(new Blocked({ path, status, body: "html" }))
  let json: unknown
  try {
    json = JSON.parse(response.body)
  } catch {
    return Either.left(new Decode({ path, reason: "not JSON" }))
  }
  const envelope = errorEnvelopeCode(json)
  if (envelope !== undefined) {
    return envelope === 404
      ? Either.left(new NotFound({ path }))
      : envelope === 429
      ? Either.left(new RateLimited({ path, retryAfterMs: undefined }))
      : envelope >= 500
      ? Either.left(new ServerError({ path, status: envelope }))
      : Either.left(new Blocked({ path, status: envelope, body: "envelope" }))
  }
  return Either.right(json)
}

export const makeSofascoreClient = Effect.gen(function*() {
  const config = yield* AppConfig
  const transport = yield* SofascoreTransport
  const permits = yield* Effect.makeSemaphore(config.maxConcurrentRequests)

  // One sofascore.fetch span per attempt, the wait for a permit included. The tapError is a
  // pipeable of Effect.fn, so it runs inside the span and annotates it.
  const attempt = Effect.fn("sofascore.fetch")(
    function*(path: string, attemptNo: number) {
      // Effect.fn takes no per-call attributes: set them first, as withSpan's attributes were.
      yield* Effect.annotateCurrentSpan({ "http.path": path, attempt: attemptNo })
      const response = yield* permits.withPermits(1)(transport.get(path))
      yield* Effect.annotateCurrentSpan("http.status", response.status)
      const now = yield* Clock.currentTimeMillis
      return yield* interpret(path, response, now)
    },
    Effect.tapError((error) => Effect.annotateCurrentSpan("error.tag", error._tag))
  )

  const getJson = (path: string) =>
    Effect.suspend(() => {
      let attempts = 0
      return Effect.suspend(() => attempt(path, ++attempts)).pipe(Effect.retry(retryPolicy))
    })

  const decoded = <A>(path: string, decode: (json: unknown) => Either.Either<A, { readonly message: string }>) =>
    Effect.flatMap(
      getJson(path),
      (json) =>
        Either.mapLeft(
          decode(json),
          (error) => new Decode({ path, reason: error.message.split("\n").slice(0, 4).join(" ") })
        )
    )

  return SofascoreClient.of({
    voteRanking: decoded("/user-account/vote-ranking", decodeVoteRanking),
    predictions: (userId, page) =>
      isValidUserId(userId)
        ? decoded(predictionsPath(userId, page), (json) => decodePredictionsPage(userId, json))
        : Effect.fail(
          new Decode({ path: "(invalid user id)", reason: "user id is neither 24 hex digits nor a number" })
        )
  })
})

export const SofascoreClientLive: Layer.Layer<SofascoreClient, never, AppConfig | SofascoreTransport> = Layer.effect(
  SofascoreClient,
  makeSofascoreClient
)
