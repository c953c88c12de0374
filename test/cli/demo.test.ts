// The offline demo as a newcomer runs it: no network, no .env, a fresh folder.
import * as NodeFs from "node:fs"
import { expect, it } from "vitest"
import { runCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

it("runs a simulated stretch of the real pipeline offline, shows what happens, and exits 0", async () => {
  const cwd = tempDir()
  const result = await runCli(["demo", "--hours", "8", "--speed", "3600"], { cwd, timeoutMs: 60_000 })
  expect(result.code).toBe(0)
  const out = result.stdout
  expect(out).toMatch(/\[\w{3} \d\d:\d\d\] Starting Async Monitor\.\.\./)
  expect(out).toMatch(/\[\w{3} \d\d:\d\d\] Discovered 10 users meeting criteria \(MIN_ROI=5\.0\)/)
  expect(out).toMatch(/\[\w{3} \d\d:\d\d\] Next poll in \d+ seconds \(adaptive interval\)/)
  expect(out).toContain("NEW BET  NorthernLights")
  // The scripted day: odds of Kestrel Town vs Redmoor United shorten after an hour, a new pick after two.
  expect(out).toMatch(/\[User: NorthernLights\] Line move 3\.40 -> 2\.75/)
  expect(out).toContain("Found 1 new bets (Match: Harbor City vs Glenrock Town)")
  const summary = /Demo finished: (\d+) polls, (\d+) predictions seen, (\d+) new-bet alerts, (\d+) line moves\./.exec(
    out
  )
  expect(summary).not.toBeNull()
  const [, polls, seen, alerts, moves] = summary!.map(Number)
  expect(polls).toBeGreaterThan(40)
  expect(seen).toBeGreaterThan(10)
  expect(alerts).toBeGreaterThanOrEqual(9)
  expect(moves).toBeGreaterThanOrEqual(1)
  // Nothing left behind in the working directory.
  expect(NodeFs.readdirSync(cwd)).toEqual([])
}, 90_000)
