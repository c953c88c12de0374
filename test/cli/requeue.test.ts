// `requeue`, as a user runs it: alerts set aside go back in the queue and out with the next cycle.
import Database from "better-sqlite3"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { type MonitorWorld, receivedAlertKeys, startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const outbox = (world: MonitorWorld) => {
  const db = new Database(world.dbPath, { readonly: true })
  const rows = db.prepare("SELECT id, payload, delivered_at, failed_at FROM alert_outbox ORDER BY id").all() as Array<
    { id: number; payload: string; delivered_at: number | null; failed_at: number | null }
  >
  db.close()
  return rows.map((r) => {
    const a = JSON.parse(r.payload) as { predictor: { id: string }; match: { homeTeam: string; awayTeam: string } }
    const state = r.delivered_at !== null ? "delivered" : r.failed_at !== null ? "set aside" : "queued"
    return { id: r.id, key: `${a.predictor.id} ${a.match.homeTeam} vs ${a.match.awayTeam}`, state }
  })
}

const keysOf = (world: MonitorWorld, ids: ReadonlyArray<number>) =>
  outbox(world).filter((row) => ids.includes(row.id)).map((row) => row.key)

describe("requeue", () => {
  it("puts set-aside alerts back, by id, by age, or all, and the next cycle sends them", async () => {
    const world = await startWorld()
    const cli = (args: ReadonlyArray<string>) => runCli(args, { cwd: world.cwd, env: world.env })
    // Every alert refused with Discord's own error: all eight set aside.
    world.discord.fault({ status: 400, body: { message: "Invalid Form Body", code: 50035 } }, { times: Infinity })
    expect((await cli(["once"])).code).toBe(0)
    expect(outbox(world).map((row) => row.state)).toEqual(Array(8).fill("set aside"))
    world.discord.clearFaults()

    const byId = await cli(["requeue", "--id", "1", "--id", "2", "--id", "99"])
    expect(byId.code).toBe(0)
    expect(byId.stdout).toBe(
      "requeued 2 set-aside alerts; the monitor sends them in its next delivery round\nnot set aside, left as they were: 99\n"
    )
    expect((await cli(["once"])).code).toBe(0)
    expect(receivedAlertKeys(world.discord)).toEqual(keysOf(world, [1, 2]))

    // Alerts 3 to 5 were set aside three days ago: --since 24h leaves them.
    const db = new Database(world.dbPath)
    db.prepare("UPDATE alert_outbox SET failed_at = ? WHERE id BETWEEN 3 AND 5").run(Date.now() - 3 * 86_400_000)
    db.close()
    const recent = await cli(["requeue", "--since", "24h"])
    expect([recent.code, recent.stdout]).toEqual([
      0,
      "requeued 3 set-aside alerts; the monitor sends them in its next delivery round\n"
    ])
    expect(outbox(world).filter((row) => row.state === "queued").map((row) => row.id)).toEqual([6, 7, 8])
    const future = await cli(["requeue", "--since", "2099-01-01"])
    expect([future.code, future.stdout]).toEqual([0, "requeued 0 set-aside alerts\n"])

    const all = await cli(["requeue"])
    expect([all.code, all.stdout]).toEqual([
      0,
      "requeued 3 set-aside alerts; the monitor sends them in its next delivery round\n"
    ])
    expect((await cli(["once"])).code).toBe(0)
    // Put back, they keep their place in the outbox: 3 to 5 before 6 to 8.
    expect(receivedAlertKeys(world.discord)).toEqual(keysOf(world, [1, 2, 3, 4, 5, 6, 7, 8]))
    expect(outbox(world).map((row) => row.state)).toEqual(Array(8).fill("delivered"))
    expect((await cli(["requeue"])).stdout).toBe("requeued 0 set-aside alerts\n")
  }, 60_000)

  it("rejects a bad option with exit 64 and says which", async () => {
    const world = await startWorld()
    expect((await runCli(["init-db"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    for (
      const [args, message] of [
        [["--since", "yesterday"], "--since: expected a number of hours or days (24h, 7d) or a day (YYYY-MM-DD)"],
        [["--since", "2026-02-30"], "--since: no such day: 2026-02-30"],
        [["--since", "0d"], "--since: expected more than 0"],
        [["--id", "x"], "--id: expected an alert id (a whole number from 1), got x"],
        [["--since", "7d", "--id", "1"], "give --since or --id, not both"]
      ] as const
    ) {
      const result = await runCli(["requeue", ...args], { cwd: world.cwd, env: world.env })
      expect([args, result.code]).toEqual([args, 64])
      expect(result.stderr).toContain(message)
      expect(result.stdout).toBe("")
    }
  })

  it("does not create a database where there is none", async () => {
    const cwd = tempDir()
    const result = await runCli(["requeue"], { cwd })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("no database at")
    expect(NodeFs.existsSync(NodePath.join(cwd, "data"))).toBe(false)
  })
})
