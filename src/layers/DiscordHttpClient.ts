// The HttpClient of the Discord posts (alerts and health notices): @effect/platform's fetch client
// over impit's fetch instead of the global one. impit is loaded for Sofascore anyway, whereas Node's
// global fetch loads undici on its first call: measured by `npm run bench:http`, that raised the
// peak RSS by about 30 MB and took 3–4 times the CPU per post of impit (node:http came close to impit).
// An instance of its own: Sofascore's proxy is not for Discord.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Impit } from "impit"
import { AppConfig } from "../services/AppConfig.js"

/** impit's fetch with `timeout` ms as its own limit: aborting only settles its promise, the timeout closes the connection. */
export const impitFetch = (timeout: number): typeof globalThis.fetch => {
  const impit = new Impit({ browser: "chrome", timeout })
  return ((input: string | URL | Request, init?: RequestInit) =>
    impit.fetch(
      String(input),
      { ...init, timeout } as Parameters<Impit["fetch"]>[1]
    )) as unknown as typeof globalThis.fetch
}

/** The client with impit's fetch limited to `timeoutMs`. */
export const discordHttpClientLayer = (timeoutMs: number) =>
  FetchHttpClient.layer.pipe(Layer.provide(Layer.sync(FetchHttpClient.Fetch, () => impitFetch(timeoutMs))))

/** Limited to HTTP_TIMEOUT_SECONDS, as the notifier's own timeout. */
export const DiscordHttpClientLive = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) => discordHttpClientLayer(config.httpTimeoutSeconds * 1000))
)
