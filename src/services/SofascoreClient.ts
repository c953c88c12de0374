// The port to Sofascore: the leaderboard and one page of a predictor's predictions, decoded into the
// domain, with every way a request can go wrong as a typed error. Which errors are worth retrying is
// decided here, next to the errors, so the layer and the tests share one policy.
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type { PredictionsPageDecoded, RankingDecoded } from "../domain/sofascoreWire.js"

/** 404: an unknown user, or an empty page past the first. */
export class NotFound extends Data.TaggedError("NotFound")<{ readonly path: string }> {
  override get message() {
    return `404 Not Found for ${this.path}`
  }
}

/** 403 (JSON, an HTML challenge page, or an error envelope in a 200): the anti-bot wall. */
export class Blocked extends Data.TaggedError("Blocked")<{
  readonly path: string
  readonly status: number
  readonly body: "json" | "html" | "envelope" | "other"
}> {
  override get message() {
    return `blocked (${this.status}, ${this.body}) for ${this.path}`
  }
}

/** 429, with the wait the server asked for when it said. */
export class RateLimited extends Data.TaggedError("RateLimited")<{
  readonly path: string
  readonly retryAfterMs: number | undefined
}> {
  override get message() {
    return `rate limited for ${this.path}${
      this.retryAfterMs === undefined ? "" : ` (retry after ${this.retryAfterMs} ms)`
    }`
  }
}

export class ServerError extends Data.TaggedError("ServerError")<{ readonly path: string; readonly status: number }> {
  override get message() {
    return `server error ${this.status} for ${this.path}`
  }
}

export class Timeout extends Data.TaggedError("Timeout")<{ readonly path: string; readonly afterMs: number }> {
  override get message() {
    return `no answer within ${this.afterMs} ms for ${this.path}`
  }
}

/** The connection failed: refused, reset, DNS, proxy. */
export class Transport extends Data.TaggedError("Transport")<{ readonly path: string; readonly reason: string }> {
  override get message() {
    return `transport error for ${this.path}: ${this.reason}`
  }
}

/** The answer was not what the contract describes: not JSON, the wrong shape, too large. */
export class Decode extends Data.TaggedError("Decode")<{ readonly path: string; readonly reason: string }> {
  override get message() {
    return `unreadable answer for ${this.path}: ${this.reason}`
  }
}

export type SofascoreError = NotFound | Blocked | RateLimited | ServerError | Timeout | Transport | Decode

/** Worth another attempt within the same cycle. Blocked, NotFound and Decode will not change by retrying now. */
export const isTransient = (error: SofascoreError): boolean =>
  error._tag === "ServerError" || error._tag === "Timeout" || error._tag === "Transport" ||
  error._tag === "RateLimited"

export interface SofascoreClientShape {
  readonly voteRanking: Effect.Effect<RankingDecoded, SofascoreError>
  readonly predictions: (userId: string, page: number) => Effect.Effect<PredictionsPageDecoded, SofascoreError>
}

export class SofascoreClient extends Context.Tag("sofascore-monitor/SofascoreClient")<
  SofascoreClient,
  SofascoreClientShape
>() {}
