// A fake Discord webhook on loopback: records what is posted, and can be told to fail the way
// Discord does (429 with retry_after, 5xx, 400, 401, 404, hangs, resets, outages).
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"

export type DiscordFault =
  | { readonly status: 429; readonly retryAfterSeconds: number; readonly global?: boolean; readonly via?: "body" | "header" | "both" }
  | { readonly status: 500 | 502 | 503 }
  | { readonly status: 400; readonly body?: unknown }
  | { readonly status: 401 }
  | { readonly status: 404 }
  | { readonly hang: true }
  | { readonly down: true }

export interface DiscordMessage {
  readonly body: { readonly embeds?: ReadonlyArray<Record<string, unknown>>; readonly allowed_mentions?: unknown; readonly content?: string }
  readonly receivedAt: number
  readonly query: string
}

export interface FakeDiscord {
  readonly webhookUrl: string
  readonly messages: ReadonlyArray<DiscordMessage>
  /** Every POST, delivered or not, with the status answered (0 when the connection was dropped). */
  readonly posts: ReadonlyArray<{ readonly receivedAt: number; status: number }>
  readonly rateLimitViolations: number
  readonly getRequests: number
  fault(behaviour: DiscordFault, options?: { readonly times?: number }): void
  /** A sticky outage: every POST answers 503 (or has its connection reset). */
  setDown(down: boolean, how?: "503" | "reset"): void
  clearFaults(): void
  close(): Promise<void>
}

const webhookPath = "/api/webhooks/123456/secret-token"

export const startFakeDiscord = async (
  options: {
    readonly enforceRateLimit?: { readonly limit: number; readonly windowMs: number }
    readonly port?: number
    /** Delay before answering each POST, to widen the window in which a post is in flight. */
    readonly latencyMs?: number
  } = {}
): Promise<FakeDiscord> => {
  const messages: Array<DiscordMessage> = []
  const posts: Array<{ receivedAt: number; status: number }> = []
  const faults: Array<{ behaviour: DiscordFault; left: number }> = []
  const sockets = new Set<NodeNet.Socket>()
  let down: "503" | "reset" | undefined
  let rateLimitViolations = 0
  let getRequests = 0
  let nextId = 1

  const server = NodeHttp.createServer((req, res) => {
    req.on("error", () => undefined)
    res.on("error", () => undefined)
    const url = new URL(req.url ?? "/", "http://localhost")
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== webhookPath) return json(404, { message: "Unknown Webhook", code: 10015 })
    if (req.method === "GET") {
      getRequests += 1
      return json(200, { id: "123456", name: "fake", channel_id: "1", guild_id: "1", token: "secret-token" })
    }
    if (req.method !== "POST") return json(405, { message: "405: Method Not Allowed", code: 0 })

    let raw = ""
    req.on("data", (chunk: Buffer) => (raw += chunk.toString()))
    req.on("end", () => setTimeout(() => {
      const receivedAt = performance.now()
      const post = { receivedAt, status: 0 }
      posts.push(post)
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        post.status = status
        json(status, body, headers)
      }
      if (down === "reset") return void req.socket.destroy()
      if (down === "503") return answer(503, { message: "Service Unavailable" })

      if (options.enforceRateLimit !== undefined) {
        const { limit, windowMs } = options.enforceRateLimit
        const recent = posts.filter((p) => p.status !== 429 && receivedAt - p.receivedAt < windowMs)
        if (recent.length > limit) {
          rateLimitViolations += 1
          return answer(429, { message: "You are being rate limited.", retry_after: 1, global: false }, { "retry-after": "1" })
        }
      }

      const next = faults[0]
      if (next !== undefined) {
        next.left -= 1
        if (next.left <= 0) faults.shift()
        const f = next.behaviour
        if ("hang" in f) return
        if ("down" in f) return void req.socket.destroy()
        if (f.status === 429) {
          const via = f.via ?? "both"
          const body = via === "header" ? { message: "You are being rate limited." } : { message: "You are being rate limited.", retry_after: f.retryAfterSeconds, global: f.global ?? false }
          const headers: Record<string, string> = via === "body" ? {} : { "retry-after": String(f.retryAfterSeconds) }
          headers["x-ratelimit-scope"] = f.global ? "global" : "user"
          if (f.global) headers["x-ratelimit-global"] = "true"
          return answer(429, body, headers)
        }
        if (f.status === 400) return answer(400, f.body ?? { message: "Invalid Form Body", code: 50035 })
        if (f.status === 401) return answer(401, { message: "401: Unauthorized", code: 0 })
        if (f.status === 404) return answer(404, { message: "Unknown Webhook", code: 10015 })
        return answer(f.status, { message: "Internal Server Error" })
      }

      let body: DiscordMessage["body"]
      try {
        body = JSON.parse(raw) as DiscordMessage["body"]
      } catch {
        return answer(400, { message: "The request body contains invalid JSON.", code: 50109 })
      }
      messages.push({ body, receivedAt, query: url.search })
      if (url.searchParams.get("wait") === "true") return answer(200, { id: String(nextId++), ...body })
      post.status = 204
      res.writeHead(204)
      res.end()
    }, options.latencyMs ?? 0))
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve))
  const port = (server.address() as NodeNet.AddressInfo).port

  return {
    webhookUrl: `http://127.0.0.1:${port}${webhookPath}`,
    get messages() {
      return messages
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
    fault: (behaviour, opts) => void faults.push({ behaviour, left: opts?.times ?? 1 }),
    setDown: (value, how = "503") => void (down = value ? how : undefined),
    clearFaults: () => void (faults.length = 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
