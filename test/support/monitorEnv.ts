// Starts the fake servers for an integration test and gives the environment that points the real
// program at them.
import * as NodePath from "node:path"
import { afterEach } from "vitest"
import { type FakeSofascore, startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { type FakeDiscord, type FakeDiscordOptions, type RateLimit, startFakeDiscord } from "./fakeDiscord.js"
import { tempDir } from "./tempDir.js"

const running: Array<{ close(): Promise<void> }> = []

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()))
})

export interface MonitorWorld {
  readonly sofascore: FakeSofascore
  readonly discord: FakeDiscord
  readonly cwd: string
  readonly dbPath: string
  readonly env: Record<string, string>
}

export const startWorld = async (
  options: {
    readonly latencyMs?: number
    readonly discordLatencyMs?: number
    readonly enforceRateLimit?: RateLimit | ReadonlyArray<RateLimit>
    readonly beforeAnswer?: FakeDiscordOptions["beforeAnswer"]
  } = {}
): Promise<MonitorWorld> => {
  const sofascore = await startFakeSofascore(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs })
  const discord = await startFakeDiscord({
    ...(options.enforceRateLimit === undefined ? {} : { enforceRateLimit: options.enforceRateLimit }),
    ...(options.discordLatencyMs === undefined ? {} : { latencyMs: options.discordLatencyMs }),
    ...(options.beforeAnswer === undefined ? {} : { beforeAnswer: options.beforeAnswer })
  })
  running.push(sofascore, discord)
  sofascore.loadFixtures()
  sofascore.setNow(Math.floor(Date.now() / 1000))
  const cwd = tempDir()
  const dbPath = NodePath.join(cwd, "monitor.db")
  return {
    sofascore,
    discord,
    cwd,
    dbPath,
    env: {
      SOFASCORE_BASE_URL: sofascore.baseUrl,
      DISCORD_WEBHOOK_URL: discord.webhookUrl,
      DB_PATH: dbPath,
      HTTP_TIMEOUT_SECONDS: "3",
      // Most tests follow single alerts; the first-poll digest has tests of its own.
      FIRST_POLL: "alerts"
    }
  }
}

/** "Home vs Away" of each new-bet alert Discord received, in order. */
export const alertTitles = (discord: FakeDiscord): ReadonlyArray<string> =>
  discord.alerts.map((m) => String(m.body.embeds?.[0]?.["title"] ?? ""))

/** "<predictor id> <Home vs Away>" of each alert Discord received, in order: one per (user, match). */
export const receivedAlertKeys = (discord: FakeDiscord): ReadonlyArray<string> =>
  discord.alerts.map((m) => {
    const id = /user\/profile\/([0-9a-f]{24}|\d+)/.exec(JSON.stringify(m.body))?.[1] ?? "?"
    return `${id} ${String(m.body.embeds?.[0]?.["title"] ?? "").replace(/^.*?: /, "")}`
  })
