// `run` as a real process: it cycles, and it stops cleanly.
import Database from "better-sqlite3"
import * as NodeFs from "node:fs"
import { afterEach, describe, expect, it } from "vitest"
import { startFakeDiscord } from "../support/fakeDiscord.js"
import { startWorld } from "../support/monitorEnv.js"
import { type RunningCli, startCli } from "../support/runCli.js"

const started: Array<RunningCli> = []
afterEach(() => {
  for (const cli of started.splice(0)) cli.child.kill("SIGKILL")
})

const start = (args: ReadonlyArray<string>, options: Parameters<typeof startCli>[1]) => {
  const cli = startCli(args, options)
  started.push(cli)
  return cli
}

describe("run", () => {
  it("starts, discovers, polls, schedules the next poll, and stops on SIGTERM with exit 0 and a closed database", async () => {
    const world = await startWorld()
    const health = await startFakeDiscord()
    const daemon = start(["run"], {
      cwd: world.cwd,
      env: { ...world.env, DISCORD_HEALTH_WEBHOOK_URL: health.webhookUrl }
    })
    await daemon.waitFor(/Next poll in \d+ seconds \(adaptive interval\)/)
    const output = daemon.output()
    expect(output).toContain("Starting Async Monitor...")
    expect(output).toContain("Discovered 10 users meeting criteria (MIN_ROI=5.0)")
    const wait = Number(/Next poll in (\d+) seconds/.exec(output)![1])
    expect(wait).toBeGreaterThanOrEqual(170)
    expect(wait).toBeLessThanOrEqual(900)
    expect(world.discord.alerts.length).toBe(8)

    const signalledAt = performance.now()
    daemon.child.kill("SIGTERM")
    const exit = await daemon.exited
    expect(exit.code).toBe(0)
    expect(exit.atMs - signalledAt).toBeLessThan(10_000)
    // A clean stop checkpoints the WAL into the file.
    const wal = `${world.dbPath}-wal`
    expect(NodeFs.existsSync(wal) ? NodeFs.statSync(wal).size : 0).toBe(0)
    const db = new Database(world.dbPath, { readonly: true })
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok")
    db.close()
    // The operator's channel heard the start and the stop; no alert went there.
    expect(health.messages.map((m) => m.body.content)).toEqual([
      expect.stringMatching(/^🟢 sofascore-monitor: started/),
      expect.stringMatching(/^⚪ sofascore-monitor: stopped/)
    ])
    await health.close()
  })

  it("tells the health channel, once, that the alerts webhook is gone, and keeps the alerts queued", async () => {
    const world = await startWorld()
    const health = await startFakeDiscord()
    world.discord.fault({ status: 404 }, { times: Infinity })
    const daemon = start(["run"], {
      cwd: world.cwd,
      env: { ...world.env, DISCORD_HEALTH_WEBHOOK_URL: health.webhookUrl }
    })
    await daemon.waitFor(/Next poll in/)
    expect(daemon.output()).toMatch(/ERROR .*webhook answered 404/)
    expect(daemon.output()).not.toContain("secret-token")
    const problems = health.messages.filter((m) => String(m.body.content).startsWith("🔴"))
    expect(problems).toHaveLength(1)
    expect(String(problems[0]!.body.content)).toContain("alerts webhook")
    daemon.child.kill("SIGTERM")
    expect((await daemon.exited).code).toBe(0)
    const db = new Database(world.dbPath, { readonly: true })
    expect(db.prepare("SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL AND failed_at IS NULL").get())
      .toEqual({ n: 8 })
    db.close()
    await health.close()
  })

  it("stops as cleanly on SIGHUP (the terminal closing) as on SIGTERM: Stopping, lock released, exit 0", async () => {
    const world = await startWorld()
    const daemon = start(["run"], { cwd: world.cwd, env: world.env })
    await daemon.waitFor(/Next poll in \d+ seconds/)
    const lockFile = `${world.dbPath}.lock`
    // The program's pid: node started with the memory limits by the launcher that the test started.
    const holder = Number(NodeFs.readFileSync(lockFile, "utf8"))
    const parentOf = (pid: number) =>
      Number(NodeFs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1])
    expect(parentOf(holder)).toBe(daemon.child.pid)
    expect(NodeFs.readFileSync(`/proc/${holder}/cmdline`, "utf8").split("\0")).toEqual(
      expect.arrayContaining(["--max-semi-space-size=4", "--max-old-space-size=192", "--optimize-for-size"])
    )
    daemon.child.kill("SIGHUP")
    const exit = await daemon.exited
    expect(exit).toMatchObject({ code: 0, signal: null })
    expect(daemon.output()).toMatch(/Z INFO Stopping\n/)
    expect(NodeFs.existsSync(lockFile)).toBe(false)
    const wal = `${world.dbPath}-wal`
    expect(NodeFs.existsSync(wal) ? NodeFs.statSync(wal).size : 0).toBe(0)
  })

  it("aborts requests in flight on SIGTERM instead of waiting for them", async () => {
    const world = await startWorld()
    world.sofascore.fault("ranking", { hang: true }, { times: Infinity })
    const daemon = start(["run"], { cwd: world.cwd, env: { ...world.env, HTTP_TIMEOUT_SECONDS: "60" } })
    await daemon.waitFor(/Starting Async Monitor/)
    while (world.sofascore.inFlight === 0) await new Promise((r) => setTimeout(r, 50))
    const signalledAt = performance.now()
    daemon.child.kill("SIGINT")
    const exit = await daemon.exited
    expect(exit.code).toBe(0)
    expect(exit.atMs - signalledAt).toBeLessThan(5_000)
  })
})
