// `report` as a user runs it: a table on a terminal or a pipe, JSON for scripts, and --post to Discord;
// `status` shows the overall record.
import Database from "better-sqlite3"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const day = 86_400_000

/** A database holding followed picks: NorthernLights 2 won and 1 lost, QuietCompass 1 lost, 1 void. */
const seeded = async (dbPath: string, cwd: string, env: Record<string, string> = {}) => {
  expect((await runCli(["init-db"], { cwd, env: { DB_PATH: dbPath, ...env } })).code).toBe(0)
  const db = new Database(dbPath)
  const now = Date.now()
  const insert = db.prepare(
    `INSERT INTO followed_picks (user_id, event_id, market, pick, user_name, alert_odds, closing_odds, start_at,
       alerted_at, source, status, profit) VALUES (?, ?, '1', '1', ?, ?, ?, ?, ?, 'alert', ?, ?)`
  )
  const a = ["65f1c0a2b3d4e5f60718293a", "NorthernLights"] as const
  const b = ["66a0b1c2d3e4f5061728394b", "QuietCompass"] as const
  insert.run(a[0], 1, a[1], 2.0, 1.9, now - 2 * day, now - 3 * day, "won", 1.0)
  insert.run(a[0], 2, a[1], 2.5, 2.5, now - 2 * day, now - 3 * day, "won", 1.5)
  insert.run(a[0], 3, a[1], 1.8, 2.0, now - 2 * day, now - 3 * day, "lost", -1)
  insert.run(b[0], 4, b[1], 3.0, 3.0, now - 2 * day, now - 3 * day, "lost", -1)
  insert.run(b[0], 5, b[1], 2.0, 2.0, now - 2 * day, now - 3 * day, "void", 0)
  // Alerted 40 days ago: outside the default 30 days.
  insert.run(b[0], 6, b[1], 2.0, 2.0, now - 41 * day, now - 40 * day, "won", 1.0)
  db.close()
}

describe("report", () => {
  it("prints JSON in the documented shape, over the last 30 days by default or --since all", async () => {
    const cwd = tempDir()
    const dbPath = NodePath.join(cwd, "monitor.db")
    await seeded(dbPath, cwd)
    const result = await runCli(["report", "--json"], { cwd, env: { DB_PATH: dbPath } })
    expect(result.code).toBe(0)
    const json = JSON.parse(result.stdout) as {
      since: string
      overall: Record<string, unknown>
      predictors: Array<Record<string, unknown>>
    }
    expect(Date.parse(json.since)).toBeGreaterThan(Date.now() - 31 * day)
    expect(json.overall).toEqual({
      alerts: 5,
      won: 2,
      lost: 2,
      void: 1,
      pending: 0,
      unresolved: 0,
      profitUnits: 0.5,
      yieldPct: 12.5,
      avgOdds: 2.26,
      clvPct: -0.95 // (2.0 / 1.9 − 1 + 1.8 / 2.0 − 1) / 5
    })
    expect(json.predictors.map((p) => [p["name"], p["profitUnits"], p["yieldPct"]])).toEqual([
      ["NorthernLights", 1.5, 50],
      ["QuietCompass", -1, -100]
    ])
    const all = JSON.parse(
      (await runCli(["report", "--json", "--since", "all"], { cwd, env: { DB_PATH: dbPath } })).stdout
    )
    expect([all.since, all.overall.alerts, all.overall.profitUnits]).toEqual([null, 6, 1.5])
  })

  it("prints an aligned table without colours into a pipe, and refuses a bad --since with exit 64", async () => {
    const cwd = tempDir()
    const dbPath = NodePath.join(cwd, "monitor.db")
    await seeded(dbPath, cwd)
    const result = await runCli(["report", "--since", "7d"], { cwd, env: { DB_PATH: dbPath } })
    expect(result.code).toBe(0)
    expect(result.stdout).not.toMatch(/\u001b\[/)
    const rows = result.stdout.split("\n").filter((l) => /NorthernLights|QuietCompass|Overall/.test(l))
    expect(rows).toHaveLength(3)
    // Aligned: every row as long as the header.
    const header = result.stdout.split("\n").find((l) => l.includes("Profit"))!
    for (const row of rows) expect(row.length).toBe(header.length)
    expect(rows[0]).toContain("NorthernLights")
    const bad = await runCli(["report", "--since", "lately"], { cwd, env: { DB_PATH: dbPath } })
    expect(bad.code).toBe(64)
    expect(bad.stdout + bad.stderr).toMatch(/since/)
  })

  it("--post sends one embed with the overall line and the best and worst, and status shows the record", async () => {
    const world = await startWorld()
    await seeded(world.dbPath, world.cwd, world.env)
    const result = await runCli(["report", "--post"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    const reports = world.discord.alerts.filter((m) => String(m.body.embeds?.[0]?.["title"]).startsWith("📊"))
    expect(reports).toHaveLength(1)
    const embed = JSON.stringify(reports[0]!.body.embeds)
    expect(embed).toContain("NorthernLights")
    expect(embed).toContain("QuietCompass")
    expect(embed).toMatch(/Best/)
    expect(embed).toMatch(/Worst/)
    const status = await runCli(["status"], { cwd: world.cwd, env: world.env })
    expect(status.stdout).toContain(
      "results: 6 followed picks: 3 won, 2 lost, 1 void, 0 open; +1.50u, yield 30% (`report` for each predictor)"
    )
  })
})
