// The loopback fakes themselves, over plain fetch: what they serve, each fault, and what they record.
import * as NodeFs from "node:fs"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type FakeSofascore, startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { fixturesT0, fixtureUsers } from "../../src/programs/fakes/sofascoreFixtures.js"
import { discordRateLimits, type FakeDiscord, startFakeDiscord } from "./fakeDiscord.js"

// Read from the files, not through the module the fake serves from, so the two are checked against each other.
const fixture = (name: string) =>
  JSON.parse(
    NodeFs.readFileSync(new URL(`../../src/programs/fakes/fixtures/${name}`, import.meta.url), "utf8")
  ) as unknown
interface Page {
  readonly predictions: ReadonlyArray<{ readonly eventId: number; readonly startDateTimestamp: number }>
  readonly hasNextPage?: boolean
}
const notFound = { error: { code: 404, reason: "Not Found" } }

/** Status, content type and body text; a fetch that fails (reset, abort) rejects. */
const get = async (url: string, init: RequestInit = {}) => {
  const res = await fetch(url, init)
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    headers: res.headers,
    text: await res.text()
  }
}

describe("fake Sofascore", () => {
  let fake: FakeSofascore
  beforeEach(async () => {
    fake = await startFakeSofascore()
    fake.loadFixtures()
  })
  afterEach(() => fake.close())

  const userUrl = (id: string, page = 0) =>
    `${fake.baseUrl}/${/^\d+$/.test(id) ? "user" : "user-account"}/${id}/predictions?page=${page}`

  it("serves the fixtures, shifted to look current when told the time", async () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
    const ranking = await get(`${fake.baseUrl}/user-account/vote-ranking`)
    expect(ranking.status).toBe(200)
    expect(JSON.parse(ranking.text)).toEqual(fixture("vote-ranking.json"))

    const stored = fixture(`predictions-${fixtureUsers.A}.json`) as Page
    expect(JSON.parse((await get(userUrl(fixtureUsers.A))).text)).toEqual(stored)
    fake.setNow(fixturesT0 + 86_400)
    const shifted = JSON.parse((await get(userUrl(fixtureUsers.A))).text) as Page
    expect(shifted.predictions.map((p) => p.startDateTimestamp)).toEqual(
      stored.predictions.map((p) => p.startDateTimestamp + 86_400)
    )
    // The stored state is untouched: the shift is made on a copy at serve time.
    fake.setNow(undefined)
    expect(JSON.parse((await get(userUrl(fixtureUsers.A))).text)).toEqual(stored)

    fake.setRanking({ ranking: [] })
    expect((await get(`${fake.baseUrl}/user-account/vote-ranking`)).text).toBe("{\"ranking\":[]}")
  })

  it("pages a user's predictions and answers the contract's 404 beyond them, for unknown users and paths", async () => {
    const c0 = JSON.parse((await get(userUrl(fixtureUsers.C, 0))).text) as Page
    const c1 = JSON.parse((await get(userUrl(fixtureUsers.C, 1))).text) as Page
    expect(c0).toEqual(fixture("predictions-4471902.json"))
    expect(c1).toEqual(fixture("predictions-4471902.page1.json"))
    for (
      const url of [
        userUrl(fixtureUsers.C, 2),
        userUrl("aaaaaaaaaaaaaaaaaaaaaaaa"),
        `${fake.baseUrl}/user-account/${fixtureUsers.C}/predictions?page=0`, // a numeric id on the 24-hex route
        `${fake.baseUrl}/user-account/${fixtureUsers.A}`,
        `${fake.baseUrl}/nope`
      ]
    ) {
      const res = await get(url)
      expect([url, res.status, JSON.parse(res.text)]).toEqual([url, 404, notFound])
    }
    fake.setPredictions("123", [{ predictions: [] }])
    expect((await get(userUrl("123", 0))).status).toBe(200)
    expect((await get(userUrl("123", 1))).status).toBe(404)

    expect(fake.requests[0]).toMatchObject({
      path: `/user/${fixtureUsers.C}/predictions`,
      page: 0,
      status: 200,
      key: fixtureUsers.C
    })
    expect(fake.requests[2]).toMatchObject({ page: 2, status: 404 })
    expect(fake.requestCount("/user/")).toBe(5)
    expect(fake.requestCount("/api/v1/user/")).toBe(5)
  })

  it("answers each scripted fault once, then normally", async () => {
    const a = userUrl(fixtureUsers.A)
    const fault = (f: Parameters<FakeSofascore["fault"]>[1]) => fake.fault(fixtureUsers.A, f)

    fault({ status: 403, body: "json" })
    expect(await get(a)).toMatchObject({ status: 403, text: "{\"error\":{\"code\":403,\"reason\":\"challenge\"}}" })
    fault({ status: 403, body: "html" })
    const html = await get(a)
    expect([html.status, html.type, html.text]).toEqual([
      403,
      "text/html; charset=UTF-8",
      expect.stringContaining("Just a moment")
    ])
    fault({ status: 429, retryAfter: 2 })
    const limited = await get(a)
    expect([limited.status, limited.headers.get("retry-after")]).toEqual([429, "2"])
    fault({ status: 429 })
    expect((await get(a)).headers.get("retry-after")).toBeNull()
    for (const status of [500, 502, 503] as const) {
      fault({ status })
      expect((await get(a)).status).toBe(status)
    }
    fault({ status: 502, body: "html" })
    expect((await get(a)).type).toBe("text/html")
    fault({ malformedJson: true })
    const malformed = await get(a)
    expect(malformed.status).toBe(200)
    expect(() => JSON.parse(malformed.text)).toThrow()
    fault({ wrongShape: true })
    expect(JSON.parse((await get(a)).text)).toEqual({ predictions: "nope" })
    fake.fault("ranking", { wrongShape: true })
    expect(JSON.parse((await get(`${fake.baseUrl}/user-account/vote-ranking`)).text)).toEqual({ ranking: {} })
    fault({ errorEnvelope: 403 })
    expect(await get(a)).toMatchObject({ status: 200, text: "{\"error\":{\"code\":403,\"reason\":\"challenge\"}}" })
    fault({ delayMs: 150 })
    const started = performance.now()
    expect((await get(a)).status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)

    // Faults are per key: the others are unaffected.
    fault({ status: 503 })
    expect((await get(userUrl(fixtureUsers.B))).status).toBe(200)
    expect((await get(a)).status).toBe(503)
    expect((await get(a)).status).toBe(200)
  })

  it("hangs until the client aborts, and resets a connection mid-body", async () => {
    fake.fault(fixtureUsers.A, { hang: true })
    await expect(get(userUrl(fixtureUsers.A), { signal: AbortSignal.timeout(150) })).rejects.toThrow(/abort|timeout/i)
    fake.fault(fixtureUsers.A, { resetMidBody: true })
    await expect(get(userUrl(fixtureUsers.A))).rejects.toThrow()
    expect(fake.requests.map((r) => r.status)).toEqual([0, 200])
    expect((await get(userUrl(fixtureUsers.A))).status).toBe(200)
  })

  it("streams a huge body of exactly the size asked", async () => {
    const bytes = 3 * 1024 * 1024 + 7
    fake.fault(fixtureUsers.A, { hugeBodyBytes: bytes })
    const res = await fetch(userUrl(fixtureUsers.A))
    expect([res.status, res.headers.get("content-length")]).toEqual([200, null])
    const text = await res.text()
    expect(text.length).toBe(bytes)
    expect(text.startsWith("{\"predictions\":[")).toBe(true)
    expect(() => JSON.parse(text)).not.toThrow()
    fake.fault(fixtureUsers.A, { hugeBodyBytes: 10, contentLength: true })
    const small = await fetch(userUrl(fixtureUsers.A))
    expect([small.headers.get("content-length"), await small.text()]).toEqual(["10", "{\"predicti"])
  })

  it("keeps a fault for `times` requests or for good, until cleared", async () => {
    fake.fault("ranking", { status: 500 }, { times: 2 })
    fake.fault("ranking", { status: 503 })
    const ranking = `${fake.baseUrl}/user-account/vote-ranking`
    const statuses: Array<number> = []
    for (let i = 0; i < 4; i++) statuses.push((await get(ranking)).status)
    expect(statuses).toEqual([500, 500, 503, 200])
    fake.fault("ranking", { status: 502 }, { times: Infinity })
    for (let i = 0; i < 3; i++) expect((await get(ranking)).status).toBe(502)
    fake.clearFaults()
    expect((await get(ranking)).status).toBe(200)
  })

  it("records concurrency: the peak in flight with latency, and resets it", async () => {
    fake.setLatency(150)
    const urls = Array.from({ length: 6 }, (_, i) => userUrl(i % 2 === 0 ? fixtureUsers.A : fixtureUsers.B))
    const results = await Promise.all(urls.map((u) => get(u, { headers: { referer: "https://www.sofascore.com/" } })))
    expect(results.every((r) => r.status === 200)).toBe(true)
    expect(fake.maxInFlight).toBe(6)
    expect(fake.inFlight).toBe(0)
    expect(fake.requestCount()).toBe(6)
    expect(fake.requestCount(`/user-account/${fixtureUsers.A}`)).toBe(3)
    expect(fake.requests[0]!.headers["referer"]).toBe("https://www.sofascore.com/")
    fake.resetStats()
    expect([fake.requests.length, fake.maxInFlight]).toEqual([0, 0])
  })

  it("closes promptly with a request still hanging", async () => {
    fake.fault(fixtureUsers.A, { hang: true })
    const pending = get(userUrl(fixtureUsers.A)).then(() => "answered", () => "failed")
    while (fake.inFlight === 0) await new Promise((r) => setTimeout(r, 5))
    const started = performance.now()
    await fake.close()
    expect(performance.now() - started).toBeLessThan(500)
    expect(await pending).toBe("failed")
    await fake.close() // twice is fine
  })
})

describe("fake Discord", () => {
  let discord: FakeDiscord
  afterEach(() => discord.close())

  const post = (body: unknown = { content: "hi", embeds: [{ title: "A vs B" }] }, query = "?wait=true") =>
    get(`${discord.webhookUrl}${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body)
    })

  it("records delivered posts, answers a message with wait=true, describes the webhook on GET", async () => {
    discord = await startFakeDiscord()
    expect(discord.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/webhooks\/123456\/secret-token$/)
    const first = await post()
    expect(first.status).toBe(200)
    expect(JSON.parse(first.text)).toMatchObject({
      id: "1",
      content: "hi",
      embeds: [{ title: "A vs B" }],
      webhook_id: "123456"
    })
    expect(JSON.parse((await post(undefined, "?wait=true")).text)).toMatchObject({ id: "2" })
    expect(await post(undefined, "")).toMatchObject({ status: 204, text: "" })
    expect(discord.messages.map((m) => [m.query, m.id])).toEqual([["?wait=true", "1"], ["?wait=true", "2"], ["", "3"]])
    expect(discord.messages[0]!.body.embeds?.[0]?.["title"]).toBe("A vs B")

    const info = await get(discord.webhookUrl)
    expect(JSON.parse(info.text)).toMatchObject({
      id: "123456",
      name: "fake",
      channel_id: "1",
      guild_id: "1",
      token: "secret-token"
    })
    expect([discord.getRequests, discord.messages.length, discord.posts.length]).toEqual([1, 3, 3])

    const wrong = await get(discord.webhookUrl.replace("secret-token", "other"), { method: "POST", body: "{}" })
    expect([wrong.status, JSON.parse(wrong.text)]).toEqual([404, { message: "Unknown Webhook", code: 10015 }])
    expect((await post("not json")).status).toBe(400)
    expect(discord.messages).toHaveLength(3)
  })

  it("answers scripted failures without recording a message", async () => {
    discord = await startFakeDiscord()
    discord.fault({ status: 429, retryAfterSeconds: 1.5, via: "body" })
    discord.fault({ status: 429, retryAfterSeconds: 2, via: "header", global: true })
    discord.fault({ status: 429, retryAfterSeconds: 0.25 })
    const byBody = await post()
    expect([
      byBody.status,
      byBody.headers.get("retry-after"),
      byBody.headers.get("x-ratelimit-scope"),
      JSON.parse(byBody.text)
    ]).toEqual([
      429,
      null,
      "user",
      { message: "You are being rate limited.", retry_after: 1.5, global: false }
    ])
    const byHeader = await post()
    expect([
      byHeader.headers.get("retry-after"),
      byHeader.headers.get("x-ratelimit-scope"),
      JSON.parse(byHeader.text).retry_after
    ]).toEqual(["2", "global", undefined])
    const both = await post()
    expect([both.headers.get("retry-after"), JSON.parse(both.text).retry_after]).toEqual(["0.25", 0.25])

    discord.fault({ status: 400 })
    discord.fault({ status: 401 })
    discord.fault({ status: 404 })
    discord.fault({ status: 500 })
    expect(JSON.parse((await post()).text)).toEqual({ message: "Invalid Form Body", code: 50035 })
    expect(JSON.parse((await post()).text)).toEqual({ message: "401: Unauthorized", code: 0 })
    expect(JSON.parse((await post()).text)).toEqual({ message: "Unknown Webhook", code: 10015 })
    expect((await post()).status).toBe(500)

    discord.fault({ down: true })
    await expect(post()).rejects.toThrow()
    discord.fault({ hang: true })
    await expect(
      get(`${discord.webhookUrl}?wait=true`, { method: "POST", body: "{}", signal: AbortSignal.timeout(150) })
    ).rejects.toThrow(/abort|timeout/i)
    discord.setDown(true)
    expect((await post()).status).toBe(503)
    expect((await get(discord.webhookUrl)).status).toBe(503)
    discord.setDown(true, "reset")
    await expect(post()).rejects.toThrow()
    discord.setDown(false)
    expect((await post()).status).toBe(200)

    expect(discord.posts.map((p) => p.status)).toEqual([429, 429, 429, 400, 401, 404, 500, 0, 0, 503, 0, 200])
    expect(discord.messages).toHaveLength(1)
  })

  it("enforces a rate limit when asked, and counts the violations", async () => {
    discord = await startFakeDiscord({ enforceRateLimit: { limit: 3, windowMs: 400 } })
    const statuses: Array<number> = []
    for (let i = 0; i < 4; i++) statuses.push((await post()).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(discord.rateLimitViolations).toBe(1)
    await new Promise((r) => setTimeout(r, 420))
    const after = await post()
    expect(after.status).toBe(200)
    expect(discord.messages).toHaveLength(4)
  })

  it("enforces Discord's two limits: 5 per 2 s reported in headers, 30 per minute as a shared 429", async () => {
    discord = await startFakeDiscord({ enforceRateLimit: discordRateLimits })
    const first = await post()
    expect(first.status).toBe(200)
    expect(first.headers.get("x-ratelimit-limit")).toBe("5")
    expect(first.headers.get("x-ratelimit-remaining")).toBe("4")
    expect(Number(first.headers.get("x-ratelimit-reset-after"))).toBeCloseTo(2, 1)
    const burst = [first]
    for (let i = 0; i < 5; i++) burst.push(await post())
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429])
    expect(burst.map((r) => r.headers.get("x-ratelimit-remaining"))).toEqual(["4", "3", "2", "1", "0", "0"])
    expect(burst[5]!.headers.get("x-ratelimit-scope")).toBe("user")
    const retryAfter = (JSON.parse(burst[5]!.text) as { retry_after: number }).retry_after
    expect(retryAfter).toBeGreaterThan(1.5)
    expect(retryAfter).toBeLessThanOrEqual(2)
    // Six windows of five: the 31st post within the minute hits the channel's limit.
    for (let w = 0; w < 5; w++) {
      await new Promise((r) => setTimeout(r, 2_050))
      for (let i = 0; i < 5; i++) expect((await post()).status).toBe(200)
    }
    await new Promise((r) => setTimeout(r, 2_050))
    const shared = await post()
    expect(shared.status).toBe(429)
    expect(shared.headers.get("x-ratelimit-scope")).toBe("shared")
    expect((JSON.parse(shared.text) as { retry_after: number }).retry_after).toBeGreaterThan(45)
    expect(discord.messages).toHaveLength(30)
    expect(discord.rateLimitViolations).toBe(2)
  }, 30_000)

  it("closes promptly with a post still hanging", async () => {
    discord = await startFakeDiscord()
    discord.fault({ hang: true }, { times: Infinity })
    const pending = post().then(() => "answered", () => "failed")
    while (discord.posts.length === 0) await new Promise((r) => setTimeout(r, 5))
    await discord.close()
    expect(await pending).toBe("failed")
  })
})
