// Each way Discord can fail: while it lasts the alerts wait in the outbox; once it clears, every
// alert is delivered exactly once, in the order it was queued.
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { type DiscordFault, startFakeDiscord } from "../support/fakeDiscord.js"
import { type MonitorWorld, receivedAlertKeys, startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"

/** The queued alerts' "Home vs Away" with the predictor's id, in outbox order. */
const queued = (world: MonitorWorld) => {
  const db = new Database(world.dbPath, { readonly: true })
  const rows = db.prepare("SELECT payload FROM alert_outbox ORDER BY id").all() as Array<{ payload: string }>
  db.close()
  return rows.map((r) => {
    const a = JSON.parse(r.payload) as { predictor: { id: string }; match: { homeTeam: string; awayTeam: string } }
    return `${a.predictor.id} ${a.match.homeTeam} vs ${a.match.awayTeam}`
  })
}

const received = (world: MonitorWorld) => receivedAlertKeys(world.discord)

const faults: ReadonlyArray<readonly [string, DiscordFault]> = [
  ["429 on the route", { status: 429, retryAfterSeconds: 0.2 }],
  ["429 global", { status: 429, retryAfterSeconds: 0.2, global: true, via: "header" }],
  ["500", { status: 500 }],
  ["a hang", { hang: true }],
  ["401", { status: 401 }],
  ["404 (webhook deleted)", { status: 404 }],
  // A well-formed URL on a server that is not a Discord webhook: it refuses every alert alike.
  ["405 from a server that is not a webhook", { reply: 405, body: "<html><body>405 Not Allowed</body></html>" }],
  ["400 without Discord's JSON error (a proxy's page)", { reply: 400, body: "<html>Bad Request</html>" }]
]

describe("Discord faults", () => {
  for (const [name, fault] of faults) {
    it(`${name}: alerts wait, then all go out exactly once, in order`, async () => {
      const world = await startWorld()
      world.discord.fault(fault, { times: Infinity })
      const env = { ...world.env, HTTP_TIMEOUT_SECONDS: "1" }
      const during = await runCli(["once"], { cwd: world.cwd, env, timeoutMs: 60_000 })
      // A webhook that is gone is `once` failing its job (exit 1); an outage is waited out (exit 0).
      expect(during.code).toBe("status" in fault && (fault.status === 401 || fault.status === 404) ? 1 : 0)
      expect(world.discord.alerts).toHaveLength(0)
      expect(world.discord.posts.length).toBeGreaterThan(0)
      world.discord.clearFaults()
      const after = await runCli(["once"], { cwd: world.cwd, env, timeoutMs: 60_000 })
      expect(after.code).toBe(0)
      const order = queued(world)
      expect(order).toHaveLength(8)
      expect(received(world)).toEqual(order)
    }, 60_000)
  }

  it("a wrong webhook URL (405 to everything): the log says so, the health channel is told, all stay queued", async () => {
    const world = await startWorld()
    const health = await startFakeDiscord()
    world.discord.fault({ reply: 405, body: "<html><body>405 Not Allowed</body></html>" }, { times: Infinity })
    const env = { ...world.env, DISCORD_HEALTH_WEBHOOK_URL: health.webhookUrl }
    const result = await runCli(["once"], { cwd: world.cwd, env })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      "ERROR DISCORD_WEBHOOK_URL looks wrong: its server answered 405 with an HTML page, which Discord does not answer to a webhook post; check the URL; 8 alerts stay queued until it is fixed"
    )
    expect(result.stderr).not.toContain("set aside")
    expect(result.stderr + result.stdout).not.toMatch(/secret-token|\/api\/webhooks/)
    // The round stopped at the first alert rather than trying, and losing, every one.
    expect(world.discord.posts).toHaveLength(1)
    const db = new Database(world.dbPath, { readonly: true })
    expect(
      db.prepare(
        "SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS queued, count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed FROM alert_outbox"
      ).get()
    ).toEqual({ queued: 8, failed: 0 })
    db.close()
    const problems = health.messages.map((m) => String(m.body.content)).filter((c) => c.startsWith("🔴"))
    expect(problems).toEqual([expect.stringContaining("alerts webhook URL looks wrong")])
    await health.close()
  })

  it("an outage stops the round and says exactly how many alerts stay queued", async () => {
    const world = await startWorld()
    world.discord.setDown(true)
    const result = await runCli(["once"], { cwd: world.cwd, env: { ...world.env, HTTP_TIMEOUT_SECONDS: "1" } })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /WARN Discord unavailable: Discord answered 503; 8 alerts stay queued for the next cycle/
    )
  }, 60_000)

  it("400: that alert is set aside with the reason, the rest go out once, in order", async () => {
    const world = await startWorld()
    // Discord refuses whatever carries this match: the batch, then that alert alone.
    world.discord.rejectContaining("Kestrel Town")
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /ERROR Alert \d+ rejected by Discord and set aside: Discord rejected the alert \(400\): Invalid Form Body/
    )
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    expect(received(world)).toEqual(queued(world).filter((key) => !key.includes("Kestrel Town")))
  })
})
