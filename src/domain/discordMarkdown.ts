// Names and team names are written by Sofascore's users, so they can carry markdown that reshapes a
// message, mentions that ping a whole server, terminal escapes, or bidi overrides that make the text
// around them read backwards. Everything user-written passes through here before it is shown.

// Tabs and every kind of line break become one space: an alert's layout is ours, not the tipster's.
const lineBreaks = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
const controls = /[\u0000-\u001f\u007f-\u009f]/g
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g
// A lone surrogate is not valid Unicode; Discord may reject the JSON or show garbage.
const loneSurrogates = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const zeroWidthSpace = "\u200b"

/** Longest user-written name shown, in UTF-16 units: a 10,000-character nickname must not drown the alert. */
export const nameCap = 100

/** User text made safe to show anywhere: one line, no control or bidi characters, valid UTF-16. */
export const sanitizeText = (text: string): string =>
  text
    .replace(lineBreaks, " ")
    .replace(controls, "")
    .replace(bidiControls, "")
    .replace(loneSurrogates, "\ufffd")

/**
 * User text made inert in Discord markdown: it shows as written, forms no formatting, links or lists,
 * and pings nobody even if a webhook's `allowed_mentions` were ignored.
 */
export const escapeMarkdown = (text: string): string =>
  sanitizeText(text)
    .replace(/[\\*_~`|>#\-[\]()]/g, "\\$&")
    // Backslashes do not stop mentions; a zero-width space after "@" and "<" breaks @everyone, @here,
    // <@id>, <@&id>, <#id> and custom-emoji or timestamp markup alike.
    .replace(/[@<]/g, `$&${zeroWidthSpace}`)
    // Discord turns any scheme://… into a clickable link, which a nickname could use for phishing.
    .replace(/:\/\//g, `:${zeroWidthSpace}//`)
    // "1. " and "+ " start a list only at the beginning of a line; "-", "*", "#" and ">" are escaped above.
    .replace(/^(\s*\d+)\.(?=\s)/, "$1\\.")
    .replace(/^(\s*)\+(?=\s)/, "$1\\+")

/**
 * At most `max` UTF-16 units, ending with "…" when cut. Cuts between code points, so an emoji or other
 * astral character is never split into a lone surrogate; counting units is conservative for Discord,
 * which counts characters.
 */
export const truncate = (text: string, max: number): string => {
  if (text.length <= max) return text
  const limit = Math.floor(max)
  if (!(limit >= 1)) return ""
  let end = 0
  for (const codePoint of text) {
    if (end + codePoint.length > limit - 1) break
    end += codePoint.length
  }
  return `${text.slice(0, end).trimEnd()}…`
}

/** A user-written name for Discord, capped before escaping so an escape is never cut in half. */
export const md = (text: string, cap: number = nameCap): string => {
  const capped = truncate(sanitizeText(text).trim(), cap)
  return capped === "" ? "?" : escapeMarkdown(capped)
}
