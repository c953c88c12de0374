// Discord's size limits and the cutting that keeps a webhook payload within them. Discord rejects a
// whole message that breaks any of its limits, and a rejected alert is never delivered, so every
// payload is cut to fit here rather than trusted to be small.
import { truncate } from "./discordMarkdown.js"

export interface DiscordEmbedField {
  name: string
  value: string
  inline?: boolean
}

export interface DiscordEmbed {
  title?: string
  url?: string
  description?: string
  color?: number
  author?: { name: string; url?: string }
  fields?: DiscordEmbedField[]
  footer?: { text: string }
  /** ISO 8601. */
  timestamp?: string
}

export interface DiscordWebhookPayload {
  content?: string
  username?: string
  embeds: DiscordEmbed[]
  allowed_mentions: { parse: [] }
}

/** Discord's documented limits, in characters (counted here, conservatively, as UTF-16 units). */
export const discordLimits = {
  content: 2000,
  username: 80,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** All embeds' title, description, field names and values, footer and author of one message. */
  total: 6000
} as const

// Discord refuses empty or whitespace-only field names and values.
const blank = "\u200b"

// Escaped: one non-ASCII character in a regular expression makes V8 hold the whole bundle file as
// two-byte text (esbuild escapes strings, not regular expressions).
const moreName = /^\u2026and (\d+) more$/

export const moreField = (hidden: number, value: string = blank): DiscordEmbedField => ({
  name: `…and ${hidden} more`,
  value
})

/**
 * The first `keep` ordinary fields, then one "…and N more" field counting everything dropped,
 * including what an earlier "…and N more" field already stood for.
 */
export const foldFields = (fields: ReadonlyArray<DiscordEmbedField>, keep: number): DiscordEmbedField[] => {
  const kept: DiscordEmbedField[] = []
  let hidden = 0
  let note = blank
  for (const field of fields) {
    const earlier = moreName.exec(field.name)
    if (earlier) {
      hidden += Number(earlier[1])
      note = field.value
    } else if (kept.length < keep) kept.push(field)
    else hidden += 1
  }
  return hidden > 0 ? [...kept, moreField(hidden, note)] : kept
}

/** Cut to at most `max` units without leaving a backslash that would escape the ellipsis. */
const fit = (text: string, max: number): string => {
  const cut = truncate(text, max)
  if (cut === text || !cut.endsWith("…")) return cut
  const body = cut.slice(0, -1)
  const trailingBackslashes = body.length - body.replace(/\\+$/, "").length
  return `${trailingBackslashes % 2 === 1 ? body.slice(0, -1) : body}…`
}

const nonBlank = (text: string): string => text.trim() === "" ? blank : text

const fitField = (field: DiscordEmbedField): DiscordEmbedField => ({
  name: fit(nonBlank(field.name), discordLimits.fieldName),
  value: fit(nonBlank(field.value), discordLimits.fieldValue),
  ...(field.inline === undefined ? {} : { inline: field.inline })
})

/** Each part within its own limit; empty parts left out, as Discord refuses them. */
const fitEmbed = (embed: DiscordEmbed): DiscordEmbed => {
  const out: DiscordEmbed = {}
  const title = embed.title === undefined ? "" : fit(embed.title, discordLimits.title)
  if (title.trim() !== "") out.title = title
  if (embed.url !== undefined) out.url = embed.url
  const description = embed.description === undefined ? "" : fit(embed.description, discordLimits.description)
  if (description.trim() !== "") out.description = description
  if (embed.color !== undefined) out.color = embed.color
  const authorName = embed.author === undefined ? "" : fit(embed.author.name, discordLimits.author)
  if (embed.author !== undefined && authorName.trim() !== "") {
    out.author = { ...embed.author, name: authorName }
  }
  if (embed.fields !== undefined) {
    const fields = embed.fields.length > discordLimits.fields
      ? foldFields(embed.fields, discordLimits.fields - 1)
      : embed.fields
    out.fields = fields.map(fitField)
  }
  const footer = embed.footer === undefined ? "" : fit(embed.footer.text, discordLimits.footer)
  if (footer.trim() !== "") out.footer = { text: footer }
  if (embed.timestamp !== undefined) out.timestamp = embed.timestamp
  return out
}

export const embedTextLength = (embed: DiscordEmbed): number =>
  (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0) +
  (embed.author?.name.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)

/** A piece of embed text that may be shortened down to `floor` units; at zero it is left out. */
interface Slot {
  readonly get: () => string | undefined
  readonly set: (text: string) => void
  readonly floor: number
}

const footerSlot = (embed: DiscordEmbed, floor: number): Slot => ({
  get: () => embed.footer?.text,
  set: (text) => {
    if (text === "") delete embed.footer
    else embed.footer = { text }
  },
  floor
})

const descriptionSlot = (embed: DiscordEmbed, floor: number): Slot => ({
  get: () => embed.description,
  set: (text) => {
    if (text === "") delete embed.description
    else embed.description = text
  },
  floor
})

/** The message's text within Discord's total, giving up the least useful text first. */
const fitTotal = (embeds: DiscordEmbed[]): DiscordEmbed[] => {
  const work = embeds.map((embed): DiscordEmbed => ({
    ...embed,
    ...(embed.fields === undefined ? {} : { fields: embed.fields.map((field) => ({ ...field })) })
  }))
  const excess = () => work.reduce((sum, embed) => sum + embedTextLength(embed), 0) - discordLimits.total
  const shrink = (slots: ReadonlyArray<Slot>) => {
    for (const slot of slots) {
      const over = excess()
      if (over <= 0) return
      const text = slot.get()
      if (text === undefined || text.length <= slot.floor) continue
      slot.set(fit(text, Math.max(slot.floor, text.length - over)))
    }
  }
  const lastFirst = [...work].reverse()

  // A long footer or description is trimmed to a readable lead before any field is given up.
  shrink(lastFirst.flatMap((embed) => [footerSlot(embed, 64), descriptionSlot(embed, 256)]))
  // Then trailing fields (extra picks) fold into "…and N more".
  for (const embed of lastFirst) {
    let ordinary = (embed.fields ?? []).filter((field) => !moreName.test(field.name)).length
    while (excess() > 0 && ordinary > 0) {
      ordinary -= 1
      embed.fields = foldFields(embed.fields ?? [], ordinary).map(fitField)
    }
  }
  // Only pathological payloads get here: everything left is cut as far as it takes.
  shrink(lastFirst.flatMap((embed) => [
    footerSlot(embed, 0),
    descriptionSlot(embed, 0),
    ...[...(embed.fields ?? [])].reverse().flatMap((field): Array<Slot> => [
      { get: () => field.value, set: (text) => (field.value = text), floor: 1 },
      { get: () => field.name, set: (text) => (field.name = text), floor: 1 }
    ]),
    {
      get: () => embed.author?.name,
      set: (text) => {
        if (text === "") delete embed.author
        else if (embed.author !== undefined) embed.author.name = text
      },
      floor: 0
    },
    {
      get: () => embed.title,
      set: (text) => {
        if (text === "") delete embed.title
        else embed.title = text
      },
      floor: 0
    }
  ]))
  return work
}

/**
 * The payload within every Discord limit on sizes and counts, cut where needed; mentions are always
 * disabled, whatever the input said.
 */
export const enforceDiscordLimits = (payload: DiscordWebhookPayload): DiscordWebhookPayload => {
  const content = payload.content === undefined ? "" : fit(payload.content, discordLimits.content)
  const username = payload.username === undefined ? "" : fit(payload.username, discordLimits.username)
  return {
    ...(content.trim() === "" ? {} : { content }),
    ...(username.trim() === "" ? {} : { username }),
    embeds: fitTotal(payload.embeds.slice(0, discordLimits.embeds).map(fitEmbed)),
    allowed_mentions: { parse: [] }
  }
}
