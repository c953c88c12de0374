// Power cuts and stops: the daemon killed with SIGKILL at twenty points of its cycles, and stopped
// with SIGTERM in the middle of one. Every alert still reaches Discord, at most one duplicate per
// kill, and the database stays sound.
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { receivedAlertKeys, startWorld } from "../support/monitorEnv.js"
import { runCli, startCli } from "../support/runCli.js"

const expectedAlerts = 8

describe("crash safety", () => {
  it("loses nothing across twenty SIGKILLs at different points of a cycle", async () => {
    // Slow servers stretch the fetching and delivering phases, so the kills land in all of them.
    const world = await startWorld({ latencyMs: 60, discordLatencyMs: 150 })
    const kills: Array<{ afterMs: number; output: string }> = []
    for (let i = 0; i < 20; i++) {
      const daemon = startCli(["run"], { cwd: world.cwd, env: world.env })
      await daemon.waitFor(/Starting Async Monitor/, 20_000)
      const afterMs = 40 + i * 150
      await new Promise((resolve) => setTimeout(resolve, afterMs))
      daemon.child.kill("SIGKILL")
      await daemon.exited
      kills.push({ afterMs, output: daemon.output() })
    }
    const finish = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(finish.code).toBe(0)

    // The kills hit discovery, fetching, writing and delivering.
    expect(kills.some((k) => !k.output.includes("Discovered"))).toBe(true)
    expect(kills.some((k) => k.output.includes("Found 1 new bets") || k.output.includes("Processing"))).toBe(true)

    const received = receivedAlertKeys(world.discord)
    expect(new Set(received).size).toBe(expectedAlerts)
    expect(received.length - expectedAlerts).toBeLessThanOrEqual(kills.length)
    const db = new Database(world.dbPath, { readonly: true })
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok")
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL").get()).toEqual({ n: 0 })
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox").get()).toEqual({ n: expectedAlerts })
    db.close()
    console.log(`crash safety: 20 kills, ${received.length - expectedAlerts} duplicate alerts`)
  }, 180_000)

  it(
    "stops on SIGTERM in the middle of a cycle with exit 0, nothing half-written, and the next start carries on",
    async () => {
      const world = await startWorld({ latencyMs: 400, discordLatencyMs: 300 })
      const daemon = startCli(["run"], { cwd: world.cwd, env: world.env })
      await daemon.waitFor(/Processing \d+ predictions/, 20_000)
      const signalled = performance.now()
      daemon.child.kill("SIGTERM")
      const exit = await daemon.exited
      expect(exit.code).toBe(0)
      expect(exit.atMs - signalled).toBeLessThan(10_000)
      expect(daemon.output()).not.toContain("Cycle done")
      const db = new Database(world.dbPath, { readonly: true })
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok")
      // Whatever was recorded came with its alerts: a predictor's seen rows and outbox rows commit together.
      const seenAlerted = db.prepare(
        "SELECT count(DISTINCT user_id || ':' || event_id) AS n FROM seen_bets WHERE alerted = 1"
      ).get() as { n: number }
      const queued = db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE kind = 'NewBets'").get() as { n: number }
      expect(queued.n).toBe(seenAlerted.n)
      db.close()
      const next = await runCli(["once"], { cwd: world.cwd, env: world.env, timeoutMs: 60_000 })
      expect(next.code).toBe(0)
      expect(receivedAlertKeys(world.discord)).toHaveLength(expectedAlerts)
      expect(new Set(receivedAlertKeys(world.discord)).size).toBe(expectedAlerts)
    },
    60_000
  )
})
