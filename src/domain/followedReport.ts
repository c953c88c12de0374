// What following each tipster returned: the alerted picks, settled or not, summed up per predictor and
// overall, at a flat one-unit stake per pick, and shown as a terminal table, JSON or one Discord embed.
import * as Either from "effect/Either"
import { formatChangePct, formatPct, formatUnits, isoTime, plainText, profileUrl, signed } from "./alertText.js"
import type { DiscordEmbed, DiscordEmbedField } from "./discordLimits.js"
import { md } from "./discordMarkdown.js"
import { lazy } from "./lazy.js"
import { isUnresolved, type PickStatus } from "./settlement.js"

/** One alerted pick as stored, with its settlement. */
export interface FollowedPick {
  readonly userId: string
  readonly userName: string
  readonly eventId: number
  readonly market: string
  readonly pick: string
  /** Decimal odds when the pick was alerted; null when voted without odds. */
  readonly alertOdds: number | null
  /** The last odds seen before kick-off, for closing-line value. */
  readonly closingOdds: number | null
  /** Kick-off, epoch ms. */
  readonly startAt: number | null
  readonly alertedAt: number
  readonly status: PickStatus
  /** Units won or lost at a flat one-unit stake (see profitOf); null without odds. */
  readonly profit: number | null
}

export interface FollowedSummary {
  /** Picks tracked. */
  readonly alerts: number
  readonly won: number
  readonly lost: number
  readonly void: number
  /** Pending picks that may still settle. */
  readonly pending: number
  /** Pending picks more than a week past kick-off. */
  readonly unresolved: number
  /** won / (won + lost), percent; null before anything is won or lost. */
  readonly hitRatePct: number | null
  /** Profit of the won and lost picks that had odds. */
  readonly profitUnits: number
  /** profitUnits per won or lost pick with odds, percent; null when there is none. */
  readonly yieldPct: number | null
  /** Mean odds at alert time of the picks with odds. */
  readonly avgOdds: number | null
  /** Mean closing-line value (alert odds / closing odds − 1), percent, of the picks with both. */
  readonly clvPct: number | null
}

export type PredictorSummary = { readonly id: string; readonly name: string } & FollowedSummary

export interface FollowedReport {
  readonly overall: FollowedSummary
  /** Highest profit first; ties by name. */
  readonly predictors: Array<PredictorSummary>
}

// --- summing up ----------------------------------------------------------------------------------

/** Two decimals, and never -0: a sum that cancels out is a plain 0 however it is compared or shown. */
const round2 = (n: number): number => Math.round(n * 100) / 100 || 0

const sum = (values: ReadonlyArray<number>): number => values.reduce((total, value) => total + value, 0)

const mean = (values: ReadonlyArray<number>): number | null =>
  values.length === 0 ? null : round2(sum(values) / values.length)

const ratioPct = (part: number, whole: number): number | null => whole === 0 ? null : round2((part / whole) * 100)

const summaryOf = (picks: ReadonlyArray<FollowedPick>, now: number): FollowedSummary => {
  const count = (status: PickStatus) => picks.filter((p) => p.status === status).length
  const unresolved = picks.filter((p) => p.status === "pending" && isUnresolved(p.startAt, p.alertedAt, now)).length
  const won = count("won")
  const lost = count("lost")
  // A pick without odds has a null profit: it counts as won or lost, not in profit or yield.
  const staked = picks.flatMap((p) =>
    (p.status === "won" || p.status === "lost") && p.profit !== null ? [p.profit] : []
  )
  const profit = sum(staked)
  return {
    alerts: picks.length,
    won,
    lost,
    void: count("void"),
    pending: count("pending") - unresolved,
    unresolved,
    hitRatePct: ratioPct(won, won + lost),
    profitUnits: round2(profit),
    yieldPct: ratioPct(profit, staked.length),
    avgOdds: mean(picks.flatMap((p) => p.alertOdds === null ? [] : [p.alertOdds])),
    clvPct: mean(picks.flatMap((p) =>
      p.alertOdds === null || p.closingOdds === null || !(p.closingOdds > 0)
        ? []
        : [(p.alertOdds / p.closingOdds - 1) * 100]
    ))
  }
}

const byProfitThenName = (a: PredictorSummary, b: PredictorSummary): number =>
  b.profitUnits - a.profitUnits || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1)

/** The picks summed up overall and per predictor; a predictor is named as in their latest alert. */
export const summarise = (picks: ReadonlyArray<FollowedPick>, now: number): FollowedReport => {
  const byUser = new Map<string, Array<FollowedPick>>()
  for (const pick of picks) {
    const own = byUser.get(pick.userId)
    if (own === undefined) byUser.set(pick.userId, [pick])
    else own.push(pick)
  }
  const predictors = [...byUser].map(([id, own]): PredictorSummary => {
    const latest = own.reduce((a, b) => (b.alertedAt > a.alertedAt ? b : a))
    return { id, name: latest.userName, ...summaryOf(own, now) }
  })
  return { overall: summaryOf(picks, now), predictors: predictors.sort(byProfitThenName) }
}

/** Settled picks: won, lost or void. */
const settledOf = (s: FollowedSummary): number => s.won + s.lost + s.void

// --- the period ----------------------------------------------------------------------------------

const hourMs = 3_600_000
const dayMs = 24 * hourMs
const relative = /^(\d{1,6})([dh])$/
const calendarDate = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * The start of the reported period, epoch ms: "<n>d" and "<n>h" back from `now`, "YYYY-MM-DD" from
 * 00:00 UTC that day, "all" (null) for everything; anything else is a one-line complaint.
 */
export const parseSince = (text: string, now: number): Either.Either<number | null, string> => {
  const input = text.trim().toLowerCase()
  if (input === "all") return Either.right(null)
  const back = relative.exec(input)
  if (back !== null && Number(back[1]) > 0) {
    return Either.right(now - Number(back[1]) * (back[2] === "d" ? dayMs : hourMs))
  }
  const date = calendarDate.exec(input)
  if (date !== null) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])]
    const start = Date.UTC(year, month - 1, day)
    const check = new Date(start)
    // Date.UTC rolls 2025-02-30 over into March; only a real day reads back the same.
    if (check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day) {
      return Either.right(start)
    }
  }
  return Either.left(
    `since must be "all", a number of days or hours (e.g. 30d, 12h) or a date YYYY-MM-DD; got "${plainText(text, 40)}"`
  )
}

/** "2025-12-01" at midnight UTC, else "2025-12-01 14:30 UTC". */
const utcTime = (epochMs: number): string => {
  const iso = isoTime(epochMs)
  if (iso === null) return "?"
  const time = iso.slice(11, 16)
  return time === "00:00" ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time} UTC`
}

/**
 * "last 7 days" when `since` came from "7d" (or "last 12 hours" from "12h"), else "since <date>";
 * "all time" for null. Whole hours read as hours only below two days: "last 1092 hours" helps nobody.
 */
const periodLabel = (since: number | null, now: number): string => {
  if (since === null) return "all time"
  const span = now - since
  if (span > 0 && span % dayMs === 0) return span === dayMs ? "last 24 hours" : `last ${span / dayMs} days`
  if (span > 0 && span < 2 * dayMs && span % hourMs === 0) {
    return span === hourMs
      ? "last hour"
      : `last ${span / hourMs} hours`
  }
  return `since ${utcTime(since)}`
}

// --- terminal table ------------------------------------------------------------------------------

const dash = "–"
const nameWidth = 24

const graphemes = lazy(() => new Intl.Segmenter(undefined, { granularity: "grapheme" }))
// Emoji and East Asian wide characters take two terminal columns.
const wide =
  /\p{Emoji_Presentation}|\ufe0f|[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u
// Invisible characters (zero-width spaces, soft hyphens…) would count as a column yet show none; the
// zero-width joiner stays, as it holds emoji sequences together.
const invisible = /(?!\u200d)\p{Cf}/gu

const columnsOf = (grapheme: string): number => (wide.test(grapheme) ? 2 : 1)

const displayWidth = (text: string): number => {
  let width = 0
  for (const { segment } of graphemes().segment(text)) width += columnsOf(segment)
  return width
}

/** A name as it fits a table column: plain, visible, and at most `max` terminal columns wide. */
const columnText = (text: string, max: number): string => {
  const plain = plainText(text).replace(invisible, "").trim() || "?"
  if (displayWidth(plain) <= max) return plain
  let shown = ""
  let width = 0
  for (const { segment } of graphemes().segment(plain)) {
    if (width + columnsOf(segment) > max - 1) break
    shown += segment
    width += columnsOf(segment)
  }
  return `${shown.trimEnd()}…`
}

const padEnd = (text: string, width: number): string => text + " ".repeat(Math.max(0, width - displayWidth(text)))

const fixed = (value: number | null, digits: number): string => (value === null ? dash : value.toFixed(digits))
const signedOrDash = (value: number | null, digits: number): string => (value === null ? dash : signed(value, digits))

interface Column {
  readonly header: string
  readonly cell: (s: FollowedSummary) => string
  /** The value whose sign colours the cell, for columns that are coloured. */
  readonly tone?: (s: FollowedSummary) => number | null
}

const columns: ReadonlyArray<Column> = [
  { header: "Alerts", cell: (s) => String(s.alerts) },
  { header: "Won", cell: (s) => String(s.won) },
  { header: "Lost", cell: (s) => String(s.lost) },
  { header: "Void", cell: (s) => String(s.void) },
  { header: "Pending", cell: (s) => String(s.pending) },
  { header: "Unres.", cell: (s) => String(s.unresolved) },
  { header: "Hit %", cell: (s) => fixed(s.hitRatePct, 1) },
  { header: "Profit u", cell: (s) => signed(s.profitUnits, 2), tone: (s) => s.profitUnits },
  { header: "Yield %", cell: (s) => signedOrDash(s.yieldPct, 1), tone: (s) => s.yieldPct },
  { header: "Avg odds", cell: (s) => fixed(s.avgOdds, 2) },
  { header: "CLV %", cell: (s) => signedOrDash(s.clvPct, 1) }
]

const green = "\u001b[32m"
const red = "\u001b[31m"
const resetColour = "\u001b[39m"

/** Right-aligned, green or red by the sign of `tone`; padded by the plain text, so escapes take no column. */
const rightAligned = (text: string, width: number, tone: number | null = null): string => {
  const pad = " ".repeat(Math.max(0, width - displayWidth(text)))
  return tone === null || tone === 0 ? pad + text : `${pad}${tone > 0 ? green : red}${text}${resetColour}`
}

/**
 * One row a predictor, then a rule and the overall row, columns aligned (names are cut to keep them
 * so); with `color`, profit and yield in green or red by their sign, without it no escape codes.
 */
export const renderReportTable = (
  report: FollowedReport,
  options: { readonly color: boolean; readonly since: number | null }
): string => {
  const title = `Followed picks, ${options.since === null ? "all time" : `since ${utcTime(options.since)}`}`
  const rows = [
    ...report.predictors.map((p) => ({ name: columnText(p.name, nameWidth), summary: p })),
    { name: "Overall", summary: report.overall }
  ]
  const firstWidth = Math.max(displayWidth("Predictor"), ...rows.map((row) => displayWidth(row.name)))
  const widths = columns.map((c) => Math.max(c.header.length, ...rows.map((row) => c.cell(row.summary).length)))
  const line = (first: string, cells: ReadonlyArray<string>) => [first, ...cells].join("  ")
  const rowLine = (row: (typeof rows)[number]) =>
    line(
      padEnd(row.name, firstWidth),
      columns.map((c, i) => rightAligned(c.cell(row.summary), widths[i]!, options.color ? c.tone?.(row.summary) : null))
    )
  const header = line(
    padEnd("Predictor", firstWidth),
    columns.map((c, i) => rightAligned(c.header, widths[i]!))
  )
  const predictorRows = rows.slice(0, -1).map(rowLine)
  return [
    title,
    "",
    header,
    ...(predictorRows.length === 0 ? ["(no alerted picks in this period)"] : predictorRows),
    "-".repeat(displayWidth(header)),
    rowLine(rows.at(-1)!)
  ].join("\n")
}

// --- JSON ----------------------------------------------------------------------------------------

/** A summary as `--json` writes it: the hit rate is left out, as won and lost give it exactly. */
export type SummaryJson = Omit<FollowedSummary, "hitRatePct">

export interface ReportJson {
  /** ISO 8601, or null for all time. */
  readonly since: string | null
  readonly overall: SummaryJson
  readonly predictors: Array<{ readonly id: string; readonly name: string } & SummaryJson>
}

// Built field by field: the shape (and its key order) is an interface for scripts, not whatever the
// summary holds.
const summaryJson = (s: FollowedSummary): SummaryJson => ({
  alerts: s.alerts,
  won: s.won,
  lost: s.lost,
  void: s.void,
  pending: s.pending,
  unresolved: s.unresolved,
  profitUnits: s.profitUnits,
  yieldPct: s.yieldPct,
  avgOdds: s.avgOdds,
  clvPct: s.clvPct
})

/** The report for `--json`; names as Sofascore gave them (JSON.stringify escapes what needs it). */
export const reportJson = (report: FollowedReport, since: number | null): ReportJson => ({
  since: since === null ? null : isoTime(since),
  overall: summaryJson(report.overall),
  predictors: report.predictors.map((p) => ({ id: p.id, name: p.name, ...summaryJson(p) }))
})

// --- Discord -------------------------------------------------------------------------------------

const reportColours = { up: 0x2ecc71, down: 0xe74c3c, flat: 0x95a5a6 } as const

/** "23 settled", then profit and yield when any settled pick had odds. */
const record = (s: FollowedSummary): Array<string> => [
  `${settledOf(s)} settled`,
  ...(s.yieldPct === null ? [] : [formatUnits(s.profitUnits), `yield ${formatChangePct(s.yieldPct)}`])
]

/** E.g. "42 settled · +6.30u · yield +15.0% · hit 52% · CLV +3.1%". */
const recordLine = (s: FollowedSummary): string =>
  [
    ...record(s),
    ...(s.hitRatePct === null ? [] : [`hit ${formatPct(s.hitRatePct)}`]),
    ...(s.clvPct === null ? [] : [`CLV ${formatChangePct(s.clvPct)}`])
  ].join(" · ")

const countsLine = (s: FollowedSummary): string =>
  [
    `${s.won} won`,
    `${s.lost} lost`,
    `${s.void} void`,
    ...(s.pending > 0 ? [`${s.pending} pending`] : []),
    ...(s.unresolved > 0 ? [`${s.unresolved} unresolved`] : [])
  ].join(" · ")

const predictorField = (label: string, p: PredictorSummary): DiscordEmbedField => ({
  name: label,
  value: `**[${md(p.name)}](${profileUrl(p.id)})**\n${recordLine(p)}`
})

/** One embed: the period's overall record, and its best and worst predictor among those with a settled pick. */
export const reportEmbed = (
  report: FollowedReport,
  options: { readonly since: number | null; readonly now: number }
): DiscordEmbed => {
  const { overall } = report
  // Sorted by profit already, so the best and the worst are the ends.
  const ranked = report.predictors.filter((p) => settledOf(p) > 0)
  const best = ranked[0]
  const worst = ranked.length > 1 ? ranked.at(-1) : undefined
  const timestamp = isoTime(options.now)
  return {
    title: `📊 Followed picks, ${periodLabel(options.since, options.now)}`,
    description: overall.alerts === 0
      ? "No alerted picks in this period."
      : `**${recordLine(overall)}**\n${countsLine(overall)}`,
    color: overall.profitUnits > 0
      ? reportColours.up
      : overall.profitUnits < 0
      ? reportColours.down
      : reportColours.flat,
    fields: [
      ...(best === undefined ? [] : [predictorField("🏆 Best", best)]),
      ...(worst === undefined ? [] : [predictorField("🔻 Worst", worst)])
    ],
    footer: {
      text: `${report.predictors.length} predictor${
        report.predictors.length === 1 ? "" : "s"
      } · ${overall.alerts} alert${overall.alerts === 1 ? "" : "s"} · flat one-unit stakes`
    },
    ...(timestamp === null ? {} : { timestamp })
  }
}

/** The record shown on a new-bet alert, e.g. "followed here: 23 settled, +4.10u, yield +17.8%". */
export const followedLine = (summary: FollowedSummary): string | undefined =>
  settledOf(summary) === 0 ? undefined : `followed here: ${record(summary).join(", ")}`

/**
 * Predictors whose followed yield over their last `settled` won or lost picks with odds is below
 * `minYieldPct`: following them has stopped paying. Fewer settled picks than that: not judged yet.
 */
export const belowFollowedYield = (
  picks: ReadonlyArray<FollowedPick>,
  options: { readonly minYieldPct: number; readonly settled: number }
): ReadonlyMap<string, number> => {
  const byUser = new Map<string, Array<FollowedPick>>()
  for (const pick of picks) {
    if (pick.profit === null || (pick.status !== "won" && pick.status !== "lost")) continue
    byUser.set(pick.userId, [...(byUser.get(pick.userId) ?? []), pick])
  }
  const below = new Map<string, number>()
  for (const [userId, settled] of byUser) {
    if (settled.length < options.settled) continue
    const last = [...settled].sort((a, b) => a.alertedAt - b.alertedAt).slice(-options.settled)
    const yieldPct = round2(last.reduce((sum, p) => sum + (p.profit ?? 0), 0) / last.length * 100)
    if (yieldPct < options.minYieldPct) below.set(userId, yieldPct)
  }
  return below
}
