// Results over simulated days: every alerted pick followed to its settlement (won, lost, void, a
// postponement played or canceled later), the closing odds after a late move, settled picks read
// past the third page, the report's numbers, and the weekly report posted once across a restart and
// a Discord outage.
import { expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as NodePath from "node:path"
import { describe } from "vitest"
import { reportJson, summarise } from "../../src/domain/followedReport.js"
import { openDatabase } from "../../src/layers/SqliteDatabase.js"
import { makeStorage } from "../../src/layers/SqliteStorage.js"
import { hour, minute, predictionItem, rankingRow, simulate, simUser, type Timeline } from "../support/simulation.js"
import { tempDir } from "../support/tempDir.js"

const T = Date.UTC(2026, 11, 1, 10) // Tuesday 10:00 London
const tipster = simUser(1)

const followed = (dbPath: string) =>
  Effect.scoped(Effect.gen(function*() {
    const { sql } = yield* openDatabase(dbPath)
    return yield* makeStorage(sql, dbPath).followedPicks({ since: null })
  }))

type Item = ReturnType<typeof predictionItem> & { correct?: unknown }

/** One match's life: its kick-off and status as time passes, and the result once it is over. */
const item = (
  eventId: number,
  odds: number | null,
  life: (now: number) => { startAt: number; status: string; correct?: unknown; odds?: number | null }
) =>
(now: number): Item => {
  const state = life(now)
  const wire: Item = predictionItem({ eventId, startAt: state.startAt, status: state.status, odds: state.odds ?? odds })
  return state.correct === undefined ? wire : { ...wire, correct: state.correct }
}

const played = (kickOff: number, correct: unknown) => (now: number) =>
  now >= kickOff + 2 * hour
    ? { startAt: kickOff, status: "finished", correct }
    : { startAt: kickOff, status: now >= kickOff ? "inprogress" : "notstarted" }

describe("results", () => {
  it.effect("settles every alerted pick and reports what following it returned", () =>
    Effect.gen(function*() {
      const matches = [
        item(1, 2.0, played(T + 2 * hour, 1)), // won: +1.00
        item(2, 1.8, played(T + 3 * hour, "0")), // lost: −1
        item(3, 3.0, (now) => ({ startAt: T + 4 * hour, status: now >= T + 3 * hour ? "canceled" : "notstarted" })), // void
        // Postponed, moved to two days later, then played: won at the odds of the alert, +1.50.
        item(4, 2.5, (now) =>
          now < T + 4 * hour
            ? { startAt: T + 5 * hour, status: "notstarted" }
            : now < T + 30 * hour
            ? { startAt: T + 5 * hour, status: "postponed" }
            : played(T + 50 * hour, "1")(now)),
        // Postponed, then canceled: void.
        item(5, 2.2, (now) => ({
          startAt: T + 6 * hour,
          status: now < T + 4 * hour ? "notstarted" : now < T + 40 * hour ? "postponed" : "canceled"
        })),
        // The odds move late, from 2.00 to 2.60, before a loss: the closing odds are 2.60.
        item(6, 2.0, (now) => ({ ...played(T + 7 * hour, 0)(now), odds: now >= T + 6 * hour ? 2.6 : 2.0 })),
        // Without odds: won, tracked, left out of profit.
        item(7, null, played(T + 8 * hour, 1)),
        // No result on the wire: it stays pending.
        item(8, 1.9, played(T + 9 * hour, -1))
      ]
      const timeline: Timeline = {
        ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
        predictions: (_user, page, now) => page > 0 ? undefined : { json: { predictions: matches.map((m) => m(now)) } }
      }
      const dbPath = NodePath.join(tempDir(), "results.db")
      const result = yield* simulate({ timeline, from: T, to: T + 60 * hour, seed: 13, env: { DB_PATH: dbPath } })
      expect(result.logs.some((l) => /Settled \d+ followed picks/.test(l.message))).toBe(true)

      const picks = yield* followed(dbPath)
      expect(picks.map((p) => [p.eventId, p.status, p.profit])).toEqual([
        [1, "won", 1],
        [2, "lost", -1],
        [3, "void", 0],
        [4, "won", 1.5],
        [5, "void", 0],
        [6, "lost", -1],
        [7, "won", null],
        [8, "pending", null]
      ])
      expect(picks.find((p) => p.eventId === 6)).toMatchObject({ alertOdds: 2, closingOdds: 2.6 })
      expect(picks.find((p) => p.eventId === 4)!.startAt).toBe(T + 50 * hour)

      const json = reportJson(summarise(picks, T + 60 * hour), null)
      const expected = {
        alerts: 8,
        won: 3,
        lost: 2,
        void: 2,
        pending: 1,
        unresolved: 0,
        profitUnits: 0.5,
        yieldPct: 12.5,
        avgOdds: 2.2, // (2.0 + 1.8 + 3.0 + 2.5 + 2.2 + 2.0 + 1.9) / 7
        clvPct: -3.3 // (2.00 / 2.60 − 1) / 7 picks with both
      }
      expect(json.overall).toEqual(expected)
      expect(json.predictors).toEqual([{ id: tipster, name: "Tipster", ...expected }])
      expect(json.since).toBeNull()
    }), 60_000)

  it.effect(
    "reads past the third page for a followed pick that slid off, at most hourly",
    () =>
      Effect.gen(function*() {
        const kickOff = T + 2 * hour
        const filler = (page: number) =>
          Array.from(
            { length: 10 },
            (_, i) => predictionItem({ eventId: 1000 + page * 10 + i, startAt: T - 48 * hour, status: "finished" })
          )
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
          predictions: (_user, page, now) => {
            const ours = {
              ...predictionItem({ eventId: 1, startAt: kickOff, status: played(kickOff, 1)(now).status, odds: 2 }),
              ...(now >= kickOff + 2 * hour ? { correct: 1 } : {})
            }
            // At first on page 0; from an hour after kick-off, busy days push it to page 4.
            const slid = now >= kickOff + hour
            const pages = slid ? [filler(0), filler(1), filler(2), filler(3), [ours]] : [[ours], filler(1)]
            const items = pages[page]
            return items === undefined
              ? undefined
              : { json: { predictions: items, hasNextPage: page < pages.length - 1 } }
          }
        }
        const dbPath = NodePath.join(tempDir(), "deep.db")
        const result = yield* simulate({ timeline, from: T, to: T + 12 * hour, seed: 21, env: { DB_PATH: dbPath } })
        const picks = yield* followed(dbPath)
        expect(picks.map((p) => [p.eventId, p.status, p.profit])).toEqual([[1, "won", 1]])
        // Pages past the third were asked for only once the pick had kicked off more than 3 hours
        // before, and never twice within an hour.
        const deep = result.requests.filter((r) => /page=[3-9]/.test(r.path)).map((r) => r.at)
        expect(deep.length).toBeGreaterThan(0)
        expect(deep[0]!).toBeGreaterThanOrEqual(kickOff + 3 * hour)
        const rounds = deep.filter((t, i) => i === 0 || t - deep[i - 1]! > minute)
        for (let i = 1; i < rounds.length; i++) expect(rounds[i]! - rounds[i - 1]!).toBeGreaterThanOrEqual(hour)
        // Settled at the first deep read: no more after that.
        expect(rounds).toHaveLength(1)
      }),
    60_000
  )

  it.effect(
    "posts the weekly report once a week, at Monday 09:00 London, across a restart and a Discord outage",
    () =>
      Effect.gen(function*() {
        const sunday = Date.UTC(2026, 10, 29, 10) // Sunday 29 November 2026, 10:00 GMT
        const monday = Date.UTC(2026, 10, 30, 9)
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster")] } }),
          predictions: (_user, page) =>
            page > 0
              ? undefined
              : { json: { predictions: [predictionItem({ eventId: 1, startAt: sunday + 2 * hour })] } }
        }
        const dbPath = NodePath.join(tempDir(), "weekly.db")
        const env = { DB_PATH: dbPath, REPORT_SCHEDULE: "weekly" }
        const outage = [[monday - hour, monday + 2 * hour]] as const
        // Stopped on Monday at 10:00, while Discord is down: the report is queued, not sent.
        const before = yield* simulate({
          timeline,
          from: sunday,
          to: monday + hour,
          seed: 3,
          env,
          discordOutages: outage
        })
        expect(before.alerts.filter((a) => a.alert._tag === "Report")).toEqual([])
        // Started again: the report goes out once Discord is back, and only once.
        const after = yield* simulate({
          timeline,
          from: monday + hour,
          to: monday + 8 * 24 * hour,
          seed: 4,
          env,
          discordOutages: outage
        })
        const reports = after.alerts.filter((a) => a.alert._tag === "Report")
        expect(reports.map((r) => r.at >= monday + 2 * hour && r.at < monday + 2 * hour + 20 * minute)).toEqual([
          true,
          false
        ])
        // The next Monday's.
        const nextMonday = monday + 7 * 24 * hour
        expect(reports[1]!.at).toBeGreaterThanOrEqual(nextMonday)
        expect(reports[1]!.at).toBeLessThan(nextMonday + 20 * minute)
        const first = reports[0]!.alert
        expect(first._tag === "Report" && first.since).toBe(monday - 7 * 24 * hour)
      }),
    120_000
  )

  it.effect(
    "with MIN_FOLLOWED_YIELD, stops watching a predictor whose followed picks stopped paying, and says so",
    () =>
      Effect.gen(function*() {
        const loser = simUser(2)
        const timeline: Timeline = {
          ranking: () => ({ json: { ranking: [rankingRow(tipster, "Tipster"), rankingRow(loser, "Loser")] } }),
          predictions: (user, page, now) => {
            if (page > 0) return undefined
            const base = user === loser ? 10 : 20
            const items = [
              item(base + 1, 2.0, played(T + 2 * hour, 0))(now),
              item(base + 2, 2.0, played(T + 3 * hour, user === loser ? 0 : 1))(now)
            ]
            // A new pick later on: the record as followed here comes with it.
            if (now >= T + 7 * hour) items.push(predictionItem({ eventId: base + 3, startAt: T + 12 * hour }))
            return { json: { predictions: items } }
          }
        }
        const env = { MIN_FOLLOWED_YIELD: "0", MIN_FOLLOWED_SETTLED: "2" }
        const result = yield* simulate({ timeline, from: T, to: T + 10 * hour, seed: 8, env })
        const dropped = result.logs.filter((l) => l.message.startsWith("Loser is no longer watched"))
        expect(dropped.map((l) => l.message)).toEqual([
          "Loser is no longer watched: followed yield -100% over the last 2 settled picks, below MIN_FOLLOWED_YIELD=0"
        ])
        // After the rediscovery that dropped them, nobody asks for Loser's predictions.
        const loserRequests = result.requests.filter((r) => r.path.includes(loser)).map((r) => r.at)
        expect(loserRequests.every((t) => t <= dropped[0]!.at)).toBe(true)
        // Tipster (one won, one lost: yield 0 %) stays, and their new pick carries their record.
        const late = result.alerts.find((a) => a.alert._tag === "NewBets" && a.alert.match.eventId === 23)
        expect(late?.alert._tag === "NewBets" && late.alert.followed).toBe(
          "followed here: 2 settled, 0.00u, yield 0.0%"
        )
      }),
    60_000
  )
})
