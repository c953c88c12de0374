// Hostile text from Sofascore reaches Discord escaped and cut to size, never as a mention, never
// reordered by control characters; ids that are not ids never reach a URL or a query.
import { describe, expect, it } from "vitest"
import { readFixture } from "../support/fixtures.js"
import { startWorld } from "../support/monitorEnv.js"
import { runCli } from "../support/runCli.js"

const hostileName =
  `@everyone <@123456789> <@&42> **bold** __u__ [link](https://evil.example) \u202Eevil\u202C\u0007\u0000${
    "x".repeat(10_000)
  }`
const hostileTeam = `@here <#987> \`code\` ~~strike~~ ||spoiler|| \u200F\u2066Home\u2069 ${"y".repeat(10_000)}`

const textOf = (value: unknown): ReadonlyArray<string> =>
  typeof value === "string"
    ? [value]
    : Array.isArray(value)
    ? value.flatMap(textOf)
    : value !== null && typeof value === "object"
    ? Object.values(value).flatMap(textOf)
    : []

describe("hostile input", () => {
  it("escapes, truncates and defuses names and team names, and skips rows whose id is not an id", async () => {
    const world = await startWorld()
    const ranking = readFixture<{ ranking: Array<Record<string, unknown>> }>("vote-ranking.json")
    const predictions = readFixture<{ predictions: Array<Record<string, unknown>> }>(
      "predictions-65f1c0a2b3d4e5f60718293a.json"
    )
    ranking.ranking[0]!["nickname"] = hostileName
    ranking.ranking.unshift({ ...ranking.ranking[1]!, id: "../../etc/passwd" }, {
      ...ranking.ranking[1]!,
      id: "1; DROP TABLE seen_bets"
    })
    predictions.predictions[0]!["homeTeamName"] = hostileTeam
    world.sofascore.setRanking(ranking)
    world.sofascore.setPredictions("65f1c0a2b3d4e5f60718293a", [predictions])

    const result = await runCli(["once"], { cwd: world.cwd, env: world.env })
    expect(result.code).toBe(0)
    expect(result.stderr).toContain("Leaderboard: 2 unreadable rows skipped")
    expect(
      world.sofascore.requests.every((r) =>
        /^\/user(-account)?\/([0-9a-f]{24}|\d+)\/predictions$|^\/user-account\/vote-ranking$/.test(r.path)
      )
    ).toBe(true)
    expect(world.discord.alerts).toHaveLength(8)

    for (const message of world.discord.alerts) {
      expect(message.body.allowed_mentions).toEqual({ parse: [] })
      const texts = textOf(message.body.embeds)
      for (const text of texts) {
        expect(text).not.toMatch(/@(everyone|here)/)
        expect(text).not.toMatch(/<@!?&?\d+>|<#\d+>/)
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u202a-\u202e\u2066-\u2069\u200e\u200f]/)
      }
      const total = (message.body.embeds ?? []).reduce((n, e) => {
        const embed = e as {
          title?: string
          description?: string
          footer?: { text: string }
          author?: { name: string }
          fields?: Array<{ name: string; value: string }>
        }
        return n + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
          (embed.author?.name.length ?? 0) +
          (embed.fields ?? []).reduce((m, f) => m + f.name.length + f.value.length, 0)
      }, 0)
      expect(total).toBeLessThanOrEqual(6000)
    }
    const northernLights = world.discord.alerts.filter((m) =>
      JSON.stringify(m.body).includes("65f1c0a2b3d4e5f60718293a")
    )
    expect(northernLights).toHaveLength(4)
    const first = JSON.stringify(northernLights[0]!.body)
    expect(first).toContain("\\\\*\\\\*bold\\\\*\\\\*")
    expect(first).toContain("@\u200beveryone")
    const title = String(northernLights[0]!.body.embeds?.[0]?.["title"])
    expect(title.length).toBeLessThanOrEqual(256)
    expect(title).toContain("…")
    expect(title).not.toContain("y".repeat(300))
  })
})
