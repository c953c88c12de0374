// The built program as a user runs it: real processes on a temporary working directory.
import Database from "better-sqlite3"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { runCli, untimed } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const secretWebhook = "https://discord.com/api/webhooks/111/SECRET-TOKEN-abc"
const secretProxy = "http://alice:PROXY-PASSWORD@127.0.0.1:3128"

describe("init-db", () => {
  it("creates the database under data/ by default and says what it holds", async () => {
    const cwd = tempDir()
    const result = await runCli(["init-db"], { cwd })
    expect(result.stderr).toBe("")
    expect(result.code).toBe(0)
    const file = NodePath.join(cwd, "data", "sofascore_monitor.db")
    expect(result.stdout).toContain(`database: ${file} (created)`)
    expect(result.stdout).toContain("journal mode: wal")
    expect(result.stdout).toMatch(/tables: .*latest_odds.*seen_bets.*user_status/)
    expect(NodeFs.existsSync(file)).toBe(true)
  })

  it("is idempotent, and backs up a file before migrating it", async () => {
    const cwd = tempDir()
    const file = NodePath.join(cwd, "old.db")
    const legacy = new Database(file)
    legacy.exec("CREATE TABLE seen_bets (id TEXT PRIMARY KEY, user_id TEXT, created_at TIMESTAMP)")
    legacy.close()
    const first = await runCli(["init-db"], { cwd, env: { DB_PATH: "old.db" } })
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`backup: ${file}.backup`)
    expect(first.stdout).toContain("migrations: applied 0001_create_tables")
    const second = await runCli(["init-db"], { cwd, env: { DB_PATH: "old.db" } })
    expect(second.code).toBe(0)
    expect(second.stdout).toContain("migrations: up to date")
    expect(second.stdout).not.toContain("backup:")
  })
})

describe("status", () => {
  it("reports counts and where alerts go, as text and as JSON, without the webhook", async () => {
    const cwd = tempDir()
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    const env = { DISCORD_WEBHOOK_URL: secretWebhook, PROXY_URL: secretProxy }
    const text = await runCli(["status"], { cwd, env })
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/seen_bets\s+0/)
    expect(text.stdout).toContain("alerts: 0 pending, 0 failed; sent to discord")
    expect(text.stdout).toContain("paused users: none")
    expect(text.stdout).toContain("last poll: never")
    const json = await runCli(["status", "--json"], { cwd, env })
    expect(json.code).toBe(0)
    const parsed = JSON.parse(json.stdout) as Record<string, unknown>
    expect(parsed).toMatchObject({
      database: "ok",
      file: NodePath.join(cwd, "data", "sofascore_monitor.db"),
      journalMode: "wal",
      pendingAlerts: 0,
      pausedUsers: [],
      lastPollAt: null,
      alertsTo: "discord"
    })
    expect(parsed["tables"]).toMatchObject({ seen_bets: 0, user_status: 0, latest_odds: 0 })
    for (const output of [text.stdout, text.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain("SECRET-TOKEN")
      expect(output).not.toContain("PROXY-PASSWORD")
    }
  })

  it("shows paused users and pending alerts that the database holds", async () => {
    const cwd = tempDir()
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    const db = new Database(NodePath.join(cwd, "data", "sofascore_monitor.db"))
    const future = 4_102_444_800_000 // 2100-01-01
    db.prepare(
      "INSERT INTO user_status (user_id, name, consecutive_failures, paused_until, last_error, last_polled_at) VALUES (?, ?, 0, ?, ?, ?)"
    )
      .run("65f1c0a2b3d4e5f60718293a", "NorthernLights", future, "Blocked: 403", 1_767_225_600_000)
    db.prepare(
      "INSERT INTO alert_outbox (kind, user_id, event_id, payload, created_at) VALUES ('NewBets', 'u', 1, '{}', 0)"
    ).run()
    db.close()
    const json = JSON.parse((await runCli(["status", "--json"], { cwd })).stdout) as Record<string, unknown>
    expect(json["pendingAlerts"]).toBe(1)
    expect(json["pausedUsers"]).toEqual([
      {
        userId: "65f1c0a2b3d4e5f60718293a",
        name: "NorthernLights",
        pausedUntil: "2100-01-01T00:00:00.000Z",
        lastError: "Blocked: 403"
      }
    ])
    expect(json["lastPollAt"]).toBe("2026-01-01T00:00:00.000Z")
    const text = await runCli(["status"], { cwd })
    expect(text.stdout).toContain(
      "NorthernLights (65f1c0a2b3d4e5f60718293a) until 2100-01-01T00:00:00.000Z: Blocked: 403"
    )
  })

  it("does not create a database where there is none", async () => {
    const cwd = tempDir()
    const result = await runCli(["status"], { cwd })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("no database at")
    expect(NodeFs.existsSync(NodePath.join(cwd, "data", "sofascore_monitor.db"))).toBe(false)
  })

  it("says that an empty database file is empty, and leaves it as it was", async () => {
    const cwd = tempDir()
    const file = NodePath.join(cwd, "x.db")
    NodeFs.writeFileSync(file, "")
    const result = await runCli(["status"], { cwd, env: { DB_PATH: "x.db" } })
    expect(result.code).toBe(1)
    expect(result.stdout).toBe("")
    expect(result.stderr).toBe(
      `error: database ${file} is empty (0 bytes); run \`sofascore-monitor init-db\` or start the monitor\n`
    )
    // No tables, no WAL, no lock: the folder holds the empty file alone.
    expect(NodeFs.readdirSync(cwd)).toEqual(["x.db"])
    expect(NodeFs.statSync(file).size).toBe(0)
  })

  it("answers --json with JSON when there is no database or an empty file, exiting 1 as without --json", async () => {
    const cwd = tempDir()
    const file = NodePath.join(cwd, "data", "sofascore_monitor.db")
    const missing = await runCli(["status", "--json"], { cwd })
    expect(missing.code).toBe(1)
    expect(JSON.parse(missing.stdout)).toEqual({
      database: "missing",
      file,
      message: `no database at ${file}; run \`sofascore-monitor init-db\` or start the monitor first`
    })
    expect(missing.stderr).toContain("no database at")
    expect(NodeFs.existsSync(file)).toBe(false)

    NodeFs.mkdirSync(NodePath.dirname(file))
    NodeFs.writeFileSync(file, "")
    const empty = await runCli(["status", "--json"], { cwd })
    expect(empty.code).toBe(1)
    expect(JSON.parse(empty.stdout)).toMatchObject({ database: "empty", file })
    expect(NodeFs.readdirSync(NodePath.dirname(file))).toEqual(["sofascore_monitor.db"])
  })
})

describe("bad configuration", () => {
  it("stops with exit 78 and one line naming the key", async () => {
    const cwd = tempDir()
    const result = await runCli(["init-db"], { cwd, env: { MIN_ROI: "abc" } })
    expect(result.code).toBe(78)
    expect(result.stderr).toBe("config error: MIN_ROI: expected a number, got \"abc\"\n")
    expect(result.stdout).toBe("")
    // Nothing was done before the check.
    expect(NodeFs.existsSync(NodePath.join(cwd, "data"))).toBe(false)
  })

  it("never prints a secret, even a malformed one, or one beside another bad key", async () => {
    const cwd = tempDir()
    const badSecret = await runCli(["status"], {
      cwd,
      env: { DISCORD_WEBHOOK_URL: "discord.com/api/webhooks/1/SECRET-TOKEN-abc" }
    })
    expect(badSecret.code).toBe(78)
    expect(badSecret.stderr).toBe(
      "config error: DISCORD_WEBHOOK_URL: expected an absolute http(s) URL, (value hidden)\n"
    )
    const beside = await runCli(["status"], {
      cwd,
      env: { DISCORD_WEBHOOK_URL: secretWebhook, PROXY_URL: secretProxy, LOG_LEVEL: "loud" }
    })
    expect(beside.code).toBe(78)
    expect(beside.stderr).toContain("LOG_LEVEL")
    expect(beside.stderr + beside.stdout).not.toMatch(/SECRET-TOKEN|PROXY-PASSWORD/)
  })

  it("reads .env in the working directory, with the environment taking precedence", async () => {
    const cwd = tempDir()
    NodeFs.writeFileSync(NodePath.join(cwd, ".env"), "# settings\nDB_PATH=from-dotenv.db\nRETENTION_DAYS=0\n")
    const fromFile = await runCli(["init-db"], { cwd })
    expect(fromFile.code).toBe(78)
    expect(fromFile.stderr).toBe("config error: RETENTION_DAYS: must be between 1 and 3650, got 0\n")
    const overridden = await runCli(["init-db"], { cwd, env: { RETENTION_DAYS: "7" } })
    expect(overridden.code).toBe(0)
    expect(overridden.stdout).toContain(NodePath.join(cwd, "from-dotenv.db"))
  })

  it("refuses a database under /proc, /sys or /dev at once, instead of spinning in mkdir", async () => {
    const cwd = tempDir()
    const cases = [["init-db", "/proc", "/proc/x/db"], ["run", "/proc", "/proc/x/db"], ["once", "/sys", "/sys/x.db"]]
    for (const [command, folder, dbPath] of cases) {
      const started = performance.now()
      const result = await runCli([command!], { cwd, env: { DB_PATH: dbPath! }, timeoutMs: 10_000 })
      expect(result.code).toBe(78)
      expect(result.stderr).toBe(
        `config error: DB_PATH: must not be under ${folder} (a kernel file system), got "${dbPath}"\n`
      )
      expect(performance.now() - started).toBeLessThan(5_000)
    }
  })

  it("reads ~/ in DB_PATH as the home directory, not as a folder named ~", async () => {
    const cwd = tempDir()
    const home = tempDir()
    const result = await runCli(["init-db"], { cwd, env: { HOME: home, DB_PATH: "~/monitor/x.db" } })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`database: ${NodePath.join(home, "monitor", "x.db")} (created)`)
    expect(NodeFs.existsSync(NodePath.join(cwd, "~"))).toBe(false)
  })

  it("warns once about a key that looks like a setting but is not, and names the one meant", async () => {
    const cwd = tempDir()
    NodeFs.writeFileSync(NodePath.join(cwd, ".env"), "MIN_RIO=7\nDISCORD_WEBHOOK=\n")
    const env = { SCAN_INTERVAL: "3", NODE_ENV: "production", LANG: "C.UTF-8", LOG_LEVEL: "INFO" }
    for (const command of ["init-db", "status"]) {
      const result = await runCli([command], { cwd, env })
      expect(result.code).toBe(0)
      expect(untimed(result.stderr)).toBe([
        "WARN .env sets MIN_RIO, which is not a setting; did you mean MIN_ROI?",
        "WARN .env sets DISCORD_WEBHOOK, which is not a setting; did you mean DISCORD_WEBHOOK_URL?",
        "WARN the environment sets SCAN_INTERVAL, which is not a setting; did you mean SCAN_INTERVAL_MINUTES?",
        ""
      ].join("\n"))
    }
  })

  it("names the line of a malformed .env", async () => {
    const cwd = tempDir()
    NodeFs.writeFileSync(NodePath.join(cwd, ".env"), "MIN_ROI=5\nthis is not a setting\n")
    const result = await runCli(["status"], { cwd })
    expect(result.code).toBe(78)
    expect(result.stderr).toBe("config error: .env: line 2: expected KEY=VALUE\n")
  })
})

describe("command line", () => {
  it("has --help on every command", async () => {
    const cwd = tempDir()
    for (const args of [["--help"], ["init-db", "--help"], ["status", "--help"]]) {
      const result = await runCli(args, { cwd })
      expect(result.code).toBe(0)
      expect(result.stdout).toContain("USAGE")
    }
    expect((await runCli(["--help"], { cwd })).stdout).toMatch(/init-db[\s\S]*status/)
  })

  const commands = ["run", "once", "demo", "init-db", "status", "install-service", "uninstall-service", "doctor"]

  it("prints help without terminal styles into a pipe", async () => {
    const cwd = tempDir()
    for (const args of [["--help"], ["status", "--help"], ["frobnicate"]]) {
      const result = await runCli(args, { cwd })
      expect(result.stdout + result.stderr).not.toContain("\u001b[")
    }
  })

  it("lists every command with its one-line description", async () => {
    const help = (await runCli(["--help"], { cwd: tempDir() })).stdout
    for (const name of commands) expect(help).toMatch(new RegExp(`- ${name}\\b.*\\s{2}[A-Z]\\w+`))
    expect(help).toContain("EXIT CODES")
  })

  it("gives each command's configuration keys, exit codes and an example", async () => {
    const cwd = tempDir()
    for (const name of commands) {
      const help = (await runCli([name, "--help"], { cwd })).stdout
      expect(help, name).toMatch(/CONFIGURATION\n\n\S/)
      expect(help, name).toMatch(/EXIT CODES\n\n0 +\S.*\n1 +\S.*\n64 +a bad command line/)
      expect(help, name).toMatch(new RegExp(`EXAMPLES?\\n\\n\\$ (\\S+ )?sofascore-monitor ${name}\\b`))
    }
    const status = (await runCli(["status", "--help"], { cwd })).stdout
    expect(status).toContain("DB_PATH, DISCORD_WEBHOOK_URL, LOG_LEVEL; read from the environment, then from .env")
    expect(status).toContain("78  a bad configuration")
    expect(status).toContain("$ sofascore-monitor status --json")
    const run = (await runCli(["run", "--help"], { cwd })).stdout
    expect(run).toMatch(/DISCORD_WEBHOOK_URL,[\s\S]*OTEL_SERVICE_NAME;/)
    expect(run).toContain("SIGHUP")
    expect((await runCli(["uninstall-service", "--help"], { cwd })).stdout).toContain("reads no configuration")
  })

  it("rejects unknown commands and flags with a message and a non-zero exit", async () => {
    const cwd = tempDir()
    const command = await runCli(["frobnicate"], { cwd })
    expect(command.code).toBe(64)
    expect(command.stderr + command.stdout).toMatch(/Invalid subcommand/)
    const flag = await runCli(["status", "--verbose-please"], { cwd })
    expect(flag.code).toBe(64)
    expect(flag.stderr + flag.stdout).toContain("--verbose-please")
  })
})
