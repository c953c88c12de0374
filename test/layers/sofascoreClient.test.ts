// The Sofascore client (impit over real loopback HTTP) against the fake server: every fixture, every
// fault, the retry policy and the semaphore.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import { afterEach, beforeEach, describe } from "vitest"
import { ImpitTransportLive } from "../../src/layers/ImpitTransport.js"
import { parseRetryAfter, SofascoreClientLive } from "../../src/layers/SofascoreClientLive.js"
import { type FakeSofascore, startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { fixtureUsers } from "../../src/programs/fakes/sofascoreFixtures.js"
import { SofascoreClient } from "../../src/services/SofascoreClient.js"
import { testConfigLayer } from "../support/testConfig.js"

let fake: FakeSofascore

beforeEach(async () => {
  fake = await startFakeSofascore()
  fake.loadFixtures()
})
afterEach(() => fake.close())

const clientLayer = (env: Record<string, string> = {}) =>
  SofascoreClientLive.pipe(
    Layer.provide(ImpitTransportLive),
    Layer.provide(testConfigLayer({ SOFASCORE_BASE_URL: fake.baseUrl, HTTP_TIMEOUT_SECONDS: "2", ...env }))
  )

const withClient = <A, E>(
  f: (client: typeof SofascoreClient.Service) => Effect.Effect<A, E>,
  env?: Record<string, string>
) => Effect.flatMap(SofascoreClient, f).pipe(Effect.provide(clientLayer(env)))

const errorTag = <A>(effect: Effect.Effect<A, { readonly _tag: string }>) =>
  Effect.map(Effect.either(effect), (r) => (Either.isLeft(r) ? r.left._tag : "success"))

describe("Sofascore client", () => {
  it.live("reads the leaderboard and every fixture user's pages through impit", () =>
    withClient((client) =>
      Effect.gen(function*() {
        const ranking = yield* client.voteRanking
        expect(ranking.predictors).toHaveLength(25)
        expect(ranking.predictors.find((p) => p.id === "4471902")?.name).toBe("Oldtimer_77")
        const a = yield* client.predictions(fixtureUsers.A, 0)
        expect(a.predictions.map((p) => p.match.eventId)).toContain(13900105)
        expect(a.predictions.find((p) => p.match.eventId === 13900105)?.odds).toBeNull()
        const c0 = yield* client.predictions(fixtureUsers.C, 0)
        expect(c0.hasNextPage).toBe(true)
        expect(c0.predictions.find((p) => p.match.eventId === 13900301)?.odds).toBe(1.55)
        const c1 = yield* client.predictions(fixtureUsers.C, 1)
        expect(c1.hasNextPage).toBe(false)
        expect(fake.requests.map((r) => r.path)).toEqual([
          "/user-account/vote-ranking",
          `/user-account/${fixtureUsers.A}/predictions`,
          `/user/${fixtureUsers.C}/predictions`,
          `/user/${fixtureUsers.C}/predictions`
        ])
        const headers = fake.requests[0]!.headers
        expect(headers["referer"]).toBe("https://www.sofascore.com/")
        expect(headers["accept"]).toBe("*/*")
        expect(headers["sec-fetch-mode"]).toBe("cors")
        expect(headers["user-agent"]).toMatch(/Chrome\//)
      })
    ))

  it.live(
    "turns each kind of failure into its typed error, retrying only the transient ones",
    () =>
      withClient((client) =>
        Effect.gen(function*() {
          const user = fixtureUsers.A
          const cases: ReadonlyArray<readonly [Parameters<FakeSofascore["fault"]>[1], string, number]> = [
            [{ status: 403, body: "json" }, "Blocked", 1],
            [{ status: 403, body: "html" }, "Blocked", 1],
            [{ errorEnvelope: 403 }, "Blocked", 1],
            [{ malformedJson: true }, "Decode", 1],
            [{ wrongShape: true }, "Decode", 1],
            [{ hugeBodyBytes: 6 * 1024 * 1024 }, "Decode", 1],
            [{ resetMidBody: true }, "Transport", 3],
            [{ status: 503 }, "ServerError", 3]
          ]
          for (const [fault, tag, attempts] of cases) {
            fake.clearFaults()
            fake.fault(user, fault, { times: Infinity })
            fake.resetStats()
            expect([JSON.stringify(fault), yield* errorTag(client.predictions(user, 0))]).toEqual([
              JSON.stringify(fault),
              tag
            ])
            expect([JSON.stringify(fault), fake.requestCount()]).toEqual([JSON.stringify(fault), attempts])
          }
          fake.clearFaults()
          expect(yield* errorTag(client.predictions("0123456789abcdef01234567", 0))).toBe("NotFound")
        })
      ),
    60_000
  )

  it.live(
    "recovers within the cycle when a transient failure clears",
    () =>
      withClient((client) =>
        Effect.gen(function*() {
          fake.fault(fixtureUsers.B, { status: 502 }, { times: 2 })
          const page = yield* client.predictions(fixtureUsers.B, 0)
          expect(page.predictions.length).toBeGreaterThan(0)
          expect(fake.requestCount()).toBe(3)
        })
      ),
    30_000
  )

  it.live(
    "aborts an answer that hangs past the timeout, and says Timeout",
    () =>
      withClient((client) =>
        Effect.gen(function*() {
          fake.fault(fixtureUsers.A, { hang: true }, { times: Infinity })
          const started = performance.now()
          expect(yield* errorTag(client.predictions(fixtureUsers.A, 0))).toBe("Timeout")
          // Three attempts of one second each plus backoff; a request that was not aborted would hang the test.
          expect(performance.now() - started).toBeLessThan(20_000)
          // The aborted requests' connections were closed: the server sees none still open.
          for (let i = 0; i < 50 && fake.inFlight > 0; i++) yield* Effect.sleep("100 millis")
          expect(fake.inFlight).toBe(0)
        }), { HTTP_TIMEOUT_SECONDS: "1" }),
    30_000
  )

  it.live("waits what a 429 asks and counts it as an attempt", () =>
    withClient((client) =>
      Effect.gen(function*() {
        fake.fault(fixtureUsers.A, { status: 429, retryAfter: 1 }, { times: 1 })
        const page = yield* client.predictions(fixtureUsers.A, 0)
        expect(page.predictions.length).toBeGreaterThan(0)
        const [limited, ok] = fake.requests
        expect(ok!.startedAt - limited!.startedAt).toBeGreaterThanOrEqual(950)
        fake.resetStats()
        fake.fault(fixtureUsers.A, { status: 429, retryAfter: 3600 }, { times: 1 })
        // Longer than a cycle can wait: given up at once, tried again next cycle.
        expect(yield* errorTag(client.predictions(fixtureUsers.A, 0))).toBe("RateLimited")
        expect(fake.requestCount()).toBe(1)
      })
    ), 30_000)

  it.live("never has more requests in flight than MAX_CONCURRENT_REQUESTS", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => fake.close())
      fake = yield* Effect.promise(() => startFakeSofascore({ latencyMs: 100 }))
      fake.loadFixtures()
      yield* withClient((client) =>
        Effect.forEach(Array.from({ length: 20 }, (_, i) => i), () => client.predictions(fixtureUsers.A, 0), {
          concurrency: "unbounded"
        })
      )
      expect(fake.requestCount()).toBe(20)
      expect(fake.maxInFlight).toBe(5)
    }), 30_000)

  it.effect("rejects an id that is not an id before any request", () =>
    withClient((client) =>
      Effect.gen(function*() {
        for (
          const id of ["../../etc/passwd", "123; DROP TABLE seen_bets", "65F1C0A2B3D4E5F60718293A", "1234567890123456"]
        ) {
          expect(yield* errorTag(client.predictions(id, 0))).toBe("Decode")
        }
        expect(fake.requestCount()).toBe(0)
      })
    ))
})

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", 0)).toBe(120_000)
    expect(parseRetryAfter("1.5", 0)).toBe(1500)
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", Date.UTC(2026, 0, 1))).toBe(30_000)
    expect(parseRetryAfter(undefined, 0)).toBeUndefined()
    expect(parseRetryAfter("soon", 0)).toBeUndefined()
  })
})
