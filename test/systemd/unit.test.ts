// The service unit as rendered for a machine, checked by systemd's own tools where they exist.
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { renderUnit } from "../../src/domain/systemdUnit.js"
import { runCli } from "../support/runCli.js"
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
      "ExecStart=/usr/bin/node --max-old-space-size=192 --max-semi-space-size=4 /home/alice/sofascore-monitor/dist/main.js run"
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
    expect(result.code).toBe(1)
    const report = JSON.parse(result.stdout) as {
      ok: boolean
      checks: Array<{ name: string; status: string; detail: string }>
    }
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]))
    expect(report.ok).toBe(false)
    expect(byName["configuration"]).toMatchObject({ status: "ok" })
    expect(byName["integrity_check"]).toMatchObject({ status: "ok", detail: "ok" })
    expect(byName["journal mode"]).toMatchObject({ status: "ok", detail: "wal" })
    expect(byName["tables"]).toMatchObject({ status: "ok" })
    expect(byName["last poll"]).toMatchObject({ status: "fail", detail: "never" })
    expect(byName["Discord webhook"]).toMatchObject({ status: "skip" })
    if (!NodeFs.existsSync("/run/systemd/system")) expect(byName["service active"]).toMatchObject({ status: "skip" })
    const text = await runCli(["doctor"], { cwd, env: { MIN_ROI: "lots" } })
    expect(text.stdout).toMatch(/✗ configuration +MIN_ROI: expected a number, got "lots"/)
    expect(text.stdout).toMatch(/✓ journal mode +wal/)
  })
})
