// Many alerts, few messages: embeds are packed in order into webhook messages of at most ten embeds
// and 6,000 characters over all of them, Discord's limits for one message. An alert may render to
// several embeds (a digest), which may then span two messages; it counts as sent with its last one.
import {
  type DiscordEmbed,
  discordLimits,
  type DiscordWebhookPayload,
  embedTextLength,
  enforceDiscordLimits
} from "./discordLimits.js"

export interface PackedMessage {
  readonly payload: DiscordWebhookPayload
  /** Indexes of the items with an embed in this message. */
  readonly carries: ReadonlyArray<number>
  /** Indexes of the items whose last embed is in this message: sent once it is confirmed. */
  readonly completes: ReadonlyArray<number>
}

/** One embed within its own limits and, alone, within the message total. */
const fitAlone = (embed: DiscordEmbed): DiscordEmbed =>
  enforceDiscordLimits({ embeds: [embed], allowed_mentions: { parse: [] } }).embeds[0] ?? {}

/**
 * Greedy and in order, so nothing overtakes what was queued before it: a message takes the next
 * embed while it holds fewer than ten and the text stays within the total; otherwise a new one starts.
 */
export const packEmbeds = (items: ReadonlyArray<ReadonlyArray<DiscordEmbed>>): Array<PackedMessage> => {
  const messages: Array<PackedMessage> = []
  let embeds: Array<DiscordEmbed> = []
  let size = 0
  let carries: Array<number> = []
  let completes: Array<number> = []
  const flush = () => {
    if (embeds.length === 0) return
    messages.push({ payload: { embeds, allowed_mentions: { parse: [] } }, carries, completes })
    embeds = []
    size = 0
    carries = []
    completes = []
  }
  items.forEach((item, index) => {
    // Every item shows something, so that it is sent with a message of its own rather than lost.
    for (const raw of item.length === 0 ? [{ description: "\u200b" }] : item) {
      const embed = fitAlone(raw)
      const length = embedTextLength(embed)
      if (embeds.length >= discordLimits.embeds || size + length > discordLimits.total) flush()
      embeds.push(embed)
      size += length
      if (carries.at(-1) !== index) carries.push(index)
    }
    completes.push(index)
  })
  flush()
  return messages
}
