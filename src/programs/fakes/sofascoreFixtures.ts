// Sofascore's side of every fake: the bundled fixtures (one copy, shipped with the demo), the routes
// the API answers on, the error bodies it sends, and builders for synthetic predictors and
// predictions. The demo, the tests, the simulation, the soak and the benchmark all read from here, so
// a change to the wire format is made once.
import expectedFilterResults from "./fixtures/expected-filter-results.json" with { type: "json" }
import predictionsC from "./fixtures/predictions-4471902.json" with { type: "json" }
import predictionsCPage1 from "./fixtures/predictions-4471902.page1.json" with { type: "json" }
import predictionsA from "./fixtures/predictions-65f1c0a2b3d4e5f60718293a.json" with { type: "json" }
import predictionsB from "./fixtures/predictions-66a0b1c2d3e4f5061728394b.json" with { type: "json" }
import voteRanking from "./fixtures/vote-ranking.json" with { type: "json" }

/** The fixtures' "now" (their README): 2026-01-01T00:00:00Z, in seconds. */
export const fixturesT0 = 1_767_225_600

/** The three fixture users that have predictions (C is a legacy numeric id with two pages). */
export const fixtureUsers = {
  A: "65f1c0a2b3d4e5f60718293a",
  B: "66a0b1c2d3e4f5061728394b",
  C: "4471902"
} as const

/** The documents as stored; callers that change them get a copy from fixturePages() or structuredClone. */
export const fixtures = {
  voteRanking: voteRanking as unknown,
  expectedFilterResults,
  predictions: {
    [fixtureUsers.A]: [predictionsA],
    [fixtureUsers.B]: [predictionsB],
    [fixtureUsers.C]: [predictionsC, predictionsCPage1]
  } as Readonly<Record<string, ReadonlyArray<unknown>>>
}

/** Who the default criteria watch in vote-ranking.json, in order (the fixtures' README). */
export const watchedFixtureIds: ReadonlyArray<string> = expectedFilterResults.monitoredWithTopLimit

/** A copy of a fixture user's pages, safe to change. */
export const fixturePages = (userId: string): Array<WirePage> =>
  structuredClone((fixtures.predictions[userId] ?? []) as ReadonlyArray<WirePage>) as Array<WirePage>

// --- routes and bodies ---------------------------------------------------------------------------

export type Route = { readonly kind: "ranking" } | { readonly kind: "predictions"; readonly user: string }

/** The route of a path relative to the API root (`/user-account/vote-ranking`, `/user/1/predictions`). */
export const routeOf = (pathname: string): Route | undefined => {
  if (pathname === "/user-account/vote-ranking") return { kind: "ranking" }
  const m = /^\/(?:user-account\/([0-9a-f]{24})|user\/(\d+))\/predictions$/.exec(pathname)
  const user = m?.[1] ?? m?.[2]
  return user === undefined ? undefined : { kind: "predictions", user }
}

/** Sofascore's JSON error envelope. */
export const errorEnvelope = (code: number, reason: string): string => JSON.stringify({ error: { code, reason } })
export const notFoundBody = errorEnvelope(404, "Not Found")

/** A deep copy with every numeric `startDateTimestamp`, at any depth, moved by `bySeconds`. */
export const shiftTimes = (json: unknown, bySeconds: number): unknown => {
  if (bySeconds === 0) return json
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (typeof value !== "object" || value === null) return value
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === "startDateTimestamp" && typeof v === "number" ? v + bySeconds : walk(v)
    }
    return out
  }
  return walk(json)
}

// --- synthetic data ------------------------------------------------------------------------------

export interface WireItem {
  eventId: number
  startDateTimestamp: number
  homeTeamName: string
  awayTeamName: string
  vote?: string
  status: { code: number; description: string; type: string }
  odds: { decimalValue?: string; fractionalValue?: string | null } | null
  [key: string]: unknown
}

export interface WirePage {
  predictions: Array<WireItem>
  hasNextPage?: boolean
}

const statusCodes: Readonly<Record<string, number>> = {
  notstarted: 0,
  inprogress: 6,
  finished: 100,
  canceled: 70,
  postponed: 60
}
const statusDescriptions: Readonly<Record<string, string>> = {
  notstarted: "Not started",
  inprogress: "1st half",
  finished: "Ended",
  canceled: "Canceled",
  postponed: "Postponed"
}

export interface ItemSpec {
  readonly eventId: number
  /** Kick-off, epoch milliseconds. */
  readonly startAt: number
  /** Status type; default "notstarted". */
  readonly status?: string
  readonly vote?: string
  /** Decimal odds; null votes without odds; default 2. */
  readonly odds?: number | null
  readonly home?: string
  readonly away?: string
  readonly customId?: string
}

/** One prediction as Sofascore sends it. */
export const predictionItem = (spec: ItemSpec): WireItem => {
  const type = spec.status ?? "notstarted"
  const home = spec.home ?? `Home ${spec.eventId}`
  const away = spec.away ?? `Away ${spec.eventId}`
  return {
    eventId: spec.eventId,
    customId: spec.customId ?? "Fake",
    eventSlug: `${home}-${away}`.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    startDateTimestamp: Math.floor(spec.startAt / 1000),
    homeTeamName: home,
    awayTeamName: away,
    sportSlug: "football",
    status: { code: statusCodes[type] ?? 0, description: statusDescriptions[type] ?? type, type },
    vote: spec.vote ?? "1",
    odds: spec.odds === null ? null : { decimalValue: (spec.odds ?? 2).toFixed(2) }
  }
}

const rowStats = (roi: number, total: number) => ({
  total: String(total),
  correct: String(total / 2),
  percentage: "50%",
  ranking: "1",
  roi,
  avgCorrectOdds: { decimalValue: "2.10" }
})

/** A leaderboard row that passes the default criteria (yield 10 %), or fails them (yield −10 %). */
export const rankingRow = (id: string, name: string, passes = true) => ({
  id,
  nickname: name,
  voteStatistics: { allTime: rowStats(passes ? 20 : -20, 200), current: rowStats(passes ? 20 : -20, 200) }
})

/** The 24-hex id of the n-th synthetic predictor. */
export const syntheticUserId = (n: number): string => (0x6600000000 + n).toString(16).padStart(24, "0")

/** A leaderboard of `count` synthetic predictors who all pass the default criteria. */
export const syntheticRanking = (count: number) => ({
  ranking: Array.from({ length: count }, (_, n) => rankingRow(syntheticUserId(n), `Tipster${n}`))
})
