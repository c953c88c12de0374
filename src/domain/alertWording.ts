// Words shared by the Discord embeds and the console text.
import type { MatchCard, PickCard } from "./alert.js"

const marketNames: Record<string, string> = { "1": "full time", "5": "both teams to score", "6": "first to score", "7": "MMA result" }
const winnerChoices: Record<string, string> = { "1": "home", X: "draw", "2": "away" }

export const pickLabel = (pick: PickCard): string => {
  const choice = pick.market === "1" ? winnerChoices[pick.pick] : undefined
  const market = pick.market === "1" ? "" : ` (${marketNames[pick.market] ?? `market ${pick.market}`})`
  return `${pick.pick}${choice === undefined ? "" : ` (${choice})`}${market}`
}

export const oddsText = (odds: number | null): string => (odds === null ? "no odds" : `@ ${odds.toFixed(2)}`)

export const signed = (n: number, digits: number): string => `${n > 0 ? "+" : n < 0 ? "−" : ""}${Math.abs(n).toFixed(digits)}`

export const profileUrl = (userId: string): string => `https://www.sofascore.com/user/profile/${encodeURIComponent(userId)}`

/** The match page, when the payload had every part of its address. */
export const matchUrl = (match: MatchCard): string | undefined =>
  match.sportSlug !== null && match.eventSlug !== null && match.customId !== null
    ? `https://www.sofascore.com/${encodeURIComponent(match.sportSlug)}/match/${encodeURIComponent(match.eventSlug)}/${
      encodeURIComponent(match.customId)
    }#id:${match.eventId}`
    : undefined
