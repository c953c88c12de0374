// A fake Sofascore API on loopback for the tests: fixtures or scripted state, faults on demand, and
// a record of every request (with the peak number in flight, to check the client's semaphore).
import * as NodeFs from "node:fs"
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"

/** The fixtures' "now" (README of the fixtures): 2026-01-01T00:00:00Z. */
export const fixturesT0 = 1_767_225_600

export type SofascoreFault =
  | { readonly status: 403; readonly body: "json" | "html" }
  | { readonly status: 429; readonly retryAfter?: number }
  | { readonly status: 500 | 502 | 503 }
  | { readonly hang: true }
  | { readonly delayMs: number }
  | { readonly resetMidBody: true }
  | { readonly malformedJson: true }
  | { readonly wrongShape: true }
  | { readonly hugeBodyBytes: number }
  | { readonly errorEnvelope: number }

export interface RecordedRequest {
  readonly path: string
  readonly page: number | undefined
  readonly headers: NodeHttp.IncomingHttpHeaders
  readonly startedAt: number
  status: number
}

export interface FakeSofascore {
  readonly baseUrl: string
  readonly requests: ReadonlyArray<RecordedRequest>
  readonly maxInFlight: number
  readonly inFlight: number
  setRanking(json: unknown): void
  setPredictions(userId: string, pages: ReadonlyArray<unknown>): void
  loadFixtures(): void
  /** Shift every served startDateTimestamp by (now − fixturesT0) seconds. */
  setNow(epochSeconds: number | undefined): void
  /** Key: "ranking" or a user id. `times` defaults to 1; Infinity makes it stick. */
  fault(key: string, behaviour: SofascoreFault, options?: { readonly times?: number }): void
  clearFaults(): void
  requestCount(pathPrefix?: string): number
  resetStats(): void
  close(): Promise<void>
}

const fixture = (name: string): unknown =>
  JSON.parse(NodeFs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8"))

export const fixtureUsers = {
  A: "65f1c0a2b3d4e5f60718293a",
  B: "66a0b1c2d3e4f5061728394b",
  C: "4471902"
} as const

const notFoundBody = JSON.stringify({ error: { code: 404, reason: "Not Found" } })

const shiftTimes = (json: unknown, bySeconds: number): unknown => {
  if (bySeconds === 0 || typeof json !== "object" || json === null) return json
  const copy = structuredClone(json) as { predictions?: Array<{ startDateTimestamp?: unknown }> }
  for (const p of copy.predictions ?? []) {
    if (typeof p.startDateTimestamp === "number") p.startDateTimestamp += bySeconds
  }
  return copy
}

export const startFakeSofascore = async (options: { readonly latencyMs?: number; readonly port?: number } = {}): Promise<FakeSofascore> => {
  let ranking: unknown = { ranking: [] }
  const predictions = new Map<string, ReadonlyArray<unknown>>()
  const faults = new Map<string, Array<{ behaviour: SofascoreFault; left: number }>>()
  const requests: Array<RecordedRequest> = []
  const sockets = new Set<NodeNet.Socket>()
  let shiftSeconds = 0
  let inFlight = 0
  let maxInFlight = 0

  const takeFault = (key: string): SofascoreFault | undefined => {
    const queue = faults.get(key)
    const next = queue?.[0]
    if (next === undefined) return undefined
    next.left -= 1
    if (next.left <= 0) queue!.shift()
    return next.behaviour
  }

  const handle = async (req: NodeHttp.IncomingMessage, res: NodeHttp.ServerResponse, record: RecordedRequest) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status
      res.writeHead(status, { "content-type": "application/json", ...headers })
      res.end(body)
    }
    const rankingPath = url.pathname === "/api/v1/user-account/vote-ranking"
    const userMatch = /^\/api\/v1\/(?:user-account\/([0-9a-f]{24})|user\/(\d+))\/predictions$/.exec(url.pathname)
    const key = rankingPath ? "ranking" : userMatch?.[1] ?? userMatch?.[2]
    if (key === undefined) return send(404, notFoundBody)

    const fault = takeFault(key)
    if (fault !== undefined) {
      if ("hang" in fault) return
      if ("delayMs" in fault) await new Promise((r) => setTimeout(r, fault.delayMs))
      else if ("status" in fault) {
        if (fault.status === 403) {
          return fault.body === "html"
            ? (record.status = 403,
              res.writeHead(403, { "content-type": "text/html" }),
              res.end("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>"))
            : send(403, JSON.stringify({ error: { code: 403, reason: "challenge" } }))
        }
        if (fault.status === 429) {
          return send(429, JSON.stringify({ error: { code: 429 } }), fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) })
        }
        return send(fault.status, JSON.stringify({ error: { code: fault.status, reason: "Server Error" } }))
      } else if ("resetMidBody" in fault) {
        record.status = 200
        res.writeHead(200, { "content-type": "application/json", "content-length": "100000" })
        res.write("{\"predictions\": [{\"eventId\": 1, ")
        setTimeout(() => req.socket.destroy(), 20)
        return
      } else if ("malformedJson" in fault) return send(200, "{\"predictions\": [ {\"eventId\": 13900101, ")
      else if ("wrongShape" in fault) return send(200, rankingPath ? "{\"ranking\":{}}" : "{\"predictions\":\"nope\"}")
      else if ("errorEnvelope" in fault) {
        return send(200, JSON.stringify({ error: { code: fault.errorEnvelope, reason: "challenge" } }))
      } else if ("hugeBodyBytes" in fault) {
        record.status = 200
        res.writeHead(200, { "content-type": "application/json" })
        res.write("{\"predictions\":[")
        const chunk = `{"eventId":1,"x":"${"y".repeat(1000)}"},`.repeat(60)
        let written = 0
        const pump = () => {
          while (written < fault.hugeBodyBytes) {
            written += chunk.length
            if (!res.write(chunk)) return void res.once("drain", pump)
          }
          res.end("{}]}")
        }
        res.on("error", () => undefined)
        return pump()
      }
    }

    if (options.latencyMs !== undefined && options.latencyMs > 0) await new Promise((r) => setTimeout(r, options.latencyMs))
    if (rankingPath) return send(200, JSON.stringify(ranking))
    const pages = predictions.get(key)
    const page = Number(url.searchParams.get("page") ?? "0")
    const body = pages?.[page]
    if (body === undefined) return send(404, notFoundBody)
    return send(200, JSON.stringify(shiftTimes(body, shiftSeconds)))
  }

  const server = NodeHttp.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost")
    const pageParam = url.searchParams.get("page")
    const record: RecordedRequest = {
      path: url.pathname.replace(/^\/api\/v1/, ""),
      page: pageParam === null ? undefined : Number(pageParam),
      headers: req.headers,
      startedAt: performance.now(),
      status: 0
    }
    requests.push(record)
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    let done = false
    const finish = () => {
      if (!done) (done = true, inFlight -= 1)
    }
    res.on("close", finish)
    req.on("error", () => undefined)
    res.on("error", () => undefined)
    handle(req, res, record).catch(() => res.destroy())
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
    socket.on("error", () => undefined)
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve))
  const port = (server.address() as NodeNet.AddressInfo).port

  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    get requests() {
      return requests
    },
    get maxInFlight() {
      return maxInFlight
    },
    get inFlight() {
      return inFlight
    },
    setRanking: (json) => void (ranking = json),
    setPredictions: (userId, pages) => void predictions.set(userId, pages),
    loadFixtures() {
      ranking = fixture("vote-ranking.json")
      predictions.set(fixtureUsers.A, [fixture(`predictions-${fixtureUsers.A}.json`)])
      predictions.set(fixtureUsers.B, [fixture(`predictions-${fixtureUsers.B}.json`)])
      predictions.set(fixtureUsers.C, [fixture("predictions-4471902.json"), fixture("predictions-4471902.page1.json")])
    },
    setNow: (epochSeconds) => void (shiftSeconds = epochSeconds === undefined ? 0 : epochSeconds - fixturesT0),
    fault(key, behaviour, opts) {
      const queue = faults.get(key) ?? []
      queue.push({ behaviour, left: opts?.times ?? 1 })
      faults.set(key, queue)
    },
    clearFaults: () => faults.clear(),
    requestCount: (prefix) => requests.filter((r) => prefix === undefined || r.path.startsWith(prefix)).length,
    resetStats() {
      requests.length = 0
      maxInFlight = inFlight
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
