// How an alert reads, shared by the console notifier (plain text, here) and the Discord embeds: the
// links, the London kick-off time, the pick labels and the number formats must agree between them.
import type {
  Alert,
  DigestAlert,
  LineMovementAlert,
  MatchCard,
  NewBetsAlert,
  PickCard,
  PredictorCard,
  ReportAlert
} from "./alert.js"
import { nameCap, sanitizeText, truncate } from "./discordMarkdown.js"
import { lazy } from "./lazy.js"

export { nameCap }

/** Longest market or pick text shown; Sofascore's own values are a few characters. */
export const pickCap = 50

/** User text as plain text: sanitised, capped, never blank (an empty name would leave nothing to read). */
export const plainText = (text: string, cap: number = nameCap): string => {
  const shown = truncate(sanitizeText(text).trim(), cap)
  return shown === "" ? "?" : shown
}

// encodeURIComponent leaves these alone, but a ")" would end a markdown link early.
const encodePathPart = (part: string): string =>
  encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

export const profileUrl = (predictorId: string): string =>
  `https://www.sofascore.com/user/profile/${encodePathPart(predictorId)}`

/** The match page, or null when Sofascore did not give everything its address needs. */
export const matchUrl = (match: MatchCard): string | null => {
  const { customId, eventSlug, sportSlug } = match
  if (!sportSlug || !eventSlug || !customId || !Number.isSafeInteger(match.eventId)) return null
  return `https://www.sofascore.com/${encodePathPart(sportSlug)}/match/${encodePathPart(eventSlug)}/${
    encodePathPart(customId)
  }#id:${match.eventId}`
}

// Kick-off is always London time, whatever zone the daemon's host is in, so an alert reads the same
// wherever it was rendered.
const londonFormat = lazy(() =>
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short"
  })
)

// ICU builds without British zone names spell them as offsets.
const londonZoneName = (zone: string): string =>
  zone === "GMT+1" || zone === "UTC+1" ? "BST" : zone === "UTC" || zone === "GMT+0" ? "GMT" : zone

/** E.g. "Thu 1 Jan 02:00 GMT" or "Thu 2 Jul 19:45 BST". */
export const formatLondonTime = (epochMs: number): string => {
  const date = new Date(epochMs)
  if (Number.isNaN(date.getTime())) return "unknown time"
  const parts = londonFormat().formatToParts(date)
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? ""
  return `${part("weekday")} ${part("day")} ${part("month")} ${part("hour")}:${part("minute")} ${
    londonZoneName(part("timeZoneName"))
  }`
}

/** An ISO timestamp, or null for a value no Date can hold. */
export const isoTime = (epochMs: number): string | null => {
  const date = new Date(epochMs)
  return Number.isNaN(date.getTime()) ? null : date.toISOString()
}

/** A number with its sign and `digits` decimals, e.g. "+1.30" or "-8.3". */
export const signed = (value: number, digits: number): string => {
  if (!Number.isFinite(value)) return "?"
  const magnitude = Math.abs(value).toFixed(digits)
  // A value that rounds to zero is shown without a sign rather than as "-0.0".
  if (Number(magnitude) === 0) return magnitude
  return `${value < 0 ? "-" : "+"}${magnitude}`
}

/** Decimal odds, e.g. "1.80". */
export const formatOdds = (odds: number): string => Number.isFinite(odds) ? odds.toFixed(2) : "?"

/** Profit in units, e.g. "+52.76u". */
export const formatUnits = (units: number): string => `${signed(units, 2)}u`

/** A percentage to at most one decimal, e.g. "12.8%" or "50%". */
export const formatPct = (pct: number): string => Number.isFinite(pct) ? `${Number(pct.toFixed(1))}%` : "?%"

/** A signed change, e.g. "-8.3%". */
export const formatChangePct = (pct: number): string => `${signed(pct, 1)}%`

export const formatCount = (n: number): string => Number.isFinite(n) ? `${Math.round(n)}` : "?"

const marketNames: Readonly<Record<string, string>> = { "5": "BTTS", "6": "first to score" }
const sides: Readonly<Record<string, string>> = { "1": "1 (home)", "X": "X (draw)", "2": "2 (away)" }

/**
 * A pick as a reader knows it: "1 (home)" on the full-time winner market, "BTTS: yes" elsewhere.
 * `show` renders the Sofascore-supplied parts (plain, or markdown-escaped for Discord).
 */
export const pickLabel = (pick: PickCard, show: (text: string) => string = (t) => plainText(t, pickCap)): string => {
  if (pick.market === "1") return sides[pick.pick] ?? show(pick.pick)
  const market = marketNames[pick.market] ?? `market ${show(pick.market)}`
  // On "first to score" 1 and 2 are still the home and away sides; what X means there is not known.
  const choice = pick.market === "6" && pick.pick !== "X" ? sides[pick.pick] ?? show(pick.pick) : show(pick.pick)
  return `${market}: ${choice}`
}

/** E.g. "1 (home) @ 1.80", or "1 (home), no odds". */
export const pickWithOdds = (pick: PickCard, show?: (text: string) => string): string => {
  const label = show === undefined ? pickLabel(pick) : pickLabel(pick, show)
  return pick.odds === null ? `${label}, no odds` : `${label} @ ${formatOdds(pick.odds)}`
}

export type LineDirection = "shortened" | "drifted" | "unchanged"

export const lineDirection = (alert: LineMovementAlert): LineDirection => {
  const change = Number.isFinite(alert.changePct) && alert.changePct !== 0
    ? alert.changePct
    : alert.toOdds - alert.fromOdds
  return change < 0 ? "shortened" : change > 0 ? "drifted" : "unchanged"
}

const predictorLine = (p: PredictorCard): string =>
  `${plainText(p.name)} (yield ${formatPct(p.allTimeYieldPct)}, ${formatUnits(p.profitUnits)}, hit ${
    formatPct(p.hitRatePct)
  })`

const matchLine = (m: MatchCard): string =>
  [
    `${plainText(m.homeTeam)} vs ${plainText(m.awayTeam)}`,
    ...(m.sportSlug ? [plainText(m.sportSlug)] : []),
    `kick-off ${formatLondonTime(m.startAt)}`
  ].join(" — ")

/** "sent late: kicked off 12 min ago" when the match began while the alert waited; nothing otherwise. */
export const lateNote = (match: MatchCard, now: number): string | undefined => {
  const minutes = Math.floor((now - match.startAt) / 60_000)
  if (!(minutes >= 1)) return undefined
  const ago = minutes < 120 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
  return `sent late: kicked off ${ago} ago`
}

const links = (match: MatchCard | undefined, predictorId: string): Array<string> => {
  const url = match === undefined ? null : matchUrl(match)
  return [...(url === null ? [] : [url]), profileUrl(predictorId)]
}

const newBetsText = (alert: NewBetsAlert, now: number): Array<string> => {
  const late = lateNote(alert.match, now)
  return [
    `NEW ${alert.picks.length > 1 ? `BETS (${alert.picks.length})` : "BET"}  ${predictorLine(alert.predictor)}${
      late === undefined ? "" : `  (${late})`
    }`,
    `  ${matchLine(alert.match)}`,
    ...alert.picks.map((pick) => `  pick ${pickWithOdds(pick)}`),
    ...(alert.followed === undefined ? [] : [`  ${alert.followed}`]),
    ...links(alert.match, alert.predictor.id).map((url) => `  ${url}`)
  ]
}

const lineMovementText = (alert: LineMovementAlert): Array<string> => [
  `LINE MOVE  ${predictorLine(alert.predictor)}`,
  `  ${matchLine(alert.match)}`,
  `  pick ${pickLabel(alert.pick)}: ${formatOdds(alert.fromOdds)} → ${formatOdds(alert.toOdds)} (${
    formatChangePct(alert.changePct)
  }, ${lineDirection(alert)})`,
  ...links(alert.match, alert.predictor.id).map((url) => `  ${url}`)
]

const digestText = (alert: DigestAlert): Array<string> => [
  `OPEN PICKS (${alert.picks.length}) when monitoring began  ${predictorLine(alert.predictor)}`,
  ...alert.picks.map(({ match, pick }) => `  ${matchLine(match)} — ${pickWithOdds(pick)}`),
  `  ${profileUrl(alert.predictor.id)}`
]

/**
 * A few readable lines for the console notifier: the alert, then the match page and the tipster's
 * profile. `now` is when it is shown, for the late note (by default when it was detected: never late).
 */
export const renderAlertText = (alert: Exclude<Alert, ReportAlert>, now: number = alert.detectedAt): string =>
  (alert._tag === "NewBets"
    ? newBetsText(alert, now)
    : alert._tag === "LineMovement"
    ? lineMovementText(alert)
    : digestText(alert)).join("\n")
