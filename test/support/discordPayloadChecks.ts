// Checks on a rendered Discord webhook payload that hold for every message, whatever went into it:
// shared by the rendering tests and the tests of Discord's limits.
import { expect } from "vitest"
import type { DiscordWebhookPayload } from "../../src/domain/discordLimits.js"

/** Every piece of embed text Discord counts towards its 6,000-character total. */
export const totalEmbedText = (payload: DiscordWebhookPayload): number =>
  payload.embeds.reduce(
    (sum, e) =>
      sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) +
      (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0),
    0
  )

/** Every string a reader can see, for checks that must hold wherever user text ends up. */
export const visibleTexts = (payload: DiscordWebhookPayload): Array<string> =>
  payload.embeds.flatMap((e) => [
    e.title ?? "",
    e.description ?? "",
    e.footer?.text ?? "",
    e.author?.name ?? "",
    ...(e.fields ?? []).flatMap((f) => [f.name, f.value])
  ])

export const expectWithinLimits = (payload: DiscordWebhookPayload) => {
  expect(payload.embeds.length).toBeLessThanOrEqual(10)
  expect(totalEmbedText(payload)).toBeLessThanOrEqual(6000)
  expect(payload.allowed_mentions).toEqual({ parse: [] })
  for (const e of payload.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256)
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096)
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048)
    expect(e.author?.name.length ?? 0).toBeLessThanOrEqual(256)
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25)
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(256)
      expect(f.value.length).toBeLessThanOrEqual(1024)
      expect(f.name.trim()).not.toBe("")
      expect(f.value.trim()).not.toBe("")
    }
  }
  // A cut never leaves half of a surrogate pair.
  for (const text of visibleTexts(payload)) {
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/)
  }
}
