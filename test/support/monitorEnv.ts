// Starts the fake servers for an integration test and gives the environment that points the real
// program at them.
import * as NodePath from "node:path"
import { afterEach } from "vitest"
import { type FakeDiscord, startFakeDiscord } from "./fakeDiscord.js"
import { type FakeSofascore, fixtureUsers, startFakeSofascore } from "./fakeSofascore.js"
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

/** The fixtures' watched users other than A, B and C have no predictions: an empty page each. */
export const emptyPredictionsFor = (sofascore: FakeSofascore, ids: ReadonlyArray<string>) => {
  for (const id of ids) {
    if (!Object.values<string>(fixtureUsers).includes(id)) sofascore.setPredictions(id, [{ predictions: [] }])
  }
}

export const watchedFixtureIds = [
  "65f1c0a2b3d4e5f60718293a",
  "66a0b1c2d3e4f5061728394b",
  "65d4c3b2a1908f7e6d5c4b3a",
  "65a1b2c3d4e5f60718293a4b",
  "65c3d4e5f60718293a4b5c6d",
  "6612ab34cd56ef7890a1b2c3",
  "65e9f8a7b6c5d4e3f2a1b0c9",
  "4471902",
  "65c0ffee00112233445566aa",
  "66bb22cc33dd44ee55ff6600"
] as const

export const startWorld = async (
  options: {
    readonly latencyMs?: number
    readonly discordLatencyMs?: number
    readonly enforceRateLimit?: { limit: number; windowMs: number }
  } = {}
): Promise<MonitorWorld> => {
  const sofascore = await startFakeSofascore(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs })
  const discord = await startFakeDiscord({
    ...(options.enforceRateLimit === undefined ? {} : { enforceRateLimit: options.enforceRateLimit }),
    ...(options.discordLatencyMs === undefined ? {} : { latencyMs: options.discordLatencyMs })
  })
  running.push(sofascore, discord)
  sofascore.loadFixtures()
  sofascore.setNow(Math.floor(Date.now() / 1000))
  emptyPredictionsFor(sofascore, watchedFixtureIds)
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
      HTTP_TIMEOUT_SECONDS: "3"
    }
  }
}

/** "Home vs Away" of each new-bet alert Discord received, in order. */
export const alertTitles = (discord: FakeDiscord): ReadonlyArray<string> =>
  discord.messages.map((m) => String(m.body.embeds?.[0]?.["title"] ?? ""))

/** "<predictor id> <Home vs Away>" of each alert Discord received, in order: one per (user, match). */
export const receivedAlertKeys = (discord: FakeDiscord): ReadonlyArray<string> =>
  discord.messages.map((m) => {
    const id = /user\/profile\/([0-9a-f]{24}|\d+)/.exec(JSON.stringify(m.body))?.[1] ?? "?"
    return `${id} ${String(m.body.embeds?.[0]?.["title"] ?? "").replace(/^.*?: /, "")}`
  })
