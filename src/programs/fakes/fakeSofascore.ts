// A fake Sofascore API on loopback, for the tests, the demo, the soak and the benchmark: fixtures,
// scripted or computed pages, faults on demand, and a record of every request (with the peak number
// in flight, to check the client's semaphore). Plain node:http, so scripts can bundle it on its own.
import * as NodeHttp from "node:http"
import { cancellableSleeps, listenOnLoopback } from "./loopback.js"
import {
  errorEnvelope,
  fixtures,
  fixturesT0,
  notFoundBody,
  routeOf,
  shiftTimes,
  watchedFixtureIds
} from "./sofascoreFixtures.js"

export type SofascoreFault =
  /** The anti-bot block: a JSON envelope (`reason: "challenge"`) or an HTML interstitial. */
  | { readonly status: 403; readonly body: "json" | "html" }
  /** `Retry-After: <seconds>` when `retryAfter` is given. */
  | { readonly status: 429; readonly retryAfter?: number }
  /** A JSON error envelope by default, or a CDN-style HTML page. */
  | { readonly status: 500 | 502 | 503; readonly body?: "json" | "html" }
  /** Never answers; the socket stays open until the client gives up or close() is called. */
  | { readonly hang: true }
  /** Waits, then answers normally (on top of `latencyMs`). */
  | { readonly delayMs: number }
  /** Headers and part of a body, then the connection is destroyed. */
  | { readonly resetMidBody: true }
  | { readonly malformedJson: true }
  /** Valid JSON of the wrong shape: `{"ranking":{}}` / `{"predictions":"nope"}`. */
  | { readonly wrongShape: true }
  /** A 200 of exactly this many bytes of JSON-looking text, streamed in chunks (chunked encoding unless `contentLength`). */
  | { readonly hugeBodyBytes: number; readonly contentLength?: boolean }
  /** A 200 whose body is `{"error":{"code":<n>,"reason":…}}`. */
  | { readonly errorEnvelope: number }

export interface RecordedRequest {
  readonly method: string
  /** The path without the `/api/v1` prefix, e.g. `/user-account/vote-ranking`. */
  readonly path: string
  /** The raw query string, e.g. `?page=0` (empty when none). */
  readonly query: string
  /** `?page=` as a number; undefined when absent, NaN when not a number. */
  readonly page: number | undefined
  readonly headers: NodeHttp.IncomingHttpHeaders
  /** performance.now() when the request arrived. */
  readonly startedAt: number
  /** The status answered; 0 while unanswered, or when the request hung or was dropped before the head. */
  status: number
  /** The route key faults are looked up by ("ranking" or the user id), when the path is a known route. */
  readonly key: string | undefined
  /** The fault applied to this request, if any. */
  readonly fault: SofascoreFault | undefined
}

export interface FakeSofascoreOptions {
  /** Delay before each normal answer, so concurrency can be observed. Default 0. */
  readonly latencyMs?: number
  /** Default 0: any free port. */
  readonly port?: number
  /** Same as calling setNow() at once. */
  readonly now?: number
  /** Same as calling loadFixtures() at once. */
  readonly fixtures?: boolean
}

export interface FakeSofascore {
  /** `http://127.0.0.1:<port>/api/v1` */
  readonly baseUrl: string
  readonly port: number
  readonly requests: ReadonlyArray<RecordedRequest>
  /** The peak number of requests in flight at once since the start (or since resetStats()). */
  readonly maxInFlight: number
  readonly inFlight: number
  setRanking(json: unknown): void
  /** Page n is served at `?page=n`; a page beyond the list answers 404. */
  setPredictions(userId: string, pages: ReadonlyArray<unknown>): void
  /**
   * Computes a user's page on each request, ahead of setPredictions(); undefined from it falls back
   * to what was set. Its pages are served as returned (no setNow() shift).
   */
  setPredictionsSource(source: ((userId: string, page: number) => unknown) | undefined): void
  /** vote-ranking.json, the three fixture users' pages, and an empty page 0 for the other watched users. */
  loadFixtures(): void
  /** Shift every served startDateTimestamp by (now − fixturesT0) seconds; undefined serves them as stored. */
  setNow(epochSeconds: number | undefined): void
  setLatency(ms: number): void
  /** Key: "ranking" or a user id. `times` defaults to 1; Infinity makes it stick. Queued behind earlier faults for the key. */
  fault(key: string, behaviour: SofascoreFault, options?: { readonly times?: number }): void
  clearFaults(): void
  /** Requests whose path (without `/api/v1`) starts with the prefix; all when omitted. */
  requestCount(pathPrefix?: string): number
  /** Forgets the requests and restarts the peak from the number in flight now. */
  resetStats(): void
  /** Destroys every socket, hung ones included, and stops listening. Safe to call twice. */
  close(): Promise<void>
}

const reasonFor = (code: number): string =>
  code === 403
    ? "challenge"
    : code === 404
    ? "Not Found"
    : code === 429
    ? "Too Many Requests"
    : code >= 500
    ? "Internal Server Error"
    : "Error"

const blockPage =
  "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title><meta charset=\"UTF-8\"></head>" +
  "<body><div id=\"challenge\">Checking if the site connection is secure</div><noscript>Enable JavaScript and cookies to continue</noscript></body></html>"
const errorPage = (status: number) =>
  `<html><head><title>${status} Error</title></head><body><center><h1>${status} Error</h1></center><hr><center>nginx</center></body></html>`

/** The path below the API root; "" for anything outside it, which no route matches. */
const apiPath = (pathname: string): string => pathname.startsWith("/api/v1/") ? pathname.slice(7) : ""

export const startFakeSofascore = async (options: FakeSofascoreOptions = {}): Promise<FakeSofascore> => {
  let ranking: unknown = { ranking: [] }
  const predictions = new Map<string, ReadonlyArray<unknown>>()
  const faults = new Map<string, Array<{ readonly behaviour: SofascoreFault; left: number }>>()
  const requests: Array<RecordedRequest> = []
  const { cancelAll, sleep } = cancellableSleeps()
  let latencyMs = options.latencyMs ?? 0
  let shiftSeconds = 0
  let inFlight = 0
  let maxInFlight = 0
  let source: ((userId: string, page: number) => unknown) | undefined

  const takeFault = (key: string): SofascoreFault | undefined => {
    const queue = faults.get(key)
    const next = queue?.[0]
    if (queue === undefined || next === undefined) return undefined
    next.left -= 1
    if (next.left <= 0) queue.shift()
    return next.behaviour
  }

  let closing = false
  const gone = (res: NodeHttp.ServerResponse) => res.destroyed || res.writableEnded || closing

  const handle = async (
    req: NodeHttp.IncomingMessage,
    res: NodeHttp.ServerResponse,
    url: URL,
    record: { status: number },
    fault: SofascoreFault | undefined
  ): Promise<void> => {
    const send = (
      status: number,
      body: string,
      contentType = "application/json; charset=utf-8",
      headers: Record<string, string> = {}
    ) => {
      if (gone(res)) return
      record.status = status
      res.writeHead(status, {
        "content-type": contentType,
        "content-length": String(Buffer.byteLength(body)),
        ...headers
      })
      res.end(body)
    }
    const route = req.method === "GET" ? routeOf(apiPath(url.pathname)) : undefined
    if (route === undefined) return send(404, notFoundBody)
    const isRanking = route.kind === "ranking"

    if (fault !== undefined) {
      if ("hang" in fault) return
      if ("delayMs" in fault) {
        await sleep(fault.delayMs)
      } else if ("status" in fault) {
        if (fault.status === 403) {
          return fault.body === "html"
            ? send(403, blockPage, "text/html; charset=UTF-8")
            : send(403, errorEnvelope(403, "challenge"))
        }
        if (fault.status === 429) {
          return send(
            429,
            errorEnvelope(429, reasonFor(429)),
            undefined,
            fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) }
          )
        }
        return fault.body === "html"
          ? send(fault.status, errorPage(fault.status), "text/html")
          : send(fault.status, errorEnvelope(fault.status, reasonFor(fault.status)))
      } else if ("resetMidBody" in fault) {
        if (gone(res)) return
        record.status = 200
        const partial = isRanking
          ? "{\"ranking\":[{\"id\":\"65f1c0a2b3d4e5f60718293a\",\"nickname\":\"Nor"
          : "{\"predictions\":[{\"eventId\":13900101,\"startDateTimestamp\":17"
        res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": "100000" })
        res.write(partial)
        // Let the head and the partial body reach the client before the connection goes.
        await sleep(20)
        req.socket.destroy()
        return
      } else if ("malformedJson" in fault) {
        return send(
          200,
          isRanking
            ? "{\"ranking\": [ {\"id\": \"65f1c0a2b3d4e5f60718293a\", "
            : "{\"predictions\": [ {\"eventId\": 13900101, "
        )
      } else if ("wrongShape" in fault) {
        return send(200, isRanking ? "{\"ranking\":{}}" : "{\"predictions\":\"nope\"}")
      } else if ("errorEnvelope" in fault) {
        return send(200, errorEnvelope(fault.errorEnvelope, reasonFor(fault.errorEnvelope)))
      } else {
        return streamHuge(res, record, isRanking, fault.hugeBodyBytes, fault.contentLength === true)
      }
    }

    await sleep(latencyMs)
    if (isRanking) return send(200, JSON.stringify(ranking))
    const pageText = url.searchParams.get("page") ?? "0"
    const page = /^\d+$/.test(pageText) ? Number(pageText) : undefined
    const computed = page === undefined ? undefined : source?.(route.user, page)
    if (computed !== undefined) return send(200, JSON.stringify(computed))
    const body = page === undefined ? undefined : predictions.get(route.user)?.[page]
    if (body === undefined) return send(404, notFoundBody)
    return send(200, JSON.stringify(shiftTimes(body, shiftSeconds)))
  }

  /** Exactly `bytes` bytes of `{"predictions":[{"eventId":1,"padding":"xxx…"}]}`, never more than one chunk in memory. */
  const streamHuge = (
    res: NodeHttp.ServerResponse,
    record: { status: number },
    isRanking: boolean,
    bytes: number,
    declare: boolean
  ) => {
    if (gone(res)) return
    const head = Buffer.from(
      isRanking ? "{\"ranking\":[{\"id\":\"1\",\"padding\":\"" : "{\"predictions\":[{\"eventId\":1,\"padding\":\""
    )
    const tail = Buffer.from("\"}]}")
    const total = Math.max(0, Math.floor(bytes))
    const padding = Math.max(0, total - head.length - tail.length)
    const chunk = Buffer.alloc(64 * 1024, "x")
    record.status = 200
    res.writeHead(200, {
      "content-type": "application/json; charset=utf-8",
      ...(declare ? { "content-length": String(total) } : {})
    })
    // Bodies shorter than the frame are its first `total` bytes.
    const frameHead = head.subarray(0, Math.min(head.length, total))
    let left = padding
    let tailLeft = total - frameHead.length - padding
    if (frameHead.length > 0) res.write(frameHead)
    const pump = () => {
      while (left > 0) {
        if (gone(res)) return
        const n = Math.min(left, chunk.length)
        left -= n
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once("drain", pump)
      }
      if (gone(res)) return
      res.end(tail.subarray(0, Math.max(0, tailLeft)))
      tailLeft = 0
    }
    pump()
  }

  const server = NodeHttp.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1")
    const pageParam = url.searchParams.get("page")
    const route = req.method === "GET" ? routeOf(apiPath(url.pathname)) : undefined
    const key = route === undefined ? undefined : route.kind === "ranking" ? "ranking" : route.user
    const fault = key === undefined ? undefined : takeFault(key)
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname.replace(/^\/api\/v1(?=\/)/, ""),
      query: url.search,
      page: pageParam === null ? undefined : /^\d+$/.test(pageParam) ? Number(pageParam) : Number.NaN,
      headers: req.headers,
      startedAt: performance.now(),
      status: 0,
      key,
      fault
    }
    requests.push(record)
    inFlight += 1
    maxInFlight = Math.max(maxInFlight, inFlight)
    let done = false
    const finish = () => {
      if (done) return
      done = true
      inFlight -= 1
    }
    res.on("close", finish)
    req.on("error", () => undefined)
    res.on("error", () => undefined)
    req.resume() // GETs have no body; drain anything sent anyway.
    handle(req, res, url, record, fault).catch(() => res.destroy())
  })
  const listening = await listenOnLoopback(server, {
    ...(options.port === undefined ? {} : { port: options.port }),
    beforeClose: () => {
      closing = true
      cancelAll()
    }
  })
  const port = listening.port

  const fake: FakeSofascore = {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    port,
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
    setPredictions: (userId, pages) => void predictions.set(String(userId), [...pages]),
    setPredictionsSource: (fn) => void (source = fn),
    loadFixtures() {
      ranking = fixtures.voteRanking
      for (const [user, pages] of Object.entries(fixtures.predictions)) predictions.set(user, pages)
      // The leaderboard's other watched predictors have nothing to show.
      for (const user of watchedFixtureIds) if (!predictions.has(user)) predictions.set(user, [{ predictions: [] }])
    },
    setNow: (epochSeconds) =>
      void (shiftSeconds = epochSeconds === undefined ? 0 : Math.round(epochSeconds) - fixturesT0),
    setLatency: (ms) => void (latencyMs = Math.max(0, ms)),
    fault(key, behaviour, opts) {
      const times = opts?.times ?? 1
      if (!(times > 0)) return
      const queue = faults.get(key) ?? []
      queue.push({ behaviour, left: times })
      faults.set(key, queue)
    },
    clearFaults: () => faults.clear(),
    requestCount: (prefix) =>
      requests.filter((r) => prefix === undefined || r.path.startsWith(prefix.replace(/^\/api\/v1(?=\/)/, ""))).length,
    resetStats() {
      requests.length = 0
      maxInFlight = inFlight
    },
    close: listening.close
  }
  if (options.fixtures === true) fake.loadFixtures()
  if (options.now !== undefined) fake.setNow(options.now)
  return fake
}
