// Each way Discord can fail: while it lasts the alerts wait in the outbox; once it clears, every
// alert is delivered exactly once, in the order it was queued.
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import type { DiscordFault } from "../support/fakeDiscord.js"
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
  ["404 (webhook deleted)", { status: 404 }]
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
      expect(world.discord.messages).toHaveLength(0)
      expect(world.discord.posts.length).toBeGreaterThan(0)
      world.discord.clearFaults()
      const after = await runCli(["once"], { cwd: world.cwd, env, timeoutMs: 60_000 })
      expect(after.code).toBe(0)
      const order = queued(world)
      expect(order).toHaveLength(8)
      expect(received(world)).toEqual(order)
    }, 60_000)
  }

  it("400: that alert is set aside with the reason, the rest go out once, in order", async () => {
    const world = await startWorld()
    world.discord.fault({ status: 400, body: { message: "Invalid Form Body", code: 50035 } }, { times: 1 })
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(
      /ERROR Alert 1 rejected by Discord and set aside: Discord rejected the alert \(400\): Invalid Form Body/
    )
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    expect(received(world)).toEqual(queued(world).slice(1))
  })
})
