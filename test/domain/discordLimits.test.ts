import { describe, expect, it } from "vitest"
import { type DiscordEmbed, type DiscordWebhookPayload, enforceDiscordLimits } from "../../src/domain/discordLimits.js"
import { expectWithinLimits } from "../support/discordPayloadChecks.js"

describe("enforceDiscordLimits", () => {
  const huge = (n: number) => "x".repeat(n)

  it("cuts an oversized payload down to every Discord limit", () => {
    const embed: DiscordEmbed = {
      title: huge(1_000),
      description: huge(10_000),
      author: { name: huge(1_000) },
      fields: Array.from({ length: 40 }, () => ({ name: huge(500), value: huge(5_000) })),
      footer: { text: huge(5_000) }
    }
    const payload = enforceDiscordLimits({
      content: huge(3_000),
      username: huge(200),
      embeds: Array.from({ length: 12 }, () => embed),
      allowed_mentions: { parse: [] }
    })
    expectWithinLimits(payload)
    expect(payload.embeds).toHaveLength(10)
    expect(payload.content!.length).toBeLessThanOrEqual(2000)
    expect(payload.username!.length).toBeLessThanOrEqual(80)
  })

  it("folds trailing fields into \"…and N more\" before cutting anything else", () => {
    const payload = enforceDiscordLimits({
      embeds: [{
        title: "t",
        fields: [
          { name: "Tipster", value: "who" },
          ...Array.from({ length: 24 }, (_, i) => ({ name: `Pick ${i + 1}`, value: "v".repeat(300), inline: true }))
        ]
      }],
      allowed_mentions: { parse: [] }
    })
    expectWithinLimits(payload)
    const fields = payload.embeds[0]!.fields!
    expect(fields[0]).toEqual({ name: "Tipster", value: "who" })
    expect(fields[1]).toEqual({ name: "Pick 1", value: "v".repeat(300), inline: true })
    const hidden = Number(/^…and (\d+) more$/.exec(fields.at(-1)!.name)![1])
    expect(fields.length - 2 + hidden).toBe(24)
    expect(payload.embeds[0]!.title).toBe("t")
  })

  it("leaves a payload within the limits as it is", () => {
    const payload: DiscordWebhookPayload = {
      embeds: [{
        title: "t",
        description: "d",
        fields: [{ name: "n", value: "v", inline: true }],
        footer: { text: "f" }
      }],
      allowed_mentions: { parse: [] }
    }
    expect(enforceDiscordLimits(payload)).toEqual(payload)
  })

  it("fills empty field names and values and drops empty texts", () => {
    const payload = enforceDiscordLimits({
      embeds: [{ title: "", description: "  ", fields: [{ name: "", value: " " }], footer: { text: "" } }],
      allowed_mentions: { parse: [] }
    })
    expect(payload.embeds[0]).toEqual({ fields: [{ name: "\u200b", value: "\u200b" }] })
  })

  it("never leaves a backslash escaping the ellipsis", () => {
    const payload = enforceDiscordLimits({
      embeds: [{ title: `${"a".repeat(254)}\\*zz` }],
      allowed_mentions: { parse: [] }
    })
    expect(payload.embeds[0]!.title).toBe(`${"a".repeat(254)}…`)
  })
})
