// A fake Discord webhook on loopback: records what is posted, and can be told to fail the way
// Discord does (429 with retry_after, 5xx, 400, 401, 404, hangs, resets, outages) or a server that is
// not Discord would (any answer), or to enforce the five-posts-per-two-seconds rule itself. Plain
// node:http, no dependencies.
import * as NodeHttp from "node:http"
import { cancellableSleeps, listenOnLoopback } from "../../src/programs/fakes/loopback.js"

export type DiscordFault =
  /** Retry info in the body (`retry_after`, `global`), the `Retry-After` header, or both (default). */
  | {
    readonly status: 429
    readonly retryAfterSeconds: number
    readonly global?: boolean
    /** X-RateLimit-Scope when not global: the webhook's own bucket ("user", default) or the channel's ("shared"). */
    readonly scope?: "user" | "shared"
    readonly via?: "body" | "header" | "both"
  }
  | { readonly status: 500 | 502 | 503 }
  /** Default body `{"message":"Invalid Form Body","code":50035}`. */
  | { readonly status: 400; readonly body?: unknown }
  | { readonly status: 401 }
  /** Unknown Webhook (deleted). */
  | { readonly status: 404 }
  /** Never answers; close() or the client's timeout ends it. */
  | { readonly hang: true }
  /** The connection is destroyed as soon as the request arrives (a reset). */
  | { readonly down: true }
  /** Any answer at all, as a server that is not Discord's webhook gives (a 405 page, a proxy's 400). */
  | { readonly reply: number; readonly body: string; readonly contentType?: string }

export interface DiscordMessage {
  readonly body: {
    readonly embeds?: ReadonlyArray<Record<string, unknown>>
    readonly allowed_mentions?: unknown
    readonly content?: string
  }
  /** performance.now() when the POST arrived. */
  readonly receivedAt: number
  /** The raw query string, e.g. `?wait=true`. */
  readonly query: string
  /** The message id answered (with wait=true) or that would have been. */
  readonly id: string
}

export interface DiscordPost {
  /** performance.now() when the POST arrived. */
  readonly receivedAt: number
  readonly query: string
  /** The status answered; 0 while unanswered, for a hang, or when the connection was dropped. */
  status: number
  /** Why it did not go through: a scripted fault, the outage, the enforced rate limit, or a bad body. */
  outcome: "pending" | "delivered" | "fault" | "outage" | "rate-limited" | "rejected"
}

export interface RateLimit {
  readonly limit: number
  readonly windowMs: number
  /** The 429's `X-RateLimit-Scope`: "user" for the webhook's own bucket, "shared" for the channel's. */
  readonly scope?: "user" | "shared"
  /** The bucket whose state every answer reports in `X-RateLimit-*` headers (Discord does so for one). */
  readonly headers?: boolean
}

/** Discord's limits on a webhook: 5 posts per 2 s (reported in headers), and about 30 a minute per channel. */
export const discordRateLimits: ReadonlyArray<RateLimit> = [
  { limit: 5, windowMs: 2_000, scope: "user", headers: true },
  { limit: 30, windowMs: 60_000, scope: "shared" }
]

export interface FakeDiscordOptions {
  /** Answer 429 (and count a violation) when a POST would make more than `limit` within `windowMs`. Off by default. */
  readonly enforceRateLimit?: RateLimit | ReadonlyArray<RateLimit>
  /** Default 0: any free port. */
  readonly port?: number
  /** Delay before answering each POST, to widen the window in which a post is in flight. */
  readonly latencyMs?: number
  /** What setDown(true) does when not told: answer 503 (default) or reset the connection. */
  readonly outage?: "503" | "reset"
  /** Called with each message taken, before it is answered: a test can kill the poster right there. */
  readonly beforeAnswer?: (message: DiscordMessage) => void
}

export interface FakeDiscord {
  /** `http://127.0.0.1:<port>/api/webhooks/123456/secret-token` */
  readonly webhookUrl: string
  readonly port: number
  /** Delivered posts only. */
  readonly messages: ReadonlyArray<DiscordMessage>
  /**
   * The delivered messages split into one per embed, each with its message's query and mentions: what
   * a reader sees as one alert each (a digest's second embed counts as one more).
   */
  readonly alerts: ReadonlyArray<DiscordMessage>
  /** Every POST to the webhook, delivered or not, with the status answered. */
  readonly posts: ReadonlyArray<DiscordPost>
  /** POSTs answered 429 by the enforced rate limit. */
  readonly rateLimitViolations: number
  /** GETs of the webhook (what `doctor` does). */
  readonly getRequests: number
  /** Queued; applies to POSTs only. `times` defaults to 1; Infinity makes it stick. */
  fault(behaviour: DiscordFault, options?: { readonly times?: number }): void
  /** A sticky outage for POSTs and GETs: 503, or a reset connection. */
  setDown(down: boolean, how?: "503" | "reset"): void
  clearFaults(): void
  /** Answers 400 with Discord's JSON error to every post whose body contains `text` (undefined: none). */
  rejectContaining(text: string | undefined): void
  /** Forgets messages, posts, GETs and violations (ids keep counting). */
  resetStats(): void
  /** Destroys every socket, hung ones included, and stops listening. Safe to call twice. */
  close(): Promise<void>
}

export const webhookId = "123456"
export const webhookToken = "secret-token"
const webhookPath = `/api/webhooks/${webhookId}/${webhookToken}`
const maxBodyBytes = 8 * 1024 * 1024

const unknownWebhook = { message: "Unknown Webhook", code: 10015 }

export const startFakeDiscord = async (options: FakeDiscordOptions = {}): Promise<FakeDiscord> => {
  const messages: Array<DiscordMessage> = []
  const posts: Array<DiscordPost> = []
  const faults: Array<{ readonly behaviour: DiscordFault; left: number }> = []
  const limits: ReadonlyArray<RateLimit> = options.enforceRateLimit === undefined
    ? []
    : "limit" in options.enforceRateLimit
    ? [options.enforceRateLimit]
    : options.enforceRateLimit
  /** The reported bucket's state after the posts counted so far, as Discord's X-RateLimit-* headers. */
  const bucketHeaders = (at: number): Record<string, string> => {
    const bucket = limits.find((l) => l.headers === true)
    if (bucket === undefined) return {}
    const inWindow = counted.filter((t) => t > at - bucket.windowMs).sort((x, y) => x - y)
    const resetAfter = inWindow.length === 0 ? bucket.windowMs : inWindow[0]! + bucket.windowMs - at
    return {
      "x-ratelimit-limit": String(bucket.limit),
      "x-ratelimit-remaining": String(Math.max(0, bucket.limit - inWindow.length)),
      "x-ratelimit-reset-after": (resetAfter / 1000).toFixed(3),
      "x-ratelimit-bucket": "fake-webhook-bucket"
    }
  }
  const { cancelAll, sleep } = cancellableSleeps()
  /** Arrival times of the POSTs that count against the enforced limit. */
  const counted: Array<number> = []
  let down: "503" | "reset" | undefined
  let rejectText: string | undefined
  let rateLimitViolations = 0
  let getRequests = 0
  let nextId = 1

  const takeFault = (): DiscordFault | undefined => {
    const next = faults[0]
    if (next === undefined) return undefined
    next.left -= 1
    if (next.left <= 0) faults.shift()
    return next.behaviour
  }

  const readBody = (req: NodeHttp.IncomingMessage) =>
    new Promise<Buffer | "too large" | "aborted">((resolve) => {
      const chunks: Array<Buffer> = []
      let size = 0
      req.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size <= maxBodyBytes) chunks.push(chunk)
      })
      req.on("end", () => resolve(size > maxBodyBytes ? "too large" : Buffer.concat(chunks)))
      req.on("close", () => resolve("aborted"))
      req.on("error", () => resolve("aborted"))
    })

  const handlePost = async (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse, url: URL, json: Json) => {
    const receivedAt = performance.now()
    const post: DiscordPost = { receivedAt, query: url.search, status: 0, outcome: "pending" }
    posts.push(post)
    const answer = (
      status: number,
      outcome: DiscordPost["outcome"],
      body: unknown,
      headers: Record<string, string> = {}
    ) => {
      post.status = status
      post.outcome = outcome
      // Every answer reports the webhook bucket, as Discord's do.
      json(status, body, { ...bucketHeaders(receivedAt), ...headers })
    }
    const reset = (outcome: DiscordPost["outcome"]) => {
      post.outcome = outcome
      req.socket.destroy()
    }

    if (down === "reset") return reset("outage")
    if (faults[0] !== undefined && "down" in faults[0].behaviour) {
      takeFault()
      return reset("fault")
    }

    const raw = await readBody(req)
    if (raw === "aborted") return
    await sleep(options.latencyMs ?? 0)
    // The outage may have started while the body was read or the answer delayed.
    const outage = down as "503" | "reset" | undefined
    if (outage === "reset") return reset("outage")
    if (outage === "503") return answer(503, "outage", { message: "Service Unavailable", code: 0 })
    if (raw === "too large") return answer(413, "rejected", { message: "Request entity too large", code: 40005 })

    for (const limit of limits) {
      const inWindow = counted.filter((t) => t > receivedAt - limit.windowMs).sort((x, y) => x - y)
      if (inWindow.length >= limit.limit) {
        rateLimitViolations += 1
        const mustExpire = inWindow[inWindow.length - limit.limit] ?? receivedAt
        const retryAfter = Math.max(0.001, Math.ceil(mustExpire + limit.windowMs - receivedAt) / 1000)
        const scope = limit.scope ?? "user"
        return answer(
          429,
          "rate-limited",
          { message: "You are being rate limited.", retry_after: retryAfter, global: false },
          {
            "retry-after": String(Math.ceil(retryAfter)),
            ...bucketHeaders(receivedAt),
            ...(scope === "user"
              ? { "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": retryAfter.toFixed(3) }
              : {}),
            "x-ratelimit-scope": scope
          }
        )
      }
    }

    const rejected = rejectText !== undefined && raw.toString("utf8").includes(rejectText)
    const fault: DiscordFault | undefined = rejected
      ? { status: 400, body: { message: "Invalid Form Body", code: 50035, errors: { embeds: {} } } }
      : takeFault()
    // A post counts against the enforced limit once it reaches "Discord": not a reset, not a 429.
    const reachesDiscord = fault === undefined || !("down" in fault || ("status" in fault && fault.status === 429))
    if (limits.length > 0 && reachesDiscord) {
      counted.push(receivedAt)
      const longest = Math.max(...limits.map((l) => l.windowMs))
      while (counted.length > 0 && counted[0]! <= receivedAt - 2 * longest) counted.shift()
    }
    if (fault !== undefined) {
      if ("hang" in fault) {
        post.outcome = "fault"
        return
      }
      if ("down" in fault) return reset("fault")
      if ("reply" in fault) {
        post.status = fault.reply
        post.outcome = "fault"
        if (!res.destroyed) {
          res.writeHead(fault.reply, { "content-type": fault.contentType ?? "text/html; charset=utf-8" })
          res.end(fault.body)
        }
        return
      }
      switch (fault.status) {
        case 429: {
          const via = fault.via ?? "both"
          const global = fault.global ?? false
          const body = via === "header"
            ? { message: "You are being rate limited.", global }
            : { message: "You are being rate limited.", retry_after: fault.retryAfterSeconds, global }
          const headers: Record<string, string> = {
            "x-ratelimit-scope": global ? "global" : fault.scope ?? "user",
            ...(global ? { "x-ratelimit-global": "true" } : {}),
            ...(via === "body" ? {} : { "retry-after": String(fault.retryAfterSeconds) })
          }
          return answer(429, "fault", body, headers)
        }
        case 400:
          return answer(400, "fault", fault.body ?? { message: "Invalid Form Body", code: 50035 })
        case 401:
          return answer(401, "fault", { message: "401: Unauthorized", code: 0 })
        case 404:
          return answer(404, "fault", unknownWebhook)
        default:
          return answer(fault.status, "fault", {
            message: fault.status === 502 ? "502: Bad Gateway" : "500: Internal Server Error",
            code: 0
          })
      }
    }

    let body: DiscordMessage["body"]
    try {
      const parsed: unknown = JSON.parse(raw.toString("utf8"))
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object")
      body = parsed as DiscordMessage["body"]
    } catch {
      return answer(400, "rejected", { message: "The request body contains invalid JSON.", code: 50109 })
    }
    const hasContent = (typeof body.content === "string" && body.content.length > 0) ||
      (Array.isArray(body.embeds) && body.embeds.length > 0)
    if (!hasContent) return answer(400, "rejected", { message: "Cannot send an empty message", code: 50006 })

    const id = String(nextId++)
    const message = { body, receivedAt, query: url.search, id }
    messages.push(message)
    options.beforeAnswer?.(message)
    if (url.searchParams.get("wait") === "true") {
      return answer(200, "delivered", {
        id,
        type: 0,
        content: body.content ?? "",
        channel_id: "1",
        webhook_id: webhookId,
        author: { id: webhookId, username: "fake", bot: true },
        attachments: [],
        embeds: body.embeds ?? [],
        mentions: [],
        mention_roles: [],
        pinned: false,
        mention_everyone: false,
        tts: false,
        timestamp: new Date().toISOString(),
        edited_timestamp: null,
        flags: 0,
        components: []
      })
    }
    post.status = 204
    post.outcome = "delivered"
    if (!res.destroyed) {
      res.writeHead(204, bucketHeaders(receivedAt))
      res.end()
    }
  }

  type Json = (status: number, body: unknown, headers?: Record<string, string>) => void

  const server = NodeHttp.createServer((req, res) => {
    req.on("error", () => undefined)
    res.on("error", () => undefined)
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const json: Json = (status, body, headers = {}) => {
      if (res.destroyed || res.writableEnded) return
      const text = JSON.stringify(body)
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(text)),
        ...headers
      })
      res.end(text)
    }
    if (url.pathname !== webhookPath) {
      req.resume()
      return json(404, unknownWebhook)
    }
    if (req.method === "POST") {
      handlePost(req, res, url, json).catch(() => res.destroy())
      return
    }
    req.resume()
    if (req.method === "GET") {
      getRequests += 1
      if (down === "reset") return void req.socket.destroy()
      if (down === "503") return json(503, { message: "Service Unavailable", code: 0 })
      return json(200, {
        type: 1,
        id: webhookId,
        name: "fake",
        avatar: null,
        channel_id: "1",
        guild_id: "1",
        application_id: null,
        token: webhookToken
      })
    }
    return json(405, { message: "405: Method Not Allowed", code: 0 })
  })
  const listening = await listenOnLoopback(server, {
    ...(options.port === undefined ? {} : { port: options.port }),
    beforeClose: () => {
      cancelAll()
    }
  })
  const port = listening.port

  return {
    webhookUrl: `http://127.0.0.1:${port}${webhookPath}`,
    port,
    get messages() {
      return messages
    },
    get alerts() {
      return messages.flatMap((m) =>
        (m.body.embeds ?? []).map((embed) => ({ ...m, body: { ...m.body, embeds: [embed] } }))
      )
    },
    get posts() {
      return posts
    },
    get rateLimitViolations() {
      return rateLimitViolations
    },
    get getRequests() {
      return getRequests
    },
    fault(behaviour, opts) {
      const times = opts?.times ?? 1
      if (times > 0) faults.push({ behaviour, left: times })
    },
    setDown: (value, how) => void (down = value ? how ?? options.outage ?? "503" : undefined),
    clearFaults: () => void (faults.length = 0),
    rejectContaining: (text) => void (rejectText = text),
    resetStats() {
      messages.length = 0
      posts.length = 0
      counted.length = 0
      rateLimitViolations = 0
      getRequests = 0
    },
    close: listening.close
  }
}
