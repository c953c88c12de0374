// The Discord notifier over real loopback HTTP against the fake webhook.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as LogLevel from "effect/LogLevel"
import * as Redacted from "effect/Redacted"
import { afterEach, beforeEach, describe } from "vitest"
import type { Alert } from "../../src/domain/alert.js"
import { discordHttpClientLayer } from "../../src/layers/DiscordHttpClient.js"
import { demoNotice, discordNotifierLayer, type DiscordNotifierOptions } from "../../src/layers/DiscordNotifier.js"
import { loggerLayer } from "../../src/layers/Logging.js"
import { Notifier, type NotifierShape } from "../../src/services/Notifier.js"
import { predictor as predictorCard } from "../support/alertBuilders.js"
import {
  type DiscordFault,
  discordRateLimits,
  type FakeDiscord,
  type RateLimit,
  startFakeDiscord
} from "../support/fakeDiscord.js"

const predictor = predictorCard({
  allTimeYieldPct: 12.81,
  currentYieldPct: 24.8,
  profitUnits: 52.76,
  totalPredictions: 412
})
const alert = (eventId: number): Alert => ({
  _tag: "NewBets",
  predictor,
  match: {
    eventId,
    homeTeam: `Home ${eventId}`,
    awayTeam: "Away",
    sportSlug: "football",
    eventSlug: "home-away",
    customId: "Abc",
    startAt: 1_767_232_800_000
  },
  picks: [{ market: "1", pick: "1", odds: 1.8 }],
  detectedAt: 1_767_225_600_000
})

let discord: FakeDiscord
beforeEach(async () => {
  discord = await startFakeDiscord({ enforceRateLimit: { limit: 5, windowMs: 2000 } })
})
afterEach(() => discord.close())

const notifierLayer = (options: DiscordNotifierOptions = { timeoutMs: 2000 }) =>
  discordNotifierLayer(Redacted.make(discord.webhookUrl), options).pipe(
    Layer.provide(discordHttpClientLayer(options.timeoutMs))
  )

/** Each alert as a message of its own (a batch of one). */
const send = (alerts: ReadonlyArray<Alert>, timeoutMs = 2000) =>
  Effect.flatMap(
    Notifier,
    (notifier) => Effect.forEach(alerts, (a) => Effect.either(notifier.send(notifier.pack([a], a.detectedAt)[0]!)))
  ).pipe(
    Effect.provide(notifierLayer({ timeoutMs }))
  )

const tags = (results: ReadonlyArray<Either.Either<void, { readonly _tag: string }>>) =>
  results.map((r) => (Either.isLeft(r) ? r.left._tag : "delivered"))

describe("Discord notifier", () => {
  it.live("posts each alert with wait=true and confirms it", () =>
    Effect.gen(function*() {
      expect(tags(yield* send([alert(1), alert(2)]))).toEqual(["delivered", "delivered"])
      expect(discord.messages.map((m) => m.query)).toEqual(["?wait=true", "?wait=true"])
      expect(discord.messages[0]!.body.allowed_mentions).toEqual({ parse: [] })
      expect(JSON.stringify(discord.messages[0]!.body.embeds)).toContain("Home 1 vs Away")
    }))

  it.live("keeps to five posts per two seconds", () =>
    Effect.gen(function*() {
      const results = yield* send(Array.from({ length: 12 }, (_, i) => alert(i)))
      expect(tags(results).every((t) => t === "delivered")).toBe(true)
      expect(discord.rateLimitViolations).toBe(0)
      expect(discord.messages).toHaveLength(12)
      const times = discord.messages.map((m) => m.receivedAt)
      // The sixth post cannot come before two seconds after the first.
      expect(times[5]! - times[0]!).toBeGreaterThanOrEqual(2000)
    }), 30_000)

  it.live("waits out a 429 for as long as Discord asks, from the body or the header", () =>
    Effect.gen(function*() {
      discord.fault({ status: 429, retryAfterSeconds: 1.2, via: "body" })
      discord.fault({ status: 429, retryAfterSeconds: 1, via: "header", global: true })
      expect(tags(yield* send([alert(1)]))).toEqual(["delivered"])
      const [first, second, third] = discord.posts
      expect([first!.status, second!.status, third!.status]).toEqual([429, 429, 200])
      expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(1150)
      expect(third!.receivedAt - second!.receivedAt).toBeGreaterThanOrEqual(950)
      expect(discord.messages).toHaveLength(1)
    }), 30_000)

  it.live("backs off on 5xx and delivers once Discord recovers", () =>
    Effect.gen(function*() {
      discord.fault({ status: 500 }, { times: 2 })
      expect(tags(yield* send([alert(1)]))).toEqual(["delivered"])
      expect(discord.posts.map((p) => p.status)).toEqual([500, 500, 200])
    }), 30_000)

  it.live(
    "reports an outage, a hang or a reset as unavailable, without the webhook in the error",
    () =>
      Effect.gen(function*() {
        discord.setDown(true)
        const down = yield* send([alert(1)])
        discord.setDown(true, "reset")
        const reset = yield* send([alert(2)])
        discord.setDown(false)
        discord.fault({ hang: true }, { times: 3 })
        const hung = yield* send([alert(3)], 500)
        for (const result of [down[0]!, reset[0]!, hung[0]!]) {
          expect(Either.isLeft(result) && result.left._tag).toBe("NotifierUnavailable")
          const text = Either.isLeft(result) ? `${result.left.message} ${JSON.stringify(result.left)}` : ""
          expect(text).not.toContain("secret-token")
          expect(text).not.toContain("/api/webhooks")
        }
        expect(discord.messages).toHaveLength(0)
      }),
    60_000
  )

  it.live("waits out five 429s in a row, and five more after each 5xx it backs off from", () =>
    Effect.gen(function*() {
      const limited = { status: 429, retryAfterSeconds: 0.01 } as const
      discord.fault(limited, { times: 6 })
      expect(yield* send([alert(1)])).toMatchObject([{
        left: { _tag: "NotifierUnavailable", reason: "still rate limited" }
      }])
      expect(discord.posts).toHaveLength(6)
      discord.resetStats()
      for (const fault of [{ status: 500 } as const, limited, { status: 502 } as const, limited]) {
        discord.fault(fault, { times: fault.status === 429 ? 5 : 1 })
      }
      expect(tags(yield* send([alert(2)]))).toEqual(["delivered"])
      expect(discord.posts.map((p) => p.status)).toEqual([500, ...Array(5).fill(429), 502, ...Array(5).fill(429), 200])
      discord.resetStats()
      discord.fault({ status: 503 }, { times: 3 })
      expect(yield* send([alert(3)])).toMatchObject([{
        left: { _tag: "NotifierUnavailable", reason: "Discord answered 503" }
      }])
      expect(discord.posts).toHaveLength(3)
    }), 30_000)

  it.live(
    "names a hang's timeout, whether the client ends it (the project's) or the notifier does (any other)",
    () =>
      Effect.gen(function*() {
        for (const client of [discordHttpClientLayer(500), FetchHttpClient.layer]) {
          discord.fault({ hang: true }, { times: 3 })
          const started = performance.now()
          const result = yield* Effect.flatMap(Notifier, (notifier) =>
            Effect.either(notifier.send(notifier.pack([alert(1)], 0)[0]!))).pipe(
              Effect.provide(
                discordNotifierLayer(Redacted.make(discord.webhookUrl), { timeoutMs: 500 }).pipe(Layer.provide(client))
              )
            )
          expect(Either.isLeft(result) && result.left).toMatchObject({
            _tag: "NotifierUnavailable",
            reason: "no answer within 500 ms"
          })
          // Three attempts of 0.5 s, backing off about 1 s and 2 s between them.
          expect(performance.now() - started).toBeLessThan(6_000)
        }
        expect(discord.messages).toHaveLength(0)
      }),
    30_000
  )

  it.live("sets a rejected alert apart (400) and stops on a deleted webhook (401, 404)", () =>
    Effect.gen(function*() {
      discord.fault({ status: 400, body: { message: "Invalid Form Body", code: 50035 } })
      const rejected = (yield* send([alert(1)]))[0]!
      expect(Either.isLeft(rejected) && rejected.left).toMatchObject({
        _tag: "AlertRejected",
        status: 400,
        reason: "Invalid Form Body"
      })
      for (const status of [401, 404] as const) {
        discord.fault({ status })
        const gone = (yield* send([alert(2)]))[0]!
        expect(Either.isLeft(gone) && gone.left).toMatchObject({ _tag: "WebhookGone", status })
      }
      expect(discord.posts).toHaveLength(3)
    }))

  // Only Discord's own JSON error (a numeric code, a message) for this payload condemns the alert.
  // Any other refusal would meet every alert alike: the URL is wrong, and the alert must stay queued.
  const refusals: ReadonlyArray<readonly [DiscordFault, string, number, string]> = [
    [{ reply: 405, body: "<html><body>405 Not Allowed</body></html>" }, "WebhookUrlWrong", 405, "an HTML page"],
    [{ reply: 400, body: "<html><body>400 Bad Request</body></html>" }, "WebhookUrlWrong", 400, "an HTML page"],
    [
      { reply: 400, body: JSON.stringify({ error: "bad request" }), contentType: "application/json" },
      "WebhookUrlWrong",
      400,
      "JSON that is not Discord's error"
    ],
    [{ reply: 413, body: "Request Entity Too Large", contentType: "text/plain" }, "WebhookUrlWrong", 413, "plain text"],
    [{ reply: 415, body: "" }, "WebhookUrlWrong", 415, "an empty body"],
    [
      { reply: 422, body: JSON.stringify({ message: "Unprocessable", code: 0 }), contentType: "application/json" },
      "WebhookUrlWrong",
      422,
      "a JSON error"
    ],
    [
      {
        reply: 400,
        body: JSON.stringify({ message: "Invalid Form Body", code: 50035, errors: { embeds: {} } }),
        contentType: "application/json"
      },
      "AlertRejected",
      400,
      "Invalid Form Body"
    ],
    [
      {
        reply: 413,
        body: JSON.stringify({ message: "Request entity too large", code: 40005 }),
        contentType: "application/json"
      },
      "AlertRejected",
      413,
      "Request entity too large"
    ]
  ]

  it.live("rejects an alert only on Discord's own error; any other refusal says the URL is wrong", () =>
    Effect.gen(function*() {
      for (const [fault] of refusals) discord.fault(fault)
      const results = yield* send(refusals.map((_, i) => alert(i)))
      for (const [i, [, tag, status, detail]] of refusals.entries()) {
        const result = results[i]!
        const error = Either.isLeft(result) ? result.left : undefined
        expect([error?._tag, error && "status" in error ? error.status : undefined]).toEqual([tag, status])
        expect(error?.message).toContain(detail)
        if (tag === "WebhookUrlWrong") expect(error?.message).toMatch(/^DISCORD_WEBHOOK_URL looks wrong/)
        expect(`${error?.message} ${JSON.stringify(error)}`).not.toMatch(/secret-token|\/api\/webhooks/)
      }
      // One post each: a wrong URL is not retried within the round.
      expect(discord.posts).toHaveLength(refusals.length)
      expect(discord.messages).toHaveLength(0)
    }))

  it.live("logs each 429 wait at DEBUG, with the wait Discord asked for", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      discord.fault({ status: 429, retryAfterSeconds: 1.2, via: "body" })
      discord.fault({ status: 429, retryAfterSeconds: 1, via: "header" })
      const results = yield* send([alert(1)]).pipe(
        Effect.provide(loggerLayer({ format: "plain", level: LogLevel.Debug, write: (line) => lines.push(line) }))
      )
      expect(tags(results)).toEqual(["delivered"])
      expect(lines.map((line) => line.replace(/^\S+Z /, ""))).toEqual([
        "DEBUG Discord rate limit: waiting 1.2 s",
        "DEBUG Discord rate limit: waiting 1 s"
      ])
    }), 30_000)
})

describe("Discord notifier: batches and pace", () => {
  /** Runs `f` with a notifier on a fake Discord that enforces `limits`. */
  const withNotifier = <A>(
    f: (notifier: NotifierShape) => Effect.Effect<A, unknown>,
    limits?: ReadonlyArray<RateLimit>,
    options?: DiscordNotifierOptions
  ) =>
    Effect.gen(function*() {
      if (limits !== undefined) {
        yield* Effect.promise(() => discord.close())
        discord = yield* Effect.promise(() => startFakeDiscord({ enforceRateLimit: limits }))
      }
      return yield* Effect.flatMap(Notifier, f).pipe(Effect.provide(notifierLayer(options)))
    })

  it.live("packs alerts into messages of up to ten embeds, each message confirmed once", () =>
    withNotifier((notifier) =>
      Effect.gen(function*() {
        const messages = notifier.pack(Array.from({ length: 23 }, (_, i) => alert(i)), 0)
        expect(messages.map((m) => m.completes.length)).toEqual([10, 10, 3])
        for (const message of messages) yield* notifier.send(message)
        expect(discord.messages.map((m) => m.body.embeds?.length)).toEqual([10, 10, 3])
        expect(discord.messages.every((m) => m.query === "?wait=true")).toBe(true)
      })
    ))

  it.live("paces by Discord's X-RateLimit headers: a bucket of 2 per 2 s is never overrun", () =>
    withNotifier(
      (notifier) =>
        Effect.gen(function*() {
          for (let i = 0; i < 6; i++) yield* notifier.send(notifier.pack([alert(i)], 0)[0]!)
          expect(discord.rateLimitViolations).toBe(0)
          const times = discord.messages.map((m) => m.receivedAt)
          // Without the headers the fallback (5 per 2.1 s) would have sent five at once and met 429s.
          expect(times[2]! - times[0]!).toBeGreaterThanOrEqual(1950)
          expect(times[4]! - times[2]!).toBeGreaterThanOrEqual(1950)
        }),
      [{ limit: 2, windowMs: 2_000, headers: true }]
    ), 30_000)

  it.live("keeps to 30 messages a minute, counting the sends a previous process made", () =>
    withNotifier(
      (notifier) =>
        Effect.gen(function*() {
          const now = Date.now()
          // Thirty sends in the last minute, the oldest of which leaves the window in about a second.
          yield* notifier.resumePace(Array.from({ length: 30 }, (_, i) => now - 59_800 + i * 100))
          const started = performance.now()
          yield* notifier.send(notifier.pack([alert(1)], 0)[0]!)
          expect(performance.now() - started).toBeGreaterThanOrEqual(500)
          expect(discord.rateLimitViolations).toBe(0)
          expect((yield* notifier.recentSends).length).toBe(30)
        }),
      discordRateLimits
    ), 30_000)

  it.live(
    "waits out a 429 of the shared (channel) scope as long as its retry_after says",
    () =>
      withNotifier((notifier) =>
        Effect.gen(function*() {
          discord.fault({ status: 429, retryAfterSeconds: 0.75, via: "body", scope: "shared" })
          yield* notifier.send(notifier.pack([alert(1)], 0)[0]!)
          const [limited, delivered] = discord.posts
          expect([limited!.status, delivered!.status]).toEqual([429, 200])
          expect(delivered!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(700)
        })
      ),
    30_000
  )

  it.live("marks every message of the demo as the demo's", () =>
    withNotifier(
      (notifier) =>
        Effect.gen(function*() {
          yield* notifier.send(notifier.pack([alert(1), alert(2)], 0)[0]!)
          expect(discord.messages[0]!.body.content).toBe(demoNotice)
        }),
      undefined,
      { timeoutMs: 2000, demo: true }
    ))
})
