// Packing alerts' embeds into as few webhook messages as Discord's limits allow, in order.
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { packEmbeds } from "../../src/domain/discordBatch.js"
import type { DiscordEmbed } from "../../src/domain/discordLimits.js"
import { expectWithinLimits, totalEmbedText } from "../support/discordPayloadChecks.js"

const embedOf = (title: string, descriptionLength: number): DiscordEmbed => ({
  title,
  description: "d".repeat(descriptionLength)
})

const embedArb = fc.record({
  description: fc.integer({ min: 1, max: 7000 }),
  fields: fc.array(fc.record({ name: fc.string({ maxLength: 300 }), value: fc.string({ maxLength: 1100 }) }), {
    maxLength: 30
  })
})

describe("packEmbeds", () => {
  it("fills a message to exactly ten embeds, then starts the next", () => {
    const items = Array.from({ length: 21 }, (_, i) => [embedOf(`#${i}`, 10)])
    const messages = packEmbeds(items)
    expect(messages.map((m) => m.payload.embeds.length)).toEqual([10, 10, 1])
    expect(messages.map((m) => m.completes)).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [20]
    ])
  })

  it("keeps every message within 6,000 characters, and fills it up to exactly that", () => {
    // Titles of 2 characters: each embed counts 2 + 1,998 = 2,000.
    const messages = packEmbeds(Array.from({ length: 7 }, (_, i) => [embedOf(`${i}`.padStart(2, "0"), 1998)]))
    expect(messages.map((m) => totalEmbedText(m.payload))).toEqual([6000, 6000, 2000])
    // One character more and only two fit.
    const over = packEmbeds(Array.from({ length: 3 }, (_, i) => [embedOf(`${i}`.padStart(2, "0"), 1999)]))
    expect(over.map((m) => m.payload.embeds.length)).toEqual([2, 1])
  })

  it("sends an embed that alone is too long by itself, cut to fit", () => {
    const huge: DiscordEmbed = {
      title: "huge",
      description: "x".repeat(4000),
      fields: Array.from({ length: 5 }, (_, i) => ({ name: `f${i}`, value: "y".repeat(1024) }))
    }
    const messages = packEmbeds([[embedOf("a", 100)], [huge], [embedOf("b", 100)]])
    for (const m of messages) expectWithinLimits(m.payload)
    expect(messages.flatMap((m) => m.payload.embeds.map((e) => e.title))).toEqual(["a", "huge", "b"])
  })

  it("lets an alert of several embeds span two messages; it completes with its last embed", () => {
    const digest = Array.from({ length: 4 }, (_, i) => embedOf(`digest ${i}`, 1500))
    const messages = packEmbeds([[embedOf("first", 2000)], digest, [embedOf("last", 10)]])
    expect(messages.map((m) => m.payload.embeds.map((e) => e.title))).toEqual([
      ["first", "digest 0", "digest 1"],
      ["digest 2", "digest 3", "last"]
    ])
    expect(messages.map((m) => m.completes)).toEqual([[0], [1, 2]])
  })

  it("holds for any input: within limits, in order, each item completed once, in the message of its last embed", () => {
    fc.assert(
      fc.property(fc.array(fc.array(embedArb, { maxLength: 4 }), { maxLength: 30 }), (raw) => {
        const items = raw.map((embeds, i) =>
          embeds.map((e, k): DiscordEmbed => ({
            title: `${i}.${k}`,
            description: "z".repeat(e.description),
            fields: e.fields.map((f) => ({ name: f.name || "n", value: f.value || "v" }))
          }))
        )
        const messages = packEmbeds(items)
        for (const m of messages) expectWithinLimits(m.payload)
        // Order: the embeds come out as they went in (an empty item shows one blank embed).
        const titles = messages.flatMap((m) => m.payload.embeds.map((e) => e.title ?? ""))
        const expected = items.flatMap((embeds) => embeds.length === 0 ? [""] : embeds.map((e) => e.title!))
        expect(titles).toEqual(expected)
        // Completion: every item exactly once, in order.
        expect(messages.flatMap((m) => m.completes)).toEqual(items.map((_, i) => i))
        // No message is closed while the next embed would still have fitted.
        for (let i = 0; i + 1 < messages.length; i++) {
          const current = messages[i]!.payload
          const next = messages[i + 1]!.payload.embeds[0]!
          const nextLength = totalEmbedText({ embeds: [next], allowed_mentions: { parse: [] } })
          expect(current.embeds.length === 10 || totalEmbedText(current) + nextLength > 6000).toBe(true)
        }
      }),
      { numRuns: 200 }
    )
  })
})
