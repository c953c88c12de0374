// The demo's day: the bundled fixtures, shifted so that their "now" is the demo's start, living
// through a simulated day: matches kick off and finish as the demo clock passes them, and a few new
// picks, a changed pick and odds moves arrive on schedule. Served by the shared fake Sofascore.
import {
  fixturePages,
  fixturesT0,
  fixtureUsers,
  predictionItem,
  shiftTimes,
  type WireItem,
  type WirePage
} from "../fakes/sofascoreFixtures.js"

const hourS = 3600
const { A, B, C } = fixtureUsers

/** What changes during the demo day, at seconds after its start. */
interface ScriptedChange {
  readonly afterS: number
  readonly user: string
  readonly apply: (page: WirePage, startS: number) => void
}

const newMatch = (eventId: number, home: string, away: string, kickOffS: number, vote: string, odds: number) =>
  predictionItem({ eventId, home, away, startAt: kickOffS * 1000, vote, odds, customId: "Demo" })

const withOdds = (page: WirePage, eventId: number, odds: string) => {
  const item = page.predictions.find((p) => p.eventId === eventId)
  if (item) item.odds = { decimalValue: odds }
}

const script: ReadonlyArray<ScriptedChange> = [
  { afterS: 1 * hourS, user: A, apply: (p) => withOdds(p, 13900102, "2.75") },
  {
    afterS: 2 * hourS,
    user: A,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900901, "Harbor City", "Glenrock Town", t + 9 * hourS, "1", 2.05))
  },
  {
    afterS: 4 * hourS,
    user: B,
    apply: (p) => {
      const item = p.predictions.find((i) => i.eventId === 13900205)
      if (item) item.vote = "2"
    }
  },
  {
    afterS: 6 * hourS,
    user: C,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900902, "Fairlea Rovers", "Quarry Lane", t + 14 * hourS, "X", 3.3))
  },
  { afterS: 9 * hourS, user: A, apply: (p) => withOdds(p, 13900901, "2.60") },
  {
    afterS: 13 * hourS,
    user: B,
    apply: (p, t) =>
      void p.predictions.unshift(newMatch(13900903, "Moorgate Hawks", "Ashford Lynx", t + 20 * hourS, "2", 2.4))
  }
]

/** Matches kick off and end as simulated time passes them (two hours a match). */
const liveStatus = (item: WireItem, nowS: number) => {
  if (item.status.type !== "notstarted") return
  if (nowS >= item.startDateTimestamp + 2 * hourS) item.status = { code: 100, description: "Ended", type: "finished" }
  else if (nowS >= item.startDateTimestamp) item.status = { code: 6, description: "1st half", type: "inprogress" }
}

/**
 * A predictions source for the fake Sofascore: the page of a fixture user as it stands at `now()`
 * (the demo clock, epoch ms); undefined for anyone else, who then gets what the fake holds.
 */
export const demoDay = (startAtMs: number, now: () => number) => {
  const startS = Math.floor(startAtMs / 1000)
  return (user: string, page: number): WirePage | undefined => {
    const base = fixturePages(user)[page]
    if (base === undefined) return undefined
    const copy = shiftTimes(base, startS - fixturesT0) as WirePage
    const nowS = Math.floor(now() / 1000)
    if (page === 0) {
      for (const change of script) {
        if (change.user === user && nowS - startS >= change.afterS) change.apply(copy, startS)
      }
    }
    for (const item of copy.predictions) liveStatus(item, nowS)
    return copy
  }
}
