// The real program, as processes, against fake Sofascore and Discord servers on loopback.
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { watchedFixtureIds } from "../../src/programs/fakes/sofascoreFixtures.js"
import { readFixture } from "../support/fixtures.js"
import { alertTitles, startWorld } from "../support/monitorEnv.js"
import { runCli, untimed } from "../support/runCli.js"

/** The fixtures' predictions that are alertable at T0, one alert per (user, match). */
const expectedMatches = [
  "Northbridge FC vs Harbor City",
  "Kestrel Town vs Redmoor United",
  "Alder Vale vs Stonebridge Rovers",
  "Copperhill Rangers vs Saltmarsh Albion",
  "Westhollow Athletic vs Brackenford",
  "Ashford Lynx vs Moorgate Hawks",
  "Northbridge FC vs Harbor City",
  "Millbrook Town vs Fairlea Rovers"
]

const neverAlerted = [
  "Glenrock Town vs Eastmere City", // finished
  "Pinecrest Owls vs Valewood Giants", // canceled
  "Frostvale Wolves vs Ironport Blades", // beyond the 24 h lookahead
  "Thornbury FC vs Wexley Park", // live for 70 minutes
  "Highcliff Harriers vs Oakhaven", // postponed
  "Seaview Wanderers vs Bramble Heath" // interrupted
]

const titlesContaining = (titles: ReadonlyArray<string>, match: string) =>
  titles.filter((t) => t.includes(match)).length

describe("once", () => {
  it("alerts each new alertable prediction exactly once, across restarts, and never the others", async () => {
    const world = await startWorld()
    const first = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(first.code).toBe(0)
    expect(first.stderr).toContain("Discovered 10 users meeting criteria (MIN_ROI=5.0)")
    expect(first.stderr).toContain("[User: NorthernLights] Processing 7 predictions")
    expect(first.stderr).toContain("[User: NorthernLights] Found 1 new bets (Match: Northbridge FC vs Harbor City)")
    const titles = alertTitles(world.discord)
    expect(titles).toHaveLength(expectedMatches.length)
    for (const match of new Set(expectedMatches)) {
      expect(titlesContaining(titles, match)).toBe(expectedMatches.filter((m) => m === match).length)
    }
    for (const match of neverAlerted) expect(titlesContaining(titles, match)).toBe(0)
    for (const message of world.discord.alerts) {
      expect(message.query).toContain("wait=true")
      expect(message.body.allowed_mentions).toEqual({ parse: [] })
    }

    const second = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(second.code).toBe(0)
    expect(world.discord.alerts).toHaveLength(expectedMatches.length)

    const db = new Database(world.dbPath, { readonly: true })
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL").get()).toEqual({ n: 0 })
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal")
    db.close()
  })

  it("alerts a changed pick, and a line move once per move", async () => {
    const world = await startWorld()
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const before = world.discord.alerts.length

    const fixture = readFixture<{
      predictions: Array<
        { eventId: number; vote: string; odds: { decimalValue?: string; fractionalValue?: string } | null }
      >
    }>("predictions-65f1c0a2b3d4e5f60718293a.json")
    const northbridge = fixture.predictions.find((p) => p.eventId === 13900101)!
    northbridge.odds = { decimalValue: "2.20", fractionalValue: "6/5" } // 1.80 → 2.20: +22 %
    const kestrel = fixture.predictions.find((p) => p.eventId === 13900102)!
    kestrel.vote = "1" // was X
    world.sofascore.setPredictions("65f1c0a2b3d4e5f60718293a", [fixture])

    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const added = alertTitles(world.discord).slice(before)
    expect(added).toHaveLength(2)
    expect(added.some((t) => t.includes("Kestrel Town vs Redmoor United") && !t.includes("Odds"))).toBe(true)
    const move = world.discord.alerts.slice(before).find((m) => String(m.body.embeds?.[0]?.["title"]).includes("Odds"))
    expect(JSON.stringify(move?.body)).toContain("1.80 → 2.20")

    // The same odds again: no second move.
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    expect(world.discord.alerts).toHaveLength(before + 2)
  })

  it("keeps alerts queued while Discord is down and delivers them, in order, when it is back", async () => {
    const world = await startWorld()
    world.discord.setDown(true)
    const down = await runCli(["once"], { cwd: world.cwd, env: world.env, timeoutMs: 60_000 })
    expect(down.code).toBe(0)
    expect(world.discord.alerts).toHaveLength(0)
    const db = new Database(world.dbPath, { readonly: true })
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL").get()).toEqual({
      n: expectedMatches.length
    })
    const queued = db.prepare("SELECT payload FROM alert_outbox ORDER BY id").all() as Array<{ payload: string }>
    db.close()

    world.discord.setDown(false)
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const delivered = world.discord.alerts.map((m) => String(m.body.embeds?.[0]?.["title"]))
    const queuedMatches = queued.map((q) => {
      const alert = JSON.parse(q.payload) as { match: { homeTeam: string; awayTeam: string } }
      return `${alert.match.homeTeam} vs ${alert.match.awayTeam}`
    })
    expect(delivered).toHaveLength(queuedMatches.length)
    delivered.forEach((title, i) => expect(title).toContain(queuedMatches[i]!))
  })

  it("pauses a predictor after three failures in a row, skips them while paused, and polls them again after", async () => {
    const world = await startWorld()
    const user = "65f1c0a2b3d4e5f60718293a"
    world.sofascore.fault(user, { status: 403, body: "json" }, { times: Infinity })
    for (let i = 0; i < 3; i++) expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const db = new Database(world.dbPath)
    const status = db.prepare("SELECT paused_until, last_error FROM user_status WHERE user_id = ?").get(user) as {
      paused_until: number
      last_error: string
    }
    expect(status.paused_until).toBeGreaterThan(Date.now() + 25 * 60_000)
    expect(status.last_error).toContain("Blocked")
    // The other predictors were alerted meanwhile.
    expect(world.discord.alerts.length).toBe(4)

    world.sofascore.clearFaults()
    world.sofascore.resetStats()
    const paused = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(paused.stderr).toContain("9/10 users polled (0 failed, 1 paused)")
    expect(world.sofascore.requestCount(`/user-account/${user}`)).toBe(0)

    // Thirty minutes later (moved forward in the database rather than waited for).
    db.prepare("UPDATE user_status SET paused_until = ? WHERE user_id = ?").run(Date.now() - 1000, user)
    db.close()
    const resumed = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(resumed.stderr).toContain("[User: NorthernLights] Processing 7 predictions")
    expect(world.discord.alerts.length).toBe(8)
  })

  it("polls twenty predictors with never more than five requests in flight", async () => {
    const world = await startWorld({ latencyMs: 150 })
    const ranking = readFixture<{ ranking: Array<{ id: string | number; nickname: string | null }> }>(
      "vote-ranking.json"
    )
    const template = ranking.ranking[0]!
    const rows = Array.from(
      { length: 20 },
      (_, i) => ({ ...template, id: `6700000000000000000000${String(i).padStart(2, "0")}`, nickname: `Tipster${i}` })
    )
    world.sofascore.setRanking({ ranking: rows })
    for (const row of rows) world.sofascore.setPredictions(row.id, [{ predictions: [] }])
    const result = await runCli(["once"], { cwd: world.cwd, env: { ...world.env, TOP_PREDICTORS_LIMIT: "20" } })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain("20/20 users polled")
    expect(world.sofascore.requestCount("/user-account/67")).toBe(20)
    expect(world.sofascore.maxInFlight).toBe(5)
  })

  it("keeps watching the last discovered set when the leaderboard fails, also after a restart", async () => {
    const world = await startWorld()
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    world.sofascore.fault("ranking", { status: 403, body: "html" }, { times: Infinity })
    world.sofascore.resetStats()
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/Discovery failed \(Blocked: .*\); still watching 10 users/)
    expect(result.stderr).toContain("10/10 users polled")
    // Blocked is not retried within the cycle: one leaderboard request, then every watched user's pages.
    expect(world.sofascore.requestCount("/user-account/vote-ranking")).toBe(1)
    expect(world.sofascore.requests.filter((r) => r.path.endsWith("/predictions")).length).toBe(11)
  })

  it("sets aside an alert Discord rejects (400) with the reason, and delivers the rest", async () => {
    const world = await startWorld()
    // Discord refuses whatever carries this match: the batch, then that alert alone.
    world.discord.rejectContaining("Kestrel Town")
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/ERROR Alert \d+ rejected by Discord and set aside: .*Invalid Form Body/)
    expect(world.discord.alerts).toHaveLength(expectedMatches.length - 1)
    const db = new Database(world.dbPath, { readonly: true })
    expect(
      db.prepare(
        "SELECT count(*) AS n FROM alert_outbox WHERE failed_at IS NOT NULL AND last_error LIKE '%Invalid Form Body%'"
      ).get()
    ).toEqual({ n: 1 })
    db.close()
  })
})

describe("once's exit code, for cron and checks", () => {
  it("exits 1 when the leaderboard fails and no watched set was ever stored", async () => {
    const world = await startWorld()
    world.sofascore.fault("ranking", { status: 503 }, { times: Infinity })
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env, timeoutMs: 60_000 })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("error: no predictor could be polled: the leaderboard could not be read")
  }, 60_000)

  it("exits 1 when every watched predictor fails", async () => {
    const world = await startWorld()
    for (const id of watchedFixtureIds) world.sofascore.fault(id, { status: 403, body: "html" }, { times: Infinity })
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env, timeoutMs: 60_000 })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("error: none of the 10 watched predictors could be polled (10 failed, 0 paused)")
  }, 60_000)

  it("exits 1 when the webhook is gone, with every alert still queued", async () => {
    const world = await startWorld()
    world.discord.fault({ status: 404 }, { times: Infinity })
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("error: the Discord webhook is gone or its URL is wrong; the alerts stay queued")
    const db = new Database(world.dbPath, { readonly: true })
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL AND failed_at IS NULL").get())
      .toEqual({ n: expectedMatches.length })
    db.close()
  })

  it("exits 0 with a warning when some predictors fail and the others were polled", async () => {
    const world = await startWorld()
    world.sofascore.fault(watchedFixtureIds[0]!, { status: 403, body: "json" }, { times: Infinity })
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(untimed(result.stderr)).toMatch(/^WARN 1 of 10 predictors could not be polled this cycle/m)
  })
})
