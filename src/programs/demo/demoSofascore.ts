// The demo's Sofascore: the bundled fixtures served over loopback HTTP, shifted so that their "now"
// is the demo's start, and made to live through a simulated day: matches kick off and finish as the
// demo clock passes them, and a few new picks, a changed pick and odds moves arrive on schedule.
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import predictionsC0 from "./fixtures/predictions-4471902.json" with { type: "json" }
import predictionsC1 from "./fixtures/predictions-4471902.page1.json" with { type: "json" }
import predictionsA from "./fixtures/predictions-65f1c0a2b3d4e5f60718293a.json" with { type: "json" }
import predictionsB from "./fixtures/predictions-66a0b1c2d3e4f5061728394b.json" with { type: "json" }
import voteRanking from "./fixtures/vote-ranking.json" with { type: "json" }

/** The fixtures' own "now" (2026-01-01T00:00:00Z), in seconds. */
const fixturesT0 = 1_767_225_600
const hourS = 3600

interface WireItem {
  eventId: number
  startDateTimestamp: number
  homeTeamName: string
  awayTeamName: string
  vote?: string
  status: { code: number; description: string; type: string }
  odds: { decimalValue?: string; fractionalValue?: string | null } | null
  [key: string]: unknown
}
interface WirePage {
  predictions: Array<WireItem>
  hasNextPage?: boolean
}

const A = "65f1c0a2b3d4e5f60718293a"
const B = "66a0b1c2d3e4f5061728394b"
const C = "4471902"

/** What changes during the demo day, at seconds after its start. */
interface ScriptedChange {
  readonly afterS: number
  readonly user: string
  readonly apply: (page: WirePage, startS: number) => void
}

const newMatch = (
  eventId: number,
  home: string,
  away: string,
  kickOffS: number,
  vote: string,
  odds: string
): WireItem => ({
  eventId,
  customId: "Demo",
  eventSlug: `${home}-${away}`.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
  startDateTimestamp: kickOffS,
  homeTeamName: home,
  awayTeamName: away,
  sportSlug: "football",
  status: { code: 0, description: "Not started", type: "notstarted" },
  vote,
  odds: { decimalValue: odds }
})

const withOdds = (page: WirePage, eventId: number, odds: string) => {
  const item = page.predictions.find((p) => p.eventId === eventId)
  if (item) item.odds = { decimalValue: odds }
}

const script: ReadonlyArray<ScriptedChange> = [
  { afterS: 1 * hourS, user: A, apply: (p) => withOdds(p, 13900102, "2.75") },
  {
    afterS: 2 * hourS,
    user: A,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900901, "Harbor City", "Glenrock Town", t + 9 * hourS, "1", "2.05"))
  },
  {
    afterS: 4 * hourS,
    user: B,
    apply: (p) => {
      const item = p.predictions.find((i) => i.eventId === 13900205)
      if (item) item.vote = "2"
    }
  },
  {
    afterS: 6 * hourS,
    user: C,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900902, "Fairlea Rovers", "Quarry Lane", t + 14 * hourS, "X", "3.30"))
  },
  { afterS: 9 * hourS, user: A, apply: (p) => withOdds(p, 13900901, "2.60") },
  {
    afterS: 13 * hourS,
    user: B,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900903, "Moorgate Hawks", "Ashford Lynx", t + 20 * hourS, "2", "2.40"))
  }
]

/** Matches kick off and end as simulated time passes them (two hours a match). */
const liveStatus = (item: WireItem, nowS: number) => {
  if (item.status.type !== "notstarted") return
  if (nowS >= item.startDateTimestamp + 2 * hourS) item.status = { code: 100, description: "Ended", type: "finished" }
  else if (nowS >= item.startDateTimestamp) item.status = { code: 6, description: "1st half", type: "inprogress" }
}

const basePages = (): Record<string, ReadonlyArray<WirePage>> => ({
  [A]: [predictionsA as WirePage],
  [B]: [predictionsB as WirePage],
  [C]: [predictionsC0 as WirePage, predictionsC1 as WirePage]
})

export interface DemoSofascore {
  readonly baseUrl: string
  readonly close: () => Promise<void>
}

/** Serves the demo day; `now` is the demo clock, in epoch milliseconds. */
export const startDemoSofascore = (startAtMs: number, now: () => number): Promise<DemoSofascore> => {
  const startS = Math.floor(startAtMs / 1000)
  const shift = startS - fixturesT0
  const pageAt = (user: string, page: number): WirePage | undefined => {
    const base = basePages()[user]?.[page]
    if (base === undefined) return undefined
    const copy = structuredClone(base)
    for (const item of copy.predictions) item.startDateTimestamp += shift
    const nowS = Math.floor(now() / 1000)
    if (page === 0) {
      for (const change of script) {
        if (change.user === user && nowS - startS >= change.afterS) change.apply(copy, startS)
      }
    }
    for (const item of copy.predictions) liveStatus(item, nowS)
    return copy
  }

  const sockets = new Set<NodeNet.Socket>()
  const server = NodeHttp.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://demo")
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === "/api/v1/user-account/vote-ranking") return send(200, voteRanking)
    const user = /^\/api\/v1\/(?:user-account|user)\/([0-9a-f]{24}|\d+)\/predictions$/.exec(url.pathname)?.[1]
    const page = user === undefined ? undefined : pageAt(user, Number(url.searchParams.get("page") ?? "0"))
    // The fixtures' other watched users have nothing to show.
    if (user !== undefined && page === undefined && url.searchParams.get("page") === "0") {
      return send(200, { predictions: [] })
    }
    return page === undefined ? send(404, { error: { code: 404, reason: "Not Found" } }) : send(200, page)
  })
  server.on("connection", (socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  })
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as NodeNet.AddressInfo).port}/api/v1`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      }))
  )
}
