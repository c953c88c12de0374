// The Sofascore transport over impit, which presents Chrome's TLS and HTTP/2 fingerprint: plain
// HTTP clients are often answered 403. One instance (one connection pool) lives as long as the
// layer; impit has no close method, so closing the layer drops the instance and refuses new requests.
// Its native addon is loaded when the layer is built, so commands that never fetch never load it.
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type { Impit } from "impit"
import { AppConfig } from "../services/AppConfig.js"
import { Decode, Timeout, Transport } from "../services/SofascoreClient.js"
import { maxBodyBytes, type RawResponse, SofascoreTransport } from "../services/SofascoreTransport.js"

/**
 * What Chrome sends on a fetch() from www.sofascore.com (CONTRACT §1). impit supplies the user agent
 * and client hints of the browser it impersonates; an empty value removes a header of its navigation
 * profile that a fetch() would not carry.
 */
const browserHeaders = (apiHost: string): Record<string, string> => ({
  Accept: "*/*",
  "Accept-Language": "en-US,en;q=0.9",
  Referer: "https://www.sofascore.com/",
  ...(apiHost === "api.sofascore.com" ? { Origin: "https://www.sofascore.com" } : {}),
  "Cache-Control": "max-age=0",
  "sec-fetch-dest": "empty",
  "sec-fetch-mode": "cors",
  "sec-fetch-site": apiHost === "api.sofascore.com" ? "same-site" : "same-origin",
  "sec-fetch-user": "",
  "upgrade-insecure-requests": "",
  priority: ""
})

/** Reads at most maxBodyBytes; a longer body is abandoned, not buffered. */
const readCapped = async (body: ReadableStream<Uint8Array>): Promise<string | undefined> => {
  const reader = body.getReader()
  const chunks: Array<Uint8Array> = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBodyBytes) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** Never includes the proxy URL, which may carry a password: credentials in any URL are masked. */
const transportReason = (error: unknown): string => {
  const text = error instanceof Error ? error.message : String(error)
  const firstLine = text.split("\n")[0] ?? ""
  const os = /message: "([^"]+)"/.exec(text)?.[1]
  const reason = `${error instanceof Error ? `${error.name}: ` : ""}${firstLine}${os === undefined ? "" : ` (${os})`}`
  return reason.replace(/\/\/[^/@\s]*@/g, "//***@")
}

export const ImpitTransportLive: Layer.Layer<SofascoreTransport, never, AppConfig> = Layer.scoped(
  SofascoreTransport,
  Effect.gen(function*() {
    const config = yield* AppConfig
    const timeoutMs = config.httpTimeoutSeconds * 1000
    const { Impit: ImpitClient } = yield* Effect.promise(() => import("impit"))
    const client = yield* Effect.acquireRelease(
      Effect.sync(() => ({
        impit: new ImpitClient({
          browser: "chrome",
          ...(Option.isSome(config.proxyUrl) ? { proxyUrl: Redacted.value(config.proxyUrl.value) } : {}),
          timeout: timeoutMs
        }) as Impit | undefined
      })),
      (held) => Effect.sync(() => void (held.impit = undefined))
    )
    const base = config.sofascoreBaseUrl
    const headers = browserHeaders(new URL(base).hostname)

    const get = (path: string) =>
      Effect.tryPromise({
        try: async (signal): Promise<RawResponse | undefined> => {
          // impit's abort signal only settles the promise; its own timeout is what closes the
          // connection, so it is set to the same limit as the timeout on Effect's clock below.
          const impit = client.impit
          if (impit === undefined) throw new Error("the HTTP client is closed")
          const response = await impit.fetch(`${base}${path}`, {
            method: "GET",
            headers,
            timeout: timeoutMs,
            // Interrupting the effect (a timeout, SIGTERM) aborts this signal. Combining it with a
            // long-lived signal through AbortSignal.any would leak on Node 20: each call stays
            // referenced from the long-lived one.
            signal
          })
          const declared = Number(response.headers.get("content-length") ?? "0")
          if (declared > maxBodyBytes) {
            await response.body.cancel().catch(() => undefined)
            return undefined
          }
          const body = await readCapped(response.body)
          if (body === undefined) return undefined
          return {
            status: response.status,
            contentType: response.headers.get("content-type") ?? "",
            retryAfter: response.headers.get("retry-after") ?? undefined,
            body
          }
        },
        catch: (error) =>
          error instanceof Error && error.name === "TimeoutError"
            ? new Timeout({ path, afterMs: timeoutMs })
            : new Transport({ path, reason: transportReason(error) })
      }).pipe(
        // On Effect's clock as well, so that an answer whose body trickles in forever is cut off too.
        Effect.timeoutFail({
          duration: Duration.millis(timeoutMs),
          onTimeout: () => new Timeout({ path, afterMs: timeoutMs })
        }),
        Effect.flatMap((response) =>
          response === undefined
            ? Effect.fail(new Decode({ path, reason: `body larger than ${maxBodyBytes} bytes` }))
            : Effect.succeed(response)
        )
      )

    return SofascoreTransport.of({ get })
  })
)
