// Alerts in batches, as the built program sends them to the fake Discord: up to ten per message, a
// first-poll digest per predictor, a refused batch split so that only the bad alert is set aside,
// and at most one message repeated when the program is killed between a post and its mark.
import Database from "better-sqlite3"
import { describe, expect, it } from "vitest"
import { fixturesT0, fixtureUsers, predictionItem } from "../../src/programs/fakes/sofascoreFixtures.js"
import { type MonitorWorld, startWorld } from "../support/monitorEnv.js"
import { runCli, singleProcess, startCli } from "../support/runCli.js"

const outboxCounts = (world: MonitorWorld) => {
  const db = new Database(world.dbPath, { readonly: true })
  const row = db.prepare(
    `SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
            count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed,
            count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending
     FROM alert_outbox`
  ).get() as { delivered: number; failed: number; pending: number }
  db.close()
  return row
}

/** A kick-off `hours` from now, as the fake writes it: it shifts every time from the fixtures' T0 to now. */
const inHours = (hours: number) => (fixturesT0 + hours * 3600) * 1000

const titles = (world: MonitorWorld) =>
  world.discord.messages.map((m) => (m.body.embeds ?? []).map((e) => String(e["title"] ?? "")))

describe("alerts in batches", () => {
  it("sends the first cycle's eight alerts as one message of eight embeds", async () => {
    const world = await startWorld()
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    expect(world.discord.messages).toHaveLength(1)
    expect(world.discord.messages[0]!.body.embeds).toHaveLength(8)
    expect(outboxCounts(world)).toEqual({ delivered: 8, failed: 0, pending: 0 })
  })

  it("sends a predictor's open picks as one digest on their first poll, and later picks one by one", async () => {
    const world = await startWorld()
    // Only the first two predictors of the leaderboard at first (NorthernLights and QuietCompass).
    const env = { ...world.env, FIRST_POLL: "digest", TOP_PREDICTORS_LIMIT: "2" }
    expect((await runCli(["once"], { cwd: world.cwd, env })).code).toBe(0)
    // One message; the two digests in the order their polls finished.
    expect(titles(world).map((message) => [...message].sort())).toEqual([[
      "📋 NorthernLights: 4 open picks when monitoring began",
      "📋 QuietCompass: 3 open picks when monitoring began"
    ]])
    const digest = JSON.stringify(world.discord.messages[0]!.body.embeds)
    // Each pick: the match with its link, the kick-off in London time, and pick @ odds.
    expect(digest).toMatch(
      /\[Northbridge FC vs Harbor City\]\(https:\/\/www\.sofascore\.com\/football\/match\/[^)]+#id:13900101\) · \w{3} \d+ \w{3} \d\d:\d\d (GMT|BST) · 1 \(home\) @ 1\.80/
    )

    // A new pick of NorthernLights is an alert of its own; the picks of the digest do not come again.
    const page = { predictions: [predictionItem({ eventId: 13900999, startAt: inHours(3) })] }
    world.sofascore.setPredictions(fixtureUsers.A, [page])
    world.discord.resetStats()
    expect((await runCli(["once"], { cwd: world.cwd, env })).code).toBe(0)
    expect(titles(world)).toEqual([["🎯 New prediction: Home 13900999 vs Away 13900999"]])

    // Oldtimer_77 joins the watched set: their first poll is a digest too, and only theirs.
    world.discord.resetStats()
    expect((await runCli(["once"], { cwd: world.cwd, env: { ...env, TOP_PREDICTORS_LIMIT: "10" } })).code).toBe(0)
    expect(titles(world)).toEqual([["📋 Oldtimer\\_77: 1 open pick when monitoring began"]])
  })

  it("FIRST_POLL=silent remembers the open picks and sends nothing", async () => {
    const world = await startWorld()
    expect((await runCli(["once"], { cwd: world.cwd, env: { ...world.env, FIRST_POLL: "silent" } })).code).toBe(0)
    expect(world.discord.posts).toHaveLength(0)
    expect(outboxCounts(world)).toEqual({ delivered: 0, failed: 0, pending: 0 })
    // Nor later: they were seen.
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    expect(world.discord.posts).toHaveLength(0)
  })

  it("splits a batch Discord refuses with a 400 and sets aside only the alert it refuses", async () => {
    const world = await startWorld()
    world.discord.rejectContaining("Kestrel Town")
    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain("Discord refused a message of 8 alerts")
    expect(result.stderr).toMatch(/ERROR Alert \d+ rejected by Discord and set aside: .*Invalid Form Body/)
    // The batch, then the eight alone (in the order their polls finished), of which one refused.
    const [batch, ...alone] = world.discord.posts.map((p) => p.status)
    expect(batch).toBe(400)
    expect([...alone].sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 400])
    expect(world.discord.messages.every((m) => m.body.embeds?.length === 1)).toBe(true)
    expect(outboxCounts(world)).toEqual({ delivered: 7, failed: 1, pending: 0 })
  })

  it("repeats at most the one message in flight when killed between Discord's answer and the mark", async () => {
    let onMessage = (): void => undefined
    const world = await startWorld({ beforeAnswer: () => onMessage() })
    // 25 picks for NorthernLights instead of the fixture's: 29 alerts in all, three messages.
    world.sofascore.setPredictions(fixtureUsers.A, [{
      predictions: Array.from(
        { length: 25 },
        (_, i) => predictionItem({ eventId: 13_950_000 + i, startAt: inHours(2 + i / 10) })
      )
    }])
    // One process, as under the service (given the limits, the launcher does not start node again):
    // SIGKILL stops the program itself at this very point.
    const first = startCli(["once"], { cwd: world.cwd, env: { ...world.env, NODE_OPTIONS: singleProcess } })
    // Discord has taken the second message: the program dies before it hears so and marks it.
    onMessage = () => {
      if (world.discord.messages.length === 2) first.child.kill("SIGKILL")
    }
    const exit = await first.exited
    expect([exit.signal, world.discord.messages.length]).toEqual(["SIGKILL", 2])
    const secondMessage = world.discord.messages[1]!.body.embeds!.map((e) => String(e["title"]))
    expect((await runCli(["once"], { cwd: world.cwd, env: world.env })).code).toBe(0)
    const received = world.discord.messages.flatMap((m) => (m.body.embeds ?? []).map((e) => String(e["title"])))
    const distinct = new Set(received)
    expect(distinct.size).toBe(29)
    // What came twice is that message's alerts, no more.
    const twice = [...distinct].filter((t) => received.indexOf(t) !== received.lastIndexOf(t))
    expect(twice.length).toBeLessThanOrEqual(secondMessage.length)
    for (const title of twice) expect(secondMessage).toContain(title)
    expect(outboxCounts(world)).toEqual({ delivered: 29, failed: 0, pending: 0 })
  }, 30_000)
})
