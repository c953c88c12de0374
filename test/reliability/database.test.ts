// The database under trouble: locked by another process, on a read-only or full file system,
// corrupt, or wanted by a second monitor. Each gives one clear error that names the file.
import Database from "better-sqlite3"
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { startWorld } from "../support/monitorEnv.js"
import { runCli, type RunningCli, singleProcess, startCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"
import { canMount, fillUp, mountTmpfs } from "../support/tmpfs.js"

const running: Array<RunningCli> = []
afterEach(() => {
  for (const cli of running.splice(0)) cli.child.kill("SIGKILL")
})

/** Root reads any file, so as root the program is run as nobody to meet a file it may not open. */
const asRoot = process.getuid?.() === 0
const canDropRoot = asRoot && NodeChild.spawnSync("setpriv", ["--version"]).status === 0
const unprivileged = canDropRoot ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : []

/** The lines of stderr that are errors: the one the user reads. */
const errorLines = (stderr: string) => stderr.split("\n").filter((l) => /^(error|ERROR|config error)/.test(l))

describe("the database in trouble", () => {
  it("rides out another process holding the write lock for 3 s", async () => {
    const world = await startWorld()
    expect((await runCli(["init-db"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const holder = NodeChild.spawn(process.execPath, [
      "-e",
      `
      const db = new (require("better-sqlite3"))(${JSON.stringify(world.dbPath)})
      db.exec("BEGIN IMMEDIATE; INSERT INTO monitor_state (key, value) VALUES ('holder', 'x')")
      process.stdout.write("locked\\n")
      setTimeout(() => { db.exec("COMMIT"); db.close() }, 3000)
    `
    ], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] })
    await new Promise((resolve) => holder.stdout.once("data", resolve))
    const started = performance.now()
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).not.toContain("database is locked")
    expect(performance.now() - started).toBeGreaterThan(2500)
    expect(world.discord.alerts).toHaveLength(8)
  })

  it("names the file when it is not a database", async () => {
    const world = await startWorld()
    NodeFs.writeFileSync(world.dbPath, "not a database ".repeat(500))
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(1)
    expect(errorLines(result.stderr)).toEqual([
      `error: cannot open database ${world.dbPath}: file is not a database (SQLITE_NOTADB)`
    ])
  })

  it.skipIf(!canMount)("names the file when its folder is read-only", async () => {
    const readOnly = mountTmpfs({ sizeKb: 64, readOnly: true })
    const world = await startWorld()
    const dbPath = NodePath.join(readOnly, "monitor.db")
    const init = await runCli(["init-db"], { cwd: world.cwd, env: { ...world.env, DB_PATH: dbPath } })
    expect(init.code).toBe(1)
    expect(errorLines(init.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^error: cannot create ${dbPath}: .*read-only file system`))
    ])
    const missing = NodePath.join(readOnly, "sub", "monitor.db")
    const once = await runCli(["once"], { cwd: world.cwd, env: { ...world.env, DB_PATH: missing } })
    expect(once.code).toBe(1)
    expect(errorLines(once.stderr)).toEqual([
      expect.stringMatching(new RegExp(`^error: cannot create ${missing}.lock: .*read-only file system`))
    ])
  })

  it("creates a missing folder", async () => {
    const world = await startWorld()
    const dbPath = NodePath.join(world.cwd, "not", "yet", "there.db")
    expect((await runCli(["once"], { cwd: world.cwd, env: { ...world.env, DB_PATH: dbPath } })).code).toBe(0)
    expect(NodeFs.existsSync(dbPath)).toBe(true)
  })

  it.skipIf(!canMount)("names the file when the disk is full, and carries on once there is room", async () => {
    const disk = mountTmpfs({ sizeKb: 1024 })
    const world = await startWorld()
    const env = { ...world.env, DB_PATH: NodePath.join(disk, "monitor.db") }
    expect((await runCli(["init-db"], { cwd: world.cwd, env })).code).toBe(0)
    fillUp(disk)
    const full = await runCli(["once"], { cwd: world.cwd, env })
    expect(full.code).toBe(1)
    const errors = errorLines(full.stderr)
    expect(errors.length).toBeGreaterThanOrEqual(1)
    for (const line of errors) expect(line).toMatch(/monitor\.db.*(database or disk is full|SQLITE_FULL|no space)/i)
    expect(full.stderr).not.toMatch(/\[User: .*StorageError/)
    NodeFs.rmSync(NodePath.join(disk, "filler"))
    const after = await runCli(["once"], { cwd: world.cwd, env })
    expect(after.code).toBe(0)
    expect(world.discord.alerts).toHaveLength(8)
    const db = new Database(env.DB_PATH, { readonly: true })
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok")
    db.close()
  })

  it("refuses a second monitor on the same database, and takes over the lock of one that was killed", async () => {
    const world = await startWorld()
    // One process, as under the service: its pid is the one in the lock, and SIGKILL kills the program.
    const first = startCli(["run"], { cwd: world.cwd, env: { ...world.env, NODE_OPTIONS: singleProcess } })
    running.push(first)
    await first.waitFor(/Next poll in/)
    const pid = first.child.pid!
    for (const command of ["run", "once"]) {
      const second = await runCli([command], { cwd: world.cwd, env: world.env })
      expect(second.code).toBe(1)
      expect(errorLines(second.stderr)).toEqual([
        `error: another sofascore-monitor (pid ${pid}) is already using ${world.dbPath}; stop it first (e.g. systemctl stop sofascore-monitor)`
      ])
    }
    expect(world.discord.alerts).toHaveLength(8)
    first.child.kill("SIGKILL")
    await first.exited
    expect(NodeFs.existsSync(`${world.dbPath}.lock`)).toBe(true)
    const next = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(next.code).toBe(0)
    expect(next.stderr).toContain(`Taking over the lock left by pid ${pid}, which is no longer running`)
    expect(NodeFs.existsSync(`${world.dbPath}.lock`)).toBe(false)
  })

  it.skipIf(asRoot && !canDropRoot)("says permission denied and names the file it may not open", async () => {
    const cwd = tempDir()
    NodeFs.chmodSync(cwd, 0o777)
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    const dbPath = NodePath.join(cwd, "data", "sofascore_monitor.db")
    // The folder stays open to all, so that the lock beside the file can be made and only the file is refused.
    NodeFs.chmodSync(NodePath.dirname(dbPath), 0o777)
    NodeFs.chmodSync(dbPath, asRoot ? 0o600 : 0o000)
    const uid = asRoot ? 65534 : process.getuid!()
    const owner = NodeFs.statSync(dbPath).uid
    for (const command of ["status", "once", "init-db"]) {
      const result = await runCli([command], {
        cwd,
        prefix: unprivileged,
        env: { SOFASCORE_BASE_URL: "http://127.0.0.1:9" }
      })
      expect(result.code).toBe(1)
      expect(errorLines(result.stderr)).toEqual([
        `error: cannot open database ${dbPath}: permission denied (owned by uid ${owner}, mode ${
          asRoot ? "600" : "000"
        }; this process runs as uid ${uid})`
      ])
    }
  })

  it("takes over a lock whose pid another program now has, and says which case it was", async () => {
    const world = await startWorld()
    const other = NodeChild.spawn("sleep", ["30"], { stdio: "ignore" })
    try {
      NodeFs.writeFileSync(`${world.dbPath}.lock`, `${other.pid}\n`)
      const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
      expect(result.code).toBe(0)
      expect(result.stderr).toContain(
        `Taking over the lock left by pid ${other.pid}: that pid now belongs to another program (sleep), so the monitor that held it is gone`
      )
      expect(result.stderr).not.toContain("which is no longer running")
    } finally {
      other.kill("SIGKILL")
    }
  })
})
