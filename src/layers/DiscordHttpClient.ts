// The HttpClient of the Discord posts (alerts and health notices): a thin one over impit's fetch,
// which is loaded for Sofascore anyway; Node's global fetch raised the peak RSS by about 30 MB
// (`npm run bench:http`). Thin because most of a post's CPU went to the layers around impit:
// FetchHttpClient (an AbortController, a response registry, header copies) and the notifier's
// Effect timeout, which forks two fibers a post. Here impit gets the request as it is, and impit's
// own timeout, which closes the connection, is the limit; the notifier, told so by answerLimitOf,
// then adds no timeout of its own.
// An instance of its own: Sofascore's proxy is not for Discord. Never traced: the URL holds the token.
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
// impit is CommonJS: Node finds Impit among its named exports, not the error classes.
import impit, { Impit, type RequestInit as ImpitInit } from "impit"
import { AppConfig } from "../services/AppConfig.js"

/** A RequestError's cause when no answer came within the client's limit. */
export class NoAnswer {
  readonly _tag = "NoAnswer"
  constructor(readonly timeoutMs: number) {}
}

const answerLimit = Symbol.for("sofascore-monitor/DiscordHttpClient/answerLimit")

/** The limit the client itself puts on a request, in ms, when it is this module's client. */
export const answerLimitOf = (client: HttpClient.HttpClient): number | undefined =>
  (client as { readonly [answerLimit]?: number })[answerLimit]

/** An HttpClient over impit's fetch whose every request fails with NoAnswer after `timeoutMs`. */
export const impitHttpClient = (timeoutMs: number): HttpClient.HttpClient => {
  const discord = new Impit({ browser: "chrome", timeout: timeoutMs })

  const send = (
    request: HttpClientRequest.HttpClientRequest,
    url: string,
    body: ImpitInit["body"]
  ): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.RequestError> => {
    const headers: Array<[string, string]> = []
    // impit sets the length of the body it sends.
    for (const name in request.headers) if (name !== "content-length") headers.push([name, request.headers[name]!])
    return Effect.map(
      Effect.tryPromise({
        // No AbortSignal: aborting would only settle impit's promise, which an interrupted fiber no
        // longer awaits; the timeout is what ends the request.
        try: () =>
          discord.fetch(url, {
            method: request.method,
            headers,
            ...(body === undefined ? {} : { body }),
            timeout: timeoutMs
          }),
        catch: (cause) =>
          new HttpClientError.RequestError({
            request,
            reason: "Transport",
            cause: cause instanceof impit.TimeoutError ? new NoAnswer(timeoutMs) : cause
          })
      }),
      (response) => HttpClientResponse.fromWeb(request, response as unknown as Response)
    )
  }

  const execute = (request: HttpClientRequest.HttpClientRequest) => {
    const url = UrlParams.makeUrl(request.url, request.urlParams, request.hash)
    if (url._tag === "Left") {
      return Effect.fail(new HttpClientError.RequestError({ request, reason: "InvalidUrl", cause: url.left }))
    }
    const body: HttpBody.HttpBody = request.body
    switch (body._tag) {
      case "Empty":
        return send(request, url.right.href, undefined)
      case "Raw":
        return send(request, url.right.href, body.body as ImpitInit["body"])
      case "Uint8Array":
        return send(request, url.right.href, body.body)
      case "FormData":
        return send(request, url.right.href, body.formData)
      case "Stream":
        return Effect.flatMap(
          Stream.toReadableStreamEffect(body.stream),
          (stream) => send(request, url.right.href, stream)
        )
    }
  }

  const client: HttpClient.HttpClient = HttpClient.makeWith(
    (request: Effect.Effect<HttpClientRequest.HttpClientRequest>) => Effect.flatMap(request, execute),
    Effect.succeed
  )
  return Object.assign(client, { [answerLimit]: timeoutMs })
}

/** The client limited to `timeoutMs`. */
export const discordHttpClientLayer = (timeoutMs: number) =>
  Layer.sync(HttpClient.HttpClient, () => impitHttpClient(timeoutMs))

/** Limited to HTTP_TIMEOUT_SECONDS, the timeout the notifier is given. */
export const DiscordHttpClientLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) => discordHttpClientLayer(config.httpTimeoutSeconds * 1000))
)
