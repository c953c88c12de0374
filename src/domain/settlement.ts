// How an alerted pick ends: won, lost, void, or not known yet, decided from what Sofascore says about
// the match and the pick. Only a finished match settles a bet; a match that will not be played voids
// it; everything else, unknown states included, waits.
import { sanitizeText, truncate } from "./discordMarkdown.js"
import type { Match, PickResult } from "./model.js"

export type Settlement =
  | { readonly _tag: "Pending" }
  | { readonly _tag: "Won" }
  | { readonly _tag: "Lost" }
  | { readonly _tag: "Void"; readonly reason: string }

/** A settled pick's status as stored and reported. */
export type PickStatus = "pending" | "won" | "lost" | "void"

const pending: Settlement = { _tag: "Pending" }
const won: Settlement = { _tag: "Won" }
const lost: Settlement = { _tag: "Lost" }

// The app has no "abandoned" type: such a match surfaces as interrupted or suspended (or so) with
// another description (CONTRACT.md §3, Status).
const notPlayed = /abandon|removed|cancel/i

/** The description as a reason: it comes off the wire, so it is made one short plain line. */
const reasonOf = (description: string, fallback: string): string => {
  const text = truncate(sanitizeText(description).trim().toLowerCase(), 60)
  return text === "" ? fallback : text
}

/**
 * The outcome of one pick. On a finished match Sofascore's verdict decides, else the chosen odds'
 * `winning` flag when it says won (it defaults to false, so false proves nothing); a finished match
 * with neither stays pending, for the caller to log and look at again.
 */
export const settle = (
  match: Match,
  result: PickResult | undefined,
  oddsWinning: boolean | undefined
): Settlement => {
  if (match.statusType === "finished") {
    if (result === "correct") return won
    if (result === "wrong") return lost
    if (oddsWinning === true) return won
  }
  if (match.statusType === "canceled") return { _tag: "Void", reason: reasonOf(match.statusDescription, "canceled") }
  if (notPlayed.test(match.statusDescription)) {
    return { _tag: "Void", reason: reasonOf(match.statusDescription, match.statusType) }
  }
  return pending
}

export const statusOf = (settlement: Settlement): PickStatus =>
  settlement._tag === "Won"
    ? "won"
    : settlement._tag === "Lost"
    ? "lost"
    : settlement._tag === "Void"
    ? "void"
    : "pending"

/**
 * Profit in units at a flat one-unit stake; null without odds, so a pick voted without odds is
 * tracked but left out of profit. Rounded to cents: odds carry two decimals and 2.2 − 1 should be 1.2.
 */
export const profitOf = (status: "won" | "lost" | "void", odds: number | null): number | null => {
  if (odds === null) return null
  const profit = status === "won" ? odds - 1 : status === "lost" ? -1 : 0
  return Math.round(profit * 100) / 100
}

/** A pick still pending this long after kick-off is reported as unresolved rather than pending. */
export const unresolvedAfterMs = 7 * 24 * 3_600_000

/** Whether a pending pick has waited too long; without a kick-off time, from when it was alerted. */
export const isUnresolved = (startAt: number | null, alertedAt: number, now: number): boolean =>
  now - (startAt ?? alertedAt) > unresolvedAfterMs
