// One GET against the Sofascore API, nothing more: the impersonating HTTP client in production, a
// scripted timeline in simulations. Status codes, retries, concurrency and decoding are the client's
// job, so every transport gets the same handling.
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { Decode, Timeout, Transport } from "./SofascoreClient.js"

/** Larger answers are refused unread: the real ones are tens of kilobytes. */
export const maxBodyBytes = 4 * 1024 * 1024

export interface RawResponse {
  readonly status: number
  readonly contentType: string
  /** The Retry-After header as sent, when there was one. */
  readonly retryAfter: string | undefined
  readonly body: string
}

export interface SofascoreTransportShape {
  /**
   * `path` is relative to the API root and starts with a slash. Fails with Timeout after
   * HTTP_TIMEOUT_SECONDS; interrupting the effect abandons the request.
   */
  readonly get: (path: string) => Effect.Effect<RawResponse, Timeout | Transport | Decode>
}

export class SofascoreTransport extends Context.Tag("sofascore-monitor/SofascoreTransport")<
  SofascoreTransport,
  SofascoreTransportShape
>() {}
