// The service unit as rendered for a machine, checked by systemd's own tools where they exist.
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { renderUnit } from "../../src/domain/systemdUnit.js"
import { closedPort } from "../support/ports.js"
import { mainJs, runCli, untimed } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const template = NodeFs.readFileSync(new URL("../../systemd/sofascore-monitor.service", import.meta.url), "utf8")
const values = {
  user: "alice",
  group: "alice",
  projectDir: "/home/alice/sofascore-monitor",
  node: "/usr/bin/node",
  dataDir: "/home/alice/sofascore-monitor/data",
  logsDir: "/home/alice/sofascore-monitor/logs",
  heapMb: 192
}
const hasSystemdAnalyze = NodeChild.spawnSync("systemd-analyze", ["--version"]).status === 0

describe("renderUnit", () => {
  it("fills every placeholder with the machine's values", () => {
    const result = renderUnit(template, values)
    expect(result._tag).toBe("Rendered")
    const unit = result._tag === "Rendered" ? result.unit : ""
    expect(unit).not.toMatch(/@[A-Z_]+@/)
    expect(unit).toContain("User=alice\nGroup=alice\nWorkingDirectory=/home/alice/sofascore-monitor\n")
    expect(unit).toContain(
      "ExecStart=/usr/bin/node --max-old-space-size=192 --max-semi-space-size=4 --optimize-for-size /home/alice/sofascore-monitor/dist/main.js run"
    )
    expect(unit).toContain("ReadWritePaths=/home/alice/sofascore-monitor/data /home/alice/sofascore-monitor/logs")
    expect(unit).toContain("EnvironmentFile=-/home/alice/sofascore-monitor/.env")
    for (
      const line of [
        "Environment=TZ=Europe/London",
        "Restart=on-failure",
        "RestartSec=60",
        "RestartPreventExitStatus=78",
        "TimeoutStopSec=20",
        "MemoryMax=400M",
        "MemoryHigh=350M",
        "CPUQuota=40%",
        "TasksMax=50",
        "StandardOutput=journal",
        "SyslogIdentifier=sofascore-monitor",
        "WantedBy=multi-user.target",
        "UMask=0077",
        "CapabilityBoundingSet=\n"
      ]
    ) {
      expect(unit).toContain(line)
    }
    // The start limits sit in [Unit], where systemd reads them.
    const unitSection = unit.slice(unit.indexOf("[Unit]"), unit.indexOf("[Service]"))
    expect(unitSection).toContain("StartLimitBurst=5")
    expect(unitSection).toContain("StartLimitIntervalSec=600")
    expect(unit).not.toMatch(/^MemoryDenyWriteExecute=/m)
  })

  it("refuses values systemd would split or expand", () => {
    expect(renderUnit(template, { ...values, projectDir: "/home/alice/my monitor" })).toMatchObject({ _tag: "Invalid" })
    expect(renderUnit(template, { ...values, dataDir: "data" })).toMatchObject({ _tag: "Invalid" })
    expect(renderUnit(template, { ...values, node: "/opt/100%/node" })).toMatchObject({ _tag: "Invalid" })
    expect(renderUnit(template, { ...values, user: "alice\nExecStartPre=/bin/sh" })).toMatchObject({ _tag: "Invalid" })
    expect(renderUnit(`${template}\nX=@UNKNOWN@`, values)).toMatchObject({
      _tag: "Invalid",
      reason: "the template has an unknown placeholder @UNKNOWN@"
    })
  })
})

describe.skipIf(!hasSystemdAnalyze)("the rendered unit under systemd-analyze", () => {
  const rendered = async () => {
    const cwd = tempDir()
    // A real system account: systemd-analyze warns about "nobody", rightly.
    const user = NodeChild.spawnSync("id", ["daemon"]).status === 0 ? "daemon" : (process.env["USER"] ?? "root")
    const result = await runCli(["install-service", "--dry-run", "--user", user], { cwd })
    expect(result.code).toBe(0)
    const file = NodePath.join(cwd, "sofascore-monitor.service")
    NodeFs.writeFileSync(file, result.stdout)
    return file
  }

  it("passes systemd-analyze verify without a word", async () => {
    const file = await rendered()
    const verify = NodeChild.spawnSync("systemd-analyze", ["verify", file], { encoding: "utf8" })
    expect(verify.stdout + verify.stderr).toBe("")
    expect(verify.status).toBe(0)
  })

  it("has an exposure of 2.0 or lower under systemd-analyze security", async () => {
    const file = await rendered()
    const security = NodeChild.spawnSync("systemd-analyze", ["security", "--offline=yes", file], { encoding: "utf8" })
    const exposure = Number(/Overall exposure level for .*: (\d+\.\d+)/.exec(security.stdout)?.[1])
    console.log(`systemd-analyze security: exposure ${exposure}`)
    expect(exposure).toBeLessThanOrEqual(2.0)
  })
})

/** A user the service may run as: a system account, or whoever runs the tests when not root. */
const serviceUser = NodeChild.spawnSync("id", ["daemon"]).status === 0
  ? "daemon"
  : process.env["USER"] !== "root"
  ? process.env["USER"]
  : undefined

/** A copy of the built program in a project folder of its own, so that a test can put a .env beside it. */
const projectCopy = () => {
  const dir = tempDir("sofascore-project-")
  // The launcher, the program and the chunks it loads.
  NodeFs.cpSync(NodePath.dirname(mainJs), NodePath.join(dir, "dist"), { recursive: true })
  NodeFs.mkdirSync(NodePath.join(dir, "systemd"))
  NodeFs.writeFileSync(NodePath.join(dir, "systemd", "sofascore-monitor.service"), template)
  NodeFs.symlinkSync(NodePath.resolve(import.meta.dirname, "../../node_modules"), NodePath.join(dir, "node_modules"))
  return { dir, main: NodePath.join(dir, "dist", "main.js") }
}

describe.skipIf(serviceUser === undefined)("install-service run from another directory", () => {
  const dryRun = (project: { readonly main: string }, cwd: string, env: Record<string, string> = {}) =>
    runCli(["install-service", "--dry-run", "--user", serviceUser!], { cwd, env, main: project.main })

  it("resolves DB_PATH and reads .env from the project directory, where the service runs", async () => {
    const project = projectCopy()
    const elsewhere = tempDir()
    NodeFs.writeFileSync(NodePath.join(elsewhere, ".env"), "DB_PATH=/not/this/one.db\n")
    const defaults = await dryRun(project, elsewhere)
    expect(defaults.stderr).toBe("")
    expect(defaults.code).toBe(0)
    expect(defaults.stdout).toContain(`WorkingDirectory=${project.dir}\n`)
    expect(defaults.stdout).toContain(`ReadWritePaths=${project.dir}/data ${project.dir}/logs\n`)

    NodeFs.writeFileSync(NodePath.join(project.dir, ".env"), "DB_PATH=state/monitor.db\n")
    const fromProjectEnv = await dryRun(project, elsewhere)
    expect(fromProjectEnv.code).toBe(0)
    expect(fromProjectEnv.stdout).toContain(`ReadWritePaths=${project.dir}/state ${project.dir}/logs\n`)
  })

  it("expands ~ to the service user's home, and refuses what the service could not use", async () => {
    const project = projectCopy()
    const home = NodeChild.spawnSync("getent", ["passwd", serviceUser!], { encoding: "utf8" }).stdout.split(":")[5]
    NodeFs.writeFileSync(NodePath.join(project.dir, ".env"), "DB_PATH=~/monitor/x.db\n")
    const tilde = await dryRun(project, tempDir())
    expect(tilde.code).toBe(0)
    expect(tilde.stdout).toContain(`ReadWritePaths=${home}/monitor ${project.dir}/logs\n`)
    NodeFs.writeFileSync(NodePath.join(project.dir, ".env"), "DB_PATH=/proc/x/db\n")
    const kernel = await dryRun(project, tempDir())
    expect(kernel.code).toBe(78)
    expect(kernel.stderr).toBe(
      "config error: DB_PATH: must not be under /proc (a kernel file system), got \"/proc/x/db\"\n"
    )
  })

  it("warns about what the service would read otherwise: the shell's settings, .env comments, typos", async () => {
    const project = projectCopy()
    NodeFs.writeFileSync(
      NodePath.join(project.dir, ".env"),
      "# settings\nDISCORD_WEBHOOK_URL=https://discord.com/api/webhooks/1/SECRET # main channel\nMIN_RIO=3\n"
    )
    const result = await dryRun(project, tempDir(), { DB_PATH: "/var/lib/elsewhere/x.db", MIN_ROI: "4" })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain(`ReadWritePaths=${project.dir}/data ${project.dir}/logs\n`)
    const envFile = NodePath.join(project.dir, ".env")
    expect(untimed(result.stderr).split("\n")).toEqual([
      "WARN .env sets MIN_RIO, which is not a setting; did you mean MIN_ROI?",
      `WARN the environment sets MIN_ROI, which the service will not see; it reads only ${envFile}`,
      `WARN the environment sets DB_PATH, which the service will not see; it reads only ${envFile}`,
      expect.stringMatching(/^WARN \.env line 2 \(DISCORD_WEBHOOK_URL\) has a comment after its value; systemd's/),
      ""
    ])
    expect(result.stderr).not.toContain("SECRET")
  })
})

describe("install-service and doctor on a machine without systemd", () => {
  it("explains what is missing instead of half-installing", async () => {
    const cwd = tempDir()
    const install = await runCli(["install-service", "--user", "nobody"], { cwd })
    expect(install.code).toBe(1)
    if (process.getuid?.() === 0) expect(install.stderr).toContain("systemd is not running on this machine")
    else expect(install.stderr).toContain("run it as root")
    expect(NodeFs.existsSync("/etc/systemd/system/sofascore-monitor.service")).toBe(false)
  })

  it("refuses to run as another user than root", async () => {
    const setpriv = NodeChild.spawnSync("setpriv", ["--version"])
    if (setpriv.status !== 0 || process.getuid?.() !== 0) return
    const cwd = tempDir()
    NodeFs.chmodSync(cwd, 0o777)
    const result = NodeChild.spawnSync("setpriv", [
      "--reuid=65534",
      "--regid=65534",
      "--clear-groups",
      process.execPath,
      NodePath.resolve("dist/main.js"),
      "install-service",
      "--user",
      "nobody"
    ], { cwd, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "" } })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain("install-service changes /etc/systemd: run it as root")
  })

  it("doctor reports each check, skips what cannot run here, and fails on what is wrong", async () => {
    const cwd = tempDir()
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    const result = await runCli(["doctor", "--json"], { cwd })
    const report = JSON.parse(result.stdout) as {
      ok: boolean
      checks: Array<{ name: string; status: string; detail: string }>
    }
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]))
    const failed = report.checks.filter((c) => c.status === "fail")
    expect(report.ok).toBe(failed.length === 0)
    expect(result.code).toBe(failed.length === 0 ? 0 : 1)
    expect(byName["configuration"]).toMatchObject({ status: "ok" })
    expect(byName["integrity_check"]).toMatchObject({ status: "ok", detail: "ok" })
    expect(byName["journal mode"]).toMatchObject({ status: "ok", detail: "wal" })
    expect(byName["tables"]).toMatchObject({ status: "ok" })
    expect(byName["Discord webhook"]).toMatchObject({ status: "skip" })
    if (!NodeFs.existsSync("/run/systemd/system")) expect(byName["service active"]).toMatchObject({ status: "skip" })
    const text = await runCli(["doctor"], { cwd, env: { MIN_ROI: "lots" } })
    expect(text.code).toBe(1)
    expect(text.stdout).toMatch(/✗ configuration +MIN_ROI: expected a number, got "lots"/)
    expect(text.stdout).toMatch(/✓ journal mode +wal/)
  })

  it("doctor right after init-db notes that there has been no poll yet, and does not fail for it", async () => {
    const cwd = tempDir()
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    const json = await runCli(["doctor", "--json"], { cwd })
    const report = JSON.parse(json.stdout) as { ok: boolean; checks: Array<{ name: string; status: string }> }
    expect(report.checks.find((c) => c.name === "last poll")).toEqual({
      name: "last poll",
      status: "note",
      detail: "none yet: the monitor has not run (start the service, or run `once`)"
    })
    const text = await runCli(["doctor"], { cwd })
    expect(text.stdout).toMatch(/^· last poll +none yet/m)
    // Whatever else this machine lacks (systemd, a lid), the note alone never fails the doctor.
    if (!report.checks.some((c) => c.status === "fail")) {
      expect(report.ok).toBe(true)
      expect(json.code).toBe(0)
      expect(text.code).toBe(0)
      expect(text.stdout).toMatch(/\nall checks passed; \d+ notes?\n$/)
    }
  })

  it("doctor names why the webhook is unreachable, without its token", async () => {
    const cwd = tempDir()
    const url = `http://127.0.0.1:${await closedPort()}/api/webhooks/1/SECRET-TOKEN`
    const result = await runCli(["doctor", "--json"], { cwd, env: { DISCORD_WEBHOOK_URL: url } })
    const report = JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }
    expect(report.checks.find((c) => c.name === "Discord webhook")).toEqual({
      name: "Discord webhook",
      status: "fail",
      detail: "unreachable (connection refused)"
    })
    expect(result.stdout + result.stderr).not.toContain("SECRET-TOKEN")
  })

  it("doctor warns about misspelt keys and about .env comments the service would read as values", async () => {
    const cwd = tempDir()
    NodeFs.writeFileSync(
      NodePath.join(cwd, ".env"),
      "MIN_RIO=7\nDISCORD_WEBHOOK_URL= # not yet\nLOG_LEVEL=INFO # the default\n"
    )
    const result = await runCli(["doctor", "--json"], { cwd })
    const report = JSON.parse(result.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]))
    expect(byName["setting names"]).toEqual({
      name: "setting names",
      status: "warn",
      detail: ".env sets MIN_RIO, which is not a setting; did you mean MIN_ROI?"
    })
    expect(byName[".env"]).toMatchObject({ status: "warn" })
    expect(byName[".env"]!.detail).toMatch(/^\.env line 3 \(LOG_LEVEL\) has a comment after its value; systemd/)
    expect(byName[".env"]!.detail).not.toContain("INFO")
    const text = await runCli(["doctor"], { cwd })
    expect(text.stdout).toMatch(/^! setting names +\.env sets MIN_RIO/m)
    expect(text.stdout).toMatch(/; \d+ warnings?/)
  })
})
