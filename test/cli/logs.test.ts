// What the built program prints on stderr, as journald, a pipe or a log file receives it.
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const underJournald = { JOURNAL_STREAM: "8:123456" }
const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /

const lines = (text: string) => text.split("\n").filter((line) => line !== "")

describe("fatal errors under journald", () => {
  it("a bad configuration is one line with the error priority, so `journalctl -p err` shows it", async () => {
    const cwd = tempDir()
    const result = await runCli(["init-db"], { cwd, env: { ...underJournald, MIN_ROI: "abc" } })
    expect(result.code).toBe(78)
    expect(result.stderr).toBe("<3>config error: MIN_ROI: expected a number, got \"abc\"\n")
  })

  it("a database that cannot be opened is one line with the error priority", async () => {
    const cwd = tempDir()
    NodeFs.writeFileSync(NodePath.join(cwd, "junk.db"), "not a database ".repeat(20))
    const result = await runCli(["init-db"], { cwd, env: { ...underJournald, DB_PATH: "junk.db" } })
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^<3>error: cannot open database .*junk\.db: /)])
  })

  it("keeps the plain text when not under journald", async () => {
    const cwd = tempDir()
    const result = await runCli(["init-db"], { cwd, env: { MIN_ROI: "abc" } })
    expect(result.stderr).toBe("config error: MIN_ROI: expected a number, got \"abc\"\n")
  })
})

describe("log lines", () => {
  it("carry an ISO timestamp when piped, and none under journald, which adds its own", async () => {
    const world = await startWorld()
    const piped = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(piped.code).toBe(0)
    const pipedLines = lines(piped.stderr)
    expect(pipedLines.length).toBeGreaterThan(3)
    for (const line of pipedLines) expect(line).toMatch(isoTime)
    expect(pipedLines).toContainEqual(expect.stringMatching(/Z INFO Running one cycle$/))

    const journald = await runCli(["once"], { cwd: world.cwd, env: { ...world.env, ...underJournald } })
    expect(journald.code).toBe(0)
    for (const line of lines(journald.stderr)) expect(line).toMatch(/^<[3-7]>\D/)
    expect(lines(journald.stderr)).toContain("<6>Running one cycle")
  })
})

describe("--log-level", () => {
  it("debug shows DEBUG lines that LOG_LEVEL=INFO hides", async () => {
    const world = await startWorld()
    const plain = await runCli(["once"], { cwd: world.cwd, env: { ...world.env, LOG_LEVEL: "INFO" } })
    expect(plain.code).toBe(0)
    expect(plain.stderr).not.toContain(" DEBUG ")
    const debug = await runCli(["once", "--log-level", "debug"], {
      cwd: world.cwd,
      env: { ...world.env, LOG_LEVEL: "INFO" }
    })
    expect(debug.code).toBe(0)
    expect(debug.stderr).toMatch(/Z DEBUG Cycle started/)
    expect(debug.stderr).toContain(" INFO Running one cycle")
  })

  it("error hides INFO, even with LOG_LEVEL=DEBUG", async () => {
    const world = await startWorld()
    const result = await runCli(["once", "--log-level", "error"], {
      cwd: world.cwd,
      env: { ...world.env, LOG_LEVEL: "DEBUG" }
    })
    expect(result.code).toBe(0)
    expect(result.stderr).toBe("")
    // The cycle ran all the same.
    expect(world.discord.messages.length).toBeGreaterThan(0)
  })
})
