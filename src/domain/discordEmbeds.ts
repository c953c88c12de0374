// One alert becomes one webhook message with one embed, cut to Discord's limits (discordLimits.ts)
// before it is returned.
import type { Alert, DigestAlert, LineMovementAlert, MatchCard, NewBetsAlert, PredictorCard } from "./alert.js"
import {
  formatChangePct,
  formatCount,
  formatLondonTime,
  formatOdds,
  formatPct,
  formatUnits,
  isoTime,
  lateNote,
  type LineDirection,
  lineDirection,
  matchUrl,
  pickCap,
  pickLabel,
  pickWithOdds,
  profileUrl
} from "./alertText.js"
import {
  type DiscordEmbed,
  type DiscordEmbedField,
  discordLimits,
  type DiscordWebhookPayload,
  enforceDiscordLimits,
  foldFields,
  moreField
} from "./discordLimits.js"
import { md, truncate } from "./discordMarkdown.js"
import { reportEmbed } from "./followedReport.js"

const colours = {
  newBets: 0x374df5,
  shortened: 0x2ecc71,
  drifted: 0xe74c3c,
  unchanged: 0x95a5a6,
  digest: 0x8e44ad
} as const

const showPickText = (text: string): string => md(text, pickCap)

const tipsterField = (p: PredictorCard): DiscordEmbedField => ({
  name: "Tipster",
  value: [
    `**[${md(p.name)}](${profileUrl(p.id)})**`,
    `Yield **${formatPct(p.allTimeYieldPct)}** all-time · ${formatPct(p.currentYieldPct)} current`,
    `Profit **${formatUnits(p.profitUnits)}** · hit rate ${formatPct(p.hitRatePct)} · ${
      formatCount(p.totalPredictions)
    } predictions`
  ].join("\n")
})

const teams = (m: MatchCard): string => `${md(m.homeTeam)} vs ${md(m.awayTeam)}`

const kickOff = (m: MatchCard): string =>
  `Kick-off **${formatLondonTime(m.startAt)}**${m.sportSlug ? ` · ${md(m.sportSlug)}` : ""}`

/** Title, link, kick-off, footer and time, common to both kinds of match alert. */
const matchEmbed = (alert: NewBetsAlert | LineMovementAlert, title: string, color: number): DiscordEmbed => {
  const url = matchUrl(alert.match)
  const timestamp = isoTime(alert.detectedAt)
  return {
    title,
    ...(url === null ? {} : { url }),
    description: kickOff(alert.match),
    color,
    footer: { text: `Sofascore event ${alert.match.eventId}` },
    ...(timestamp === null ? {} : { timestamp })
  }
}

const newBetsEmbed = (alert: NewBetsAlert, now: number): DiscordEmbed => {
  const count = alert.picks.length
  const title = count > 1
    ? `🎯 ${count} new predictions: ${teams(alert.match)}`
    : `🎯 New prediction: ${teams(alert.match)}`
  const picks = alert.picks.map((pick, i): DiscordEmbedField => ({
    name: count === 1 ? "Pick" : `Pick ${i + 1}`,
    value: pickWithOdds(pick, showPickText),
    inline: true
  }))
  const tipster = tipsterField(alert.predictor)
  const fields = [
    alert.followed === undefined ? tipster : { ...tipster, value: `${tipster.value}\n${alert.followed}` },
    ...picks
  ]
  const folded = fields.length > discordLimits.fields
    ? [
      ...foldFields(fields, discordLimits.fields - 1).slice(0, -1),
      moreField(
        fields.length - (discordLimits.fields - 1),
        `All picks on the [profile](${profileUrl(alert.predictor.id)})`
      )
    ]
    : fields
  const embed = matchEmbed(alert, title, colours.newBets)
  const late = lateNote(alert.match, now)
  return {
    ...embed,
    ...(late === undefined
      ? {}
      : { description: `⏰ **${late[0]!.toUpperCase()}${late.slice(1)}**\n${embed.description}` }),
    fields: folded
  }
}

const directionTitle: Readonly<Record<LineDirection, string>> = {
  shortened: "📉 Odds shortened",
  drifted: "📈 Odds drifted",
  unchanged: "↔️ Odds unchanged"
}

const lineMovementEmbed = (alert: LineMovementAlert): DiscordEmbed => {
  const direction = lineDirection(alert)
  return {
    ...matchEmbed(alert, `${directionTitle[direction]}: ${teams(alert.match)}`, colours[direction]),
    fields: [
      tipsterField(alert.predictor),
      { name: "Pick", value: pickLabel(alert.pick, showPickText), inline: true },
      { name: "Odds", value: `${formatOdds(alert.fromOdds)} → ${formatOdds(alert.toOdds)}`, inline: true },
      { name: "Change", value: `${formatChangePct(alert.changePct)} (${direction})`, inline: true }
    ]
  }
}

/** One digest line: the match with its link, the kick-off in London time, and pick @ odds. */
const digestLine = ({ match, pick }: DigestAlert["picks"][number], now: number): string => {
  const url = matchUrl(match)
  const late = lateNote(match, now)
  return `${url === null ? teams(match) : `[${teams(match)}](${url})`} · ${formatLondonTime(match.startAt)} · ${
    pickWithOdds(pick, showPickText)
  }${late === undefined ? "" : ` (${late})`}`
}

/** As many embeds as Discord's limit on a description needs, each titled with the predictor. */
const digestEmbeds = (alert: DigestAlert, now: number): Array<DiscordEmbed> => {
  const p = alert.predictor
  const lead = `Yield **${formatPct(p.allTimeYieldPct)}** all-time · profit **${
    formatUnits(p.profitUnits)
  }** · hit rate ${formatPct(p.hitRatePct)}`
  const chunks: Array<Array<string>> = [[lead]]
  let length = lead.length
  for (const pick of alert.picks) {
    const line = truncate(digestLine(pick, now), discordLimits.description)
    if (length + 1 + line.length > discordLimits.description) {
      chunks.push([])
      length = -1
    }
    chunks.at(-1)!.push(line)
    length += 1 + line.length
  }
  const timestamp = isoTime(alert.detectedAt)
  return chunks.map((lines, i) => ({
    title: `📋 ${md(p.name)}: ${alert.picks.length} open pick${
      alert.picks.length === 1 ? "" : "s"
    } when monitoring began${chunks.length > 1 ? ` (${i + 1}/${chunks.length})` : ""}`,
    url: profileUrl(p.id),
    description: lines.join("\n"),
    color: colours.digest,
    ...(timestamp === null ? {} : { timestamp })
  }))
}

/** The embeds of one alert, each within its own limits; `now` is when it is sent, for the late note. */
export const alertEmbeds = (alert: Alert, now: number = alert.detectedAt): Array<DiscordEmbed> =>
  alert._tag === "NewBets"
    ? [newBetsEmbed(alert, now)]
    : alert._tag === "LineMovement"
    ? [lineMovementEmbed(alert)]
    : alert._tag === "Digest"
    ? digestEmbeds(alert, now)
    : [reportEmbed({ overall: alert.overall, predictors: [...alert.predictors] }, { since: alert.since, now })]

/** One webhook message for one alert. */
export const renderAlert = (alert: Alert, now?: number): DiscordWebhookPayload =>
  enforceDiscordLimits({ embeds: alertEmbeds(alert, now), allowed_mentions: { parse: [] } })
