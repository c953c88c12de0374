import { describe, expect, it } from "vitest"
import type { DigestAlert } from "../../src/domain/alert.js"
import { renderAlertText } from "../../src/domain/alertText.js"
import { packEmbeds } from "../../src/domain/discordBatch.js"
import { alertEmbeds, renderAlert } from "../../src/domain/discordEmbeds.js"
import type { DiscordEmbed, DiscordWebhookPayload } from "../../src/domain/discordLimits.js"
import { escapeMarkdown, truncate } from "../../src/domain/discordMarkdown.js"
import { lineMovement, match, newBets, pick, predictor } from "../support/alertBuilders.js"
import { expectWithinLimits, totalEmbedText, visibleTexts } from "../support/discordPayloadChecks.js"

const onlyEmbed = (payload: DiscordWebhookPayload): DiscordEmbed => {
  expect(payload.embeds).toHaveLength(1)
  return payload.embeds[0]!
}

const field = (embed: DiscordEmbed, name: string) => {
  const found = embed.fields?.find((f) => f.name === name)
  if (found === undefined) throw new Error(`no field ${name} in ${JSON.stringify(embed.fields)}`)
  return found.value
}

describe("renderAlert for new bets", () => {
  it("titles the match, links it and the tipster's profile, and shows the tipster's record", () => {
    const embed = onlyEmbed(renderAlert(newBets()))
    expect(embed.title).toBe("🎯 New prediction: Northbridge FC vs Harbor City")
    expect(embed.url).toBe("https://www.sofascore.com/football/match/northbridge-fc-harbor-city/mTfR#id:13900301")
    const tipster = field(embed, "Tipster")
    expect(tipster).toContain("[NorthernLights](https://www.sofascore.com/user/profile/65f1c0a2b3d4e5f60718293a)")
    expect(tipster).toContain("12.8%")
    expect(tipster).toContain("4.1%")
    expect(tipster).toContain("+52.76u")
    expect(tipster).toContain("hit rate 50%")
    expect(field(embed, "Pick")).toBe("1 (home) @ 1.80")
    expect(embed.timestamp).toBe("2025-12-31T20:15:30.000Z")
    expect(typeof embed.color).toBe("number")
  })

  it("signs a loss", () => {
    const embed = onlyEmbed(renderAlert(newBets({ predictor: { profitUnits: -3.1, allTimeYieldPct: -2.45 } })))
    expect(field(embed, "Tipster")).toContain("-3.10u")
  })

  it.each(["sportSlug", "eventSlug", "customId"] as const)("has no match link when %s is missing", (key) => {
    const payload = renderAlert(newBets({ match: { [key]: null } }))
    const embed = onlyEmbed(payload)
    expect(embed).not.toHaveProperty("url")
    expect(JSON.stringify(payload)).not.toContain("/match/")
    expect(field(embed, "Tipster")).toContain("https://www.sofascore.com/user/profile/")
  })

  it("encodes slugs so they cannot break out of the link", () => {
    const embed = onlyEmbed(renderAlert(newBets({ match: { eventSlug: "a b)(c", customId: "x/y" } })))
    expect(embed.url).toBe("https://www.sofascore.com/football/match/a%20b%29%28c/x%2Fy#id:13900301")
  })

  it.each([
    ["winter (GMT)", Date.UTC(2026, 0, 1, 2, 0), "Thu 1 Jan 02:00 GMT"],
    ["summer (BST)", Date.UTC(2026, 6, 2, 18, 45), "Thu 2 Jul 19:45 BST"],
    ["the last minute of GMT in spring", Date.UTC(2026, 2, 29, 0, 59), "Sun 29 Mar 00:59 GMT"],
    ["the first minute of BST", Date.UTC(2026, 2, 29, 1, 0), "Sun 29 Mar 02:00 BST"],
    ["the first 01:30 of the autumn change", Date.UTC(2026, 9, 25, 0, 30), "Sun 25 Oct 01:30 BST"],
    ["the second 01:30 of the autumn change", Date.UTC(2026, 9, 25, 1, 30), "Sun 25 Oct 01:30 GMT"]
  ])("shows kick-off in London time: %s", (_, startAt, expected) => {
    const embed = onlyEmbed(renderAlert(newBets({ match: { startAt } })))
    expect(embed.description).toContain(expected)
  })

  it("labels every kind of pick with its odds", () => {
    const embed = onlyEmbed(renderAlert(newBets({
      picks: [
        pick(),
        pick({ pick: "X", odds: 3.4 }),
        pick({ pick: "2", odds: 2.05 }),
        pick({ pick: "2", odds: null }),
        pick({ market: "5", pick: "yes", odds: 1.75 }),
        pick({ market: "6", pick: "1", odds: 1.9 }),
        pick({ market: "9", pick: "over", odds: 2 })
      ]
    })))
    expect(embed.title).toBe("🎯 7 new predictions: Northbridge FC vs Harbor City")
    expect(embed.fields?.slice(1).map((f) => [f.name, f.value])).toEqual([
      ["Pick 1", "1 (home) @ 1.80"],
      ["Pick 2", "X (draw) @ 3.40"],
      ["Pick 3", "2 (away) @ 2.05"],
      ["Pick 4", "2 (away), no odds"],
      ["Pick 5", "BTTS: yes @ 1.75"],
      ["Pick 6", "first to score: 1 (home) @ 1.90"],
      ["Pick 7", "market 9: over @ 2.00"]
    ])
  })

  it("escapes markdown in names and team names", () => {
    const name = "**bold** _it_ ~~s~~ `code` ||spoiler|| [click](https://evil.example) # h > q - l \\"
    const embed = onlyEmbed(
      renderAlert(newBets({ predictor: { name }, match: { homeTeam: "__Home__", awayTeam: "[A](x)" } }))
    )
    const tipster = field(embed, "Tipster")
    expect(tipster).toContain(
      "\\*\\*bold\\*\\* \\_it\\_ \\~\\~s\\~\\~ \\`code\\` \\|\\|spoiler\\|\\| \\[click\\]\\(https:\u200b//evil.example\\) \\# h \\> q \\- l \\\\"
    )
    expect(tipster).not.toContain("[click](")
    expect(embed.title).toBe("🎯 New prediction: \\_\\_Home\\_\\_ vs \\[A\\]\\(x\\)")
  })

  it("neutralises mentions wherever user text appears", () => {
    const payload = renderAlert(newBets({
      predictor: { name: "@everyone <@123> hi" },
      match: { homeTeam: "@here", awayTeam: "<@&1> and <#42>" },
      picks: [pick({ market: "9", pick: "@everyone" })]
    }))
    const json = JSON.stringify(payload)
    for (const mention of ["@everyone", "@here", "<@123>", "<@&1>", "<#42>"]) expect(json).not.toContain(mention)
    // The only bare "@" left is the alert's own "@ odds".
    expect(json).not.toMatch(/@(?![\u200b ])/)
    expect(payload.allowed_mentions).toEqual({ parse: [] })
  })

  it("removes control characters and bidi overrides, and keeps names on one line", () => {
    const payload = renderAlert(newBets({
      predictor: { name: "Evil\u202Egnp.exe\u0000\u0007\u001b[31m\u0085\u2066x\u2069\r\nSecond line" },
      match: { homeTeam: "Home\u200f\u202a", awayTeam: "Away\u009b" }
    }))
    const embed = onlyEmbed(payload)
    for (const text of visibleTexts(payload)) {
      // Newlines are the embed's own layout; everything else of these kinds is gone.
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/)
    }
    expect(field(embed, "Tipster")).toContain("[Evilgnp.exe\\[31m x Second line](")
    expect(embed.title).toBe("🎯 New prediction: Home vs Away")
  })

  it("truncates a 10,000-character nickname", () => {
    const payload = renderAlert(
      newBets({ predictor: { name: "A".repeat(10_000) }, match: { homeTeam: "😀".repeat(5_000) } })
    )
    expectWithinLimits(payload)
    const embed = onlyEmbed(payload)
    expect(field(embed, "Tipster")).toContain(`[${"A".repeat(99)}…](https://www.sofascore.com/user/profile/`)
    expect(embed.title!.length).toBeLessThanOrEqual(256)
    expect(embed.title).toContain("😀…")
  })

  it("fits 40 picks into 25 fields with an \"…and N more\" note", () => {
    const picks = Array.from({ length: 40 }, (_, i) => pick({ odds: 1 + i / 10 }))
    const payload = renderAlert(newBets({ picks }))
    expectWithinLimits(payload)
    const fields = onlyEmbed(payload).fields!
    expect(fields).toHaveLength(25)
    expect(fields[0]!.name).toBe("Tipster")
    expect(fields[1]).toEqual({ name: "Pick 1", value: "1 (home) @ 1.00", inline: true })
    expect(fields[23]!.name).toBe("Pick 23")
    expect(fields[24]!.name).toBe("…and 17 more")
    expect(fields[24]!.value).toContain("https://www.sofascore.com/user/profile/65f1c0a2b3d4e5f60718293a")
  })

  it("keeps the whole message within 6,000 characters when every text is as long as allowed", () => {
    const long = "@".repeat(300)
    const picks = Array.from({ length: 40 }, () => pick({ market: long, pick: long }))
    const payload = renderAlert(
      newBets({ predictor: { name: long }, match: { homeTeam: long, awayTeam: long, sportSlug: long }, picks })
    )
    expectWithinLimits(payload)
    const fields = onlyEmbed(payload).fields!
    // The extra picks, not the tipster, gave way.
    expect(fields[0]!.name).toBe("Tipster")
    const more = fields.at(-1)!
    expect(more.name).toMatch(/^…and \d+ more$/)
    const shownPicks = fields.filter((f) => f.name.startsWith("Pick ")).length
    expect(shownPicks + Number(/\d+/.exec(more.name)![0])).toBe(40)
    expect(totalEmbedText(payload)).toBeGreaterThan(5_000)
  })
})

describe("renderAlert for line movements", () => {
  it("reports shortened odds", () => {
    const embed = onlyEmbed(renderAlert(lineMovement(1.8, 1.65, -8.333)))
    expect(embed.title).toBe("📉 Odds shortened: Northbridge FC vs Harbor City")
    expect(embed.url).toBe("https://www.sofascore.com/football/match/northbridge-fc-harbor-city/mTfR#id:13900301")
    expect(field(embed, "Pick")).toBe("1 (home)")
    expect(field(embed, "Odds")).toBe("1.80 → 1.65")
    expect(field(embed, "Change")).toBe("-8.3% (shortened)")
    expect(field(embed, "Tipster")).toContain("https://www.sofascore.com/user/profile/65f1c0a2b3d4e5f60718293a")
    expect(embed.description).toContain("Thu 1 Jan 02:00 GMT")
    expect(embed.timestamp).toBe("2025-12-31T21:00:00.000Z")
  })

  it("reports drifted odds in another colour", () => {
    const drifted = onlyEmbed(renderAlert(lineMovement(2, 2.25, 12.5)))
    expect(drifted.title).toBe("📈 Odds drifted: Northbridge FC vs Harbor City")
    expect(field(drifted, "Odds")).toBe("2.00 → 2.25")
    expect(field(drifted, "Change")).toBe("+12.5% (drifted)")
    expect(drifted.color).not.toBe(onlyEmbed(renderAlert(lineMovement(1.8, 1.65, -8.3))).color)
  })

  it("always disables mentions", () => {
    expect(renderAlert(lineMovement(2, 2.25, 12.5)).allowed_mentions).toEqual({ parse: [] })
  })
})

describe("escapeMarkdown", () => {
  it("escapes markdown characters", () => {
    expect(escapeMarkdown("a*b_c~d`e|f>g#h-i[j]k(l)m\\n")).toBe(
      "a\\*b\\_c\\~d\\`e\\|f\\>g\\#h\\-i\\[j\\]k\\(l\\)m\\\\n"
    )
  })

  it("escapes list and heading markers at the start", () => {
    expect(escapeMarkdown("1. first")).toBe("1\\. first")
    expect(escapeMarkdown("+ item")).toBe("\\+ item")
    expect(escapeMarkdown("# title")).toBe("\\# title")
    expect(escapeMarkdown("-# small")).toBe("\\-\\# small")
  })

  it("breaks every mention with a zero-width space", () => {
    expect(escapeMarkdown("@everyone @here <@123> <@&1> <#5>")).toBe(
      "@\u200beveryone @\u200bhere <\u200b@\u200b123\\> <\u200b@\u200b&1\\> <\u200b\\#5\\>"
    )
  })

  it("collapses newlines and strips control and bidi characters", () => {
    expect(escapeMarkdown("a\r\n\nb\u0000\u009f\u202e\u2067c\u200e")).toBe("a bc")
  })
})

describe("truncate", () => {
  it("leaves short text alone", () => {
    expect(truncate("hello", 5)).toBe("hello")
  })

  it("cuts with an ellipsis within the limit", () => {
    expect(truncate("hello world", 8)).toBe("hello w…")
    expect(truncate("hello world", 8).length).toBe(8)
  })

  it("never splits a surrogate pair", () => {
    const cut = truncate("😀😀😀", 4)
    expect(cut).toBe("😀…")
    expect(cut.length).toBeLessThanOrEqual(4)
    expect(truncate("a😀😀", 3)).toBe("a…")
  })

  it("returns nothing when there is no room even for the ellipsis", () => {
    expect(truncate("hello", 0)).toBe("")
  })
})

describe("late alerts and digests", () => {
  it("says so on an alert whose match kicked off while it waited, and not on one in time", () => {
    const alert = newBets()
    const twelveMinutesIn = alert.match.startAt + 12 * 60_000
    expect(alertEmbeds(alert, twelveMinutesIn)[0]!.description).toMatch(
      /^⏰ \*\*Sent late: kicked off 12 min ago\*\*\n/
    )
    expect(alertEmbeds(alert, alert.match.startAt - 60_000)[0]!.description).not.toContain("late")
    expect(renderAlertText(alert, twelveMinutesIn)).toContain("(sent late: kicked off 12 min ago)")
  })

  const digestOf = (count: number): DigestAlert => ({
    _tag: "Digest",
    predictor: predictor(),
    picks: Array.from({ length: count }, (_, i) => ({
      match: match({ eventId: 13_900_000 + i, startAt: Date.UTC(2026, 0, 1, 12) + i * 3_600_000 }),
      pick: pick({ odds: 1.5 + i / 100 })
    })),
    detectedAt: Date.UTC(2026, 0, 1, 10)
  })

  it("lists a digest's picks with link, London kick-off and pick @ odds, in one embed while it fits", () => {
    const [embed, ...rest] = alertEmbeds(digestOf(3))
    expect(rest).toEqual([])
    expect(embed!.title).toBe("📋 NorthernLights: 3 open picks when monitoring began")
    expect(embed!.url).toBe("https://www.sofascore.com/user/profile/65f1c0a2b3d4e5f60718293a")
    expect(embed!.description!.split("\n").slice(1)).toEqual(
      [0, 1, 2].map((i) =>
        `[Northbridge FC vs Harbor City](https://www.sofascore.com/football/match/northbridge-fc-harbor-city/mTfR#id:${
          13_900_000 + i
        }) · Thu 1 Jan ${12 + i}:00 GMT · 1 (home) @ ${(1.5 + i / 100).toFixed(2)}`
      )
    )
  })

  it("takes as many embeds as Discord's description limit needs, each within every limit", () => {
    const embeds = alertEmbeds(digestOf(80))
    expect(embeds.length).toBeGreaterThan(1)
    expect(embeds.map((e) => e.title)).toEqual(
      embeds.map((_, i) => `📋 NorthernLights: 80 open picks when monitoring began (${i + 1}/${embeds.length})`)
    )
    for (const e of embeds) expect(e.description!.length).toBeLessThanOrEqual(4096)
    const lines = embeds.flatMap((e) => e.description!.split("\n")).filter((l) => l.startsWith("["))
    expect(lines).toHaveLength(80)
    for (const message of packEmbeds([embeds])) expectWithinLimits(message.payload)
  })
})
