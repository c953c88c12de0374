// Every command, run with a webhook URL and a proxy password set: neither may appear in any output,
// log line, error, trace or database row. And the database file is the owner's alone.
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { startFakeDiscord } from "../support/fakeDiscord.js"
import { startWorld } from "../support/monitorEnv.js"
import { startOtlpReceiver } from "../support/otlpReceiver.js"
import { closedPort } from "../support/ports.js"
import { runCli, startCli } from "../support/runCli.js"

const proxyPassword = "PROXY-PASSWORD-s3cr3t"
const webhookToken = "secret-token"

describe("secrets", () => {
  it("never shows the webhook URL or the proxy password, whatever the command", async () => {
    const world = await startWorld()
    const health = await startFakeDiscord()
    const otlp = await startOtlpReceiver()
    // The proxy is unreachable: every Sofascore request fails through it, with errors to log.
    const env = {
      ...world.env,
      PROXY_URL: `http://alice:${proxyPassword}@127.0.0.1:${await closedPort()}`,
      DISCORD_HEALTH_WEBHOOK_URL: health.webhookUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
      HTTP_TIMEOUT_SECONDS: "2"
    }
    const outputs: Array<string> = []
    const run = async (args: ReadonlyArray<string>, extra: Record<string, string> = {}) => {
      const result = await runCli(args, { cwd: world.cwd, env: { ...env, ...extra }, timeoutMs: 60_000 })
      outputs.push(`$ ${args.join(" ")} (${result.code})\n${result.stdout}\n${result.stderr}`)
      return result
    }
    expect((await run(["init-db"])).code).toBe(0)
    // Nothing can be polled through the dead proxy: `once` says so with exit 1.
    expect((await run(["once"])).code).toBe(1)
    expect((await run(["status"])).code).toBe(0)
    expect((await run(["status", "--json"])).code).toBe(0)
    await run(["doctor"])
    await run(["doctor", "--json"])
    await run(["install-service", "--dry-run", "--user", "daemon"])
    await run(["install-service"])
    await run(["--help"])
    // Bad values are not echoed either.
    expect((await run(["status"], { DISCORD_WEBHOOK_URL: `ftp://discord.com/api/webhooks/1/${webhookToken}` })).code)
      .toBe(78)
    expect((await run(["status"], { PROXY_URL: `socks9://alice:${proxyPassword}@proxy` })).code).toBe(78)
    expect((await run(["demo", "--hours", "2", "--speed", "7200"])).code).toBe(0)
    const daemon = startCli(["run"], { cwd: world.cwd, env })
    await daemon.waitFor(/Next (poll|discovery attempt) in/, 60_000)
    daemon.child.kill("SIGTERM")
    await daemon.exited
    outputs.push(daemon.output())

    const everything = outputs.join("\n")
    expect(everything).toContain("Transport") // the proxy really was in the way
    expect(everything).not.toContain(proxyPassword)
    expect(everything).not.toContain(webhookToken)
    expect(everything).not.toContain("/api/webhooks/")
    const spans = JSON.stringify(otlp.spans)
    expect(otlp.spans.length).toBeGreaterThan(0)
    expect(spans).not.toContain(proxyPassword)
    expect(spans).not.toContain(webhookToken)
    for (const file of NodeFs.readdirSync(NodePath.dirname(world.dbPath)).filter((f) => f.startsWith("monitor.db"))) {
      const bytes = NodeFs.readFileSync(NodePath.join(NodePath.dirname(world.dbPath), file)).toString("latin1")
      expect([file, bytes.includes(proxyPassword) || bytes.includes(webhookToken)]).toEqual([file, false])
    }
    expect(NodeFs.statSync(world.dbPath).mode & 0o777).toBe(0o600)
    await Promise.all([health.close(), otlp.close()])
  }, 180_000)
})

describe("SQL", () => {
  it("is parameterised everywhere: the only unparameterised statements are fixed text", () => {
    const files = (dir: string): ReadonlyArray<string> =>
      NodeFs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(NodePath.join(dir, e.name)) : e.name.endsWith(".ts") ? [NodePath.join(dir, e.name)] : []
      )
    const unsafe = files("src").flatMap((file) =>
      NodeFs.readFileSync(file, "utf8").split("\n").filter((line) => line.includes(".unsafe(")).map((line) =>
        `${file}: ${line.trim()}`
      )
    )
    // Each is either a constant or built from a constant of this program, never from input.
    expect(unsafe).toEqual([
      "src/layers/SqliteDatabase.ts: yield* sql.unsafe(`PRAGMA busy_timeout = ${busyTimeoutMs}`)",
      "src/migrations/0001_create_tables.ts: yield* sql.unsafe(`ALTER TABLE ${table} RENAME TO legacy_${table}`)"
    ])
    expect(NodeFs.readFileSync("src/migrations/0001_create_tables.ts", "utf8")).toContain(
      "const legacyTables = [\"seen_bets\", \"user_status\", \"latest_odds\"] as const"
    )
  })
})
