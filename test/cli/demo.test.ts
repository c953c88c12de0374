// The offline demo as a newcomer runs it: no network, no .env, a fresh folder.
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { demoNotice } from "../../src/layers/DiscordNotifier.js"
import { discordRateLimits, type FakeDiscord, startFakeDiscord } from "../support/fakeDiscord.js"
import { runCli } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const summaryOf = (out: string) => {
  const summary =
    /Demo finished: (\d+) polls, (\d+) predictions seen, (\d+) first-poll digests, (\d+) new-bet alerts, (\d+) line moves, (\d+) alerts delivered\./
      .exec(out)
  expect(summary).not.toBeNull()
  const [, polls, seen, digests, alerts, moves, delivered] = summary!.map(Number)
  return { polls: polls!, seen: seen!, digests: digests!, alerts: alerts!, moves: moves!, delivered: delivered! }
}

let discord: FakeDiscord | undefined
afterEach(async () => {
  await discord?.close()
  discord = undefined
})

describe("demo", () => {
  it("runs a simulated stretch of the real pipeline offline, shows what happens, and exits 0", async () => {
    const cwd = tempDir()
    // A webhook in .env is not used without --webhook: the demo's made-up matches stay on the console.
    discord = await startFakeDiscord()
    NodeFs.writeFileSync(NodePath.join(cwd, ".env"), `DISCORD_WEBHOOK_URL=${discord.webhookUrl}\n`)
    const result = await runCli(["demo", "--hours", "8", "--speed", "3600"], { cwd, timeoutMs: 60_000 })
    expect(result.code).toBe(0)
    const out = result.stdout
    expect(out).toMatch(/\[\w{3} \d\d:\d\d\] Starting Async Monitor\.\.\./)
    expect(out).toMatch(/\[\w{3} \d\d:\d\d\] Discovered 10 users meeting criteria \(MIN_ROI=5\.0\)/)
    // The clock stands still while a cycle runs, so every wait is the whole adaptive interval.
    const waits = [...out.matchAll(/Next poll in (\d+) seconds \(adaptive interval\)/g)].map((m) => Number(m[1]))
    expect(waits.length).toBeGreaterThan(20)
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(180)
    expect(out).not.toContain("Cycle took")
    // The picks open at the start come as one digest per predictor; later picks one by one.
    expect(out).toMatch(/^OPEN PICKS \(\d+\) when monitoring began  NorthernLights/m)
    expect(out).toContain("NEW BET  NorthernLights")
    // The scripted day: odds of Kestrel Town vs Redmoor United shorten after an hour, a new pick after two.
    expect(out).toMatch(/\[User: NorthernLights\] Line move 3\.40 -> 2\.75/)
    expect(out).toContain("Found 1 new bets (Match: Harbor City vs Glenrock Town)")
    const summary = summaryOf(out)
    expect(summary.polls).toBe(waits.length)
    expect(summary.seen).toBeGreaterThan(10)
    expect(summary.digests).toBe(3)
    // In the first eight hours of the scripted day: two new matches and a changed pick.
    expect(summary.alerts).toBe(3)
    expect(summary.moves).toBeGreaterThanOrEqual(1)
    // Every alert went to the console, and was counted as it went.
    expect(summary.delivered).toBe(summary.digests + summary.alerts + summary.moves)
    expect(out.match(/^(OPEN PICKS|NEW BET|LINE MOVE)/gm)?.length).toBe(summary.delivered)
    expect(discord.posts).toHaveLength(0)
    // Nothing left behind in the working directory but the .env.
    expect(NodeFs.readdirSync(cwd)).toEqual([".env"])
  }, 90_000)

  it("refuses a speed or a length that is not a positive whole number, with exit 64", async () => {
    const cwd = tempDir()
    for (const args of [["--speed", "0"], ["--speed", "-5"], ["--hours", "-2"], ["--hours", "0"]]) {
      const result = await runCli(["demo", ...args], { cwd, timeoutMs: 20_000 })
      expect([args.join(" "), result.code]).toEqual([args.join(" "), 64])
      expect(result.stdout + result.stderr).toMatch(/must be a whole number of 1 or more/)
    }
  }, 60_000)

  it(
    "--webhook posts to DISCORD_WEBHOOK_URL, every message marked as the demo's, and counts what Discord took",
    async () => {
      const cwd = tempDir()
      discord = await startFakeDiscord({ enforceRateLimit: discordRateLimits })
      NodeFs.writeFileSync(NodePath.join(cwd, ".env"), `DISCORD_WEBHOOK_URL=${discord.webhookUrl}\n`)
      const result = await runCli(["demo", "--webhook", "--hours", "3"], { cwd, timeoutMs: 60_000 })
      expect(result.code).toBe(0)
      const summary = summaryOf(result.stdout)
      expect(discord.messages.length).toBeGreaterThan(0)
      for (const message of discord.messages) expect(message.body.content).toBe(demoNotice)
      const embeds = discord.messages.reduce((n, m) => n + (m.body.embeds?.length ?? 0), 0)
      // A digest may take two embeds; every other alert takes one.
      expect(embeds).toBeGreaterThanOrEqual(summary.delivered)
      expect(summary.delivered).toBe(summary.digests + summary.alerts + summary.moves)
      expect(result.stdout).not.toMatch(/^NEW BET/m)
      expect(discord.rateLimitViolations).toBe(0)
    },
    90_000
  )

  it("--webhook without DISCORD_WEBHOOK_URL is one config line and exit 78", async () => {
    const result = await runCli(["demo", "--webhook", "--hours", "1"], { cwd: tempDir() })
    expect(result.code).toBe(78)
    expect(result.stderr.trim()).toBe(
      "config error: DISCORD_WEBHOOK_URL: demo --webhook posts there, and it is not set"
    )
  })
})
