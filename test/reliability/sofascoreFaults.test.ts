// Each way Sofascore can fail, for one predictor: only that predictor is affected, the others are
// alerted in the same cycle, the failure is logged once with the user and the error's tag, and the
// process carries on to a normal exit.
import { describe, expect, it } from "vitest"
import type { SofascoreFault } from "../../src/programs/fakes/fakeSofascore.js"
import { startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"

const victim = "65f1c0a2b3d4e5f60718293a" // NorthernLights: 4 of the 8 alerts
const othersAlerts = 4

const faults: ReadonlyArray<readonly [string, SofascoreFault, string]> = [
  ["403 as JSON", { status: 403, body: "json" }, "Blocked"],
  ["403 as an HTML page", { status: 403, body: "html" }, "Blocked"],
  ["429 with Retry-After", { status: 429, retryAfter: 1 }, "RateLimited"],
  ["429 without Retry-After", { status: 429 }, "RateLimited"],
  ["500", { status: 500 }, "ServerError"],
  ["502", { status: 502 }, "ServerError"],
  ["503", { status: 503 }, "ServerError"],
  ["an answer that hangs past the timeout", { hang: true }, "Timeout"],
  ["a connection reset mid-body", { resetMidBody: true }, "Transport"],
  ["malformed JSON", { malformedJson: true }, "Decode"],
  ["valid JSON of the wrong shape", { wrongShape: true }, "Decode"],
  ["a 10 MB body", { hugeBodyBytes: 10 * 1024 * 1024 }, "Decode"]
]

describe("Sofascore faults", () => {
  for (const [name, fault, tag] of faults) {
    it(`${name}: ${tag} for that predictor only`, async () => {
      const world = await startWorld()
      world.sofascore.fault(victim, fault, { times: Infinity })
      const result = await runCli(["once"], {
        cwd: world.cwd,
        env: { ...world.env, HTTP_TIMEOUT_SECONDS: "1" },
        timeoutMs: 60_000
      })
      expect(result.code).toBe(0)
      const lines = result.stderr.split("\n").filter((l) => l.includes("[User: NorthernLights]"))
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(new RegExp(`^\\S+Z WARN \\[User: NorthernLights\\] ${tag}: `))
      expect(result.stderr).toContain("9/10 users polled (1 failed, 0 paused)")
      expect(world.discord.alerts).toHaveLength(othersAlerts)
      expect(world.discord.alerts.every((m) => !JSON.stringify(m.body).includes("NorthernLights"))).toBe(true)
    }, 60_000)
  }
})
