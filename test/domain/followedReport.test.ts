import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { enforceDiscordLimits } from "../../src/domain/discordLimits.js"
import {
  followedLine,
  type FollowedPick,
  type FollowedReport,
  parseSince,
  renderReportTable,
  reportEmbed,
  reportJson,
  summarise
} from "../../src/domain/followedReport.js"
import { profitOf } from "../../src/domain/settlement.js"
import { expectWithinLimits, visibleTexts } from "../support/discordPayloadChecks.js"

const hour = 3_600_000
const day = 24 * hour
const now = Date.UTC(2026, 0, 15, 12)
const A = "65f1c0a2b3d4e5f60718293a"
const B = "66a0b1c2d3e4f5061728394b"
const C = "4471902"

let nextEvent = 13_900_000
const pick = (
  status: FollowedPick["status"],
  alertOdds: number | null,
  over: Partial<FollowedPick> = {}
): FollowedPick => ({
  userId: A,
  userName: "NorthernLights",
  eventId: nextEvent++,
  market: "1",
  pick: "1",
  alertOdds,
  closingOdds: null,
  startAt: now - day,
  alertedAt: now - 2 * day,
  status,
  profit: status === "pending" ? null : profitOf(status, alertOdds),
  ...over
})

/**
 * 3 won at 2.0, 2.5 and 1.8, 2 lost at 2.0 and 3.0, 1 void at 1.9, 1 won without odds:
 * profit 1 + 1.5 + 0.8 − 2 = 1.3 over 5 staked picks, yield 26 %; hit 4 / 6; odds 13.2 / 6 = 2.2;
 * CLV over the two with closing odds: (2.0 / 1.9 − 1) and (2.5 / 2.5 − 1) → 5.263… / 2 = 2.63 %.
 */
const northern: ReadonlyArray<FollowedPick> = [
  pick("won", 2.0, { closingOdds: 1.9 }),
  pick("won", 2.5, { closingOdds: 2.5 }),
  pick("won", 1.8),
  pick("lost", 2.0),
  pick("lost", 3.0),
  pick("void", 1.9),
  pick("won", null)
]

const northernSummary = {
  alerts: 7,
  won: 4,
  lost: 2,
  void: 1,
  pending: 0,
  unresolved: 0,
  hitRatePct: 66.67,
  profitUnits: 1.3,
  yieldPct: 26,
  avgOdds: 2.2,
  clvPct: 2.63
}

/** Two predictors and a third with nothing settled: B lost 2 (−2 u), C has one pending pick. */
const threePredictors = (): FollowedReport =>
  summarise([
    ...northern,
    pick("lost", 1.5, { userId: B, userName: "Brackenford Bets" }),
    pick("lost", 2.1, { userId: B, userName: "Brackenford Bets" }),
    pick("pending", 1.7, { userId: C, userName: "Oldtimer_77" })
  ], now)

describe("summarise", () => {
  it("adds up the hand-computed example: profit and yield over the picks with odds, hit over won and lost", () => {
    const report = summarise(northern, now)
    expect(report.overall).toEqual(northernSummary)
    expect(report.predictors).toEqual([{ id: A, name: "NorthernLights", ...northernSummary }])
  })

  it("counts a pick pending more than seven days after kick-off (or after its alert without one) as unresolved", () => {
    const { overall } = summarise([
      pick("pending", 2, { startAt: now - 7 * day }),
      pick("pending", 2, { startAt: now - 7 * day - 1 }),
      pick("pending", 2, { startAt: null, alertedAt: now - 8 * day }),
      pick("pending", 2, { startAt: null, alertedAt: now - day }),
      pick("pending", 2, { startAt: now + day })
    ], now)
    expect(overall).toMatchObject({ alerts: 5, pending: 3, unresolved: 2 })
  })

  it("has no ratios before anything is settled or has odds, and zero profit", () => {
    expect(summarise([], now)).toEqual({
      overall: {
        alerts: 0,
        won: 0,
        lost: 0,
        void: 0,
        pending: 0,
        unresolved: 0,
        hitRatePct: null,
        profitUnits: 0,
        yieldPct: null,
        avgOdds: null,
        clvPct: null
      },
      predictors: []
    })
    const noOdds = summarise([pick("won", null), pick("lost", null), pick("void", 2.0)], now).overall
    expect(noOdds).toMatchObject({ hitRatePct: 50, profitUnits: 0, yieldPct: null, avgOdds: 2 })
  })

  it("rounds ratios and units to two decimals, as numbers, and never to -0", () => {
    const { overall } = summarise([pick("won", 2.0), pick("lost", 2.0), pick("lost", 2.0)], now)
    expect(overall).toMatchObject({ hitRatePct: 33.33, profitUnits: -1, yieldPct: -33.33, avgOdds: 2 })
    // −0.1 − 0.2 + 0.3 is −5.6e-17 in floating point.
    const tiny = summarise([
      pick("won", 2, { profit: -0.1 }),
      pick("won", 2, { profit: -0.2 }),
      pick("won", 2, { profit: 0.3 })
    ], now)
    expect(Object.is(tiny.overall.profitUnits, 0)).toBe(true)
    expect(Object.is(tiny.overall.yieldPct, 0)).toBe(true)
  })

  it("sorts predictors by profit, highest first, ties by name, each named as in their latest alert", () => {
    const report = summarise([
      pick("won", 2.0, { userId: "z1", userName: "Zed" }),
      pick("won", 2.0, { userId: "a1", userName: "Old name", alertedAt: now - 3 * day }),
      pick("won", 2.0, { userId: "a1", userName: "Ann", alertedAt: now - day }),
      pick("lost", 2.0, { userId: "a1", userName: "Older name", alertedAt: now - 4 * day }),
      pick("won", 3.0, { userId: "m1", userName: "Mo" }),
      pick("lost", 2.0, { userId: "b1", userName: "Bea" })
    ], now)
    expect(report.predictors.map((p) => [p.name, p.profitUnits])).toEqual([
      ["Mo", 2],
      ["Ann", 1],
      ["Zed", 1],
      ["Bea", -1]
    ])
    expect(report.overall).toMatchObject({ alerts: 6, won: 4, lost: 2, profitUnits: 3 })
  })
})

describe("parseSince", () => {
  const since = (text: string) => Either.getOrThrow(parseSince(text, now))

  it("reads days and hours back from now, a date from 00:00 UTC, and all as no limit", () => {
    expect(since("7d")).toBe(now - 7 * day)
    expect(since("30d")).toBe(now - 30 * day)
    expect(since("365d")).toBe(now - 365 * day)
    expect(since("12h")).toBe(now - 12 * hour)
    expect(since(" 48H ")).toBe(now - 48 * hour)
    expect(since("2025-12-01")).toBe(Date.UTC(2025, 11, 1))
    expect(since("2024-02-29")).toBe(Date.UTC(2024, 1, 29))
    expect(since("all")).toBeNull()
    expect(since("ALL")).toBeNull()
  })

  it.each([
    "",
    "7",
    "d",
    "0d",
    "-7d",
    "1.5d",
    "7w",
    "7 d",
    "2025-02-30",
    "2025-13-01",
    "2025-1-1",
    "0099-01-01",
    "yesterday"
  ])(
    "refuses %j with a one-line message",
    (text) => {
      const parsed = parseSince(text, now)
      expect(Either.isLeft(parsed)).toBe(true)
      const message = Either.isLeft(parsed) ? parsed.left : ""
      expect(message).toContain("YYYY-MM-DD")
      expect(message).not.toContain("\n")
    }
  )

  it("keeps hostile input out of its message", () => {
    const parsed = parseSince(`7d\n\u001b[31m${"x".repeat(500)}`, now)
    const message = Either.isLeft(parsed) ? parsed.left : ""
    expect(message).not.toMatch(/[\n\u001b]/)
    expect(message.length).toBeLessThan(160)
  })
})

const ansi = /\u001b\[\d+m/g

// Terminal columns of the test's own strings: the CJK ideographs below take two each.
const columns = (line: string): number =>
  [...line.replace(ansi, "")].reduce((w, c) => w + (/[\u4e00-\u9fff]/.test(c) ? 2 : 1), 0)

describe("renderReportTable", () => {
  it("shows a row per predictor, a rule and the overall row, in aligned columns", () => {
    const table = renderReportTable(threePredictors(), { color: false, since: Date.UTC(2025, 11, 16) })
    expect(table).toBe(
      [
        "Followed picks, since 2025-12-16",
        "",
        "Predictor         Alerts  Won  Lost  Void  Pending  Unres.  Hit %  Profit u  Yield %  Avg odds  CLV %",
        "NorthernLights         7    4     2     1        0       0   66.7     +1.30    +26.0      2.20   +2.6",
        "Oldtimer_77            1    0     0     0        1       0      –      0.00        –      1.70      –",
        "Brackenford Bets       2    0     2     0        0       0    0.0     -2.00   -100.0      1.80      –",
        "-----------------------------------------------------------------------------------------------------",
        "Overall               10    4     4     1        1       0   50.0     -0.70    -10.0      2.06   +2.6"
      ].join("\n")
    )
  })

  it("colours profit and yield by their sign only when asked, without moving a column", () => {
    const report = threePredictors()
    const plain = renderReportTable(report, { color: false, since: null })
    const coloured = renderReportTable(report, { color: true, since: null })
    expect(plain).not.toContain("\u001b")
    expect(coloured.replace(ansi, "")).toBe(plain)
    const rows = coloured.split("\n")
    expect(rows[3]).toContain("\u001b[32m+1.30\u001b[39m")
    expect(rows[3]).toContain("\u001b[32m+26.0\u001b[39m")
    expect(rows[5]).toContain("\u001b[31m-2.00\u001b[39m")
    expect(rows[5]).toContain("\u001b[31m-100.0\u001b[39m")
    // Zero profit and a null yield stay uncoloured.
    expect(rows[4]).not.toContain("\u001b")
    expect(rows[0]).toBe("Followed picks, all time")
  })

  it("sanitises names and cuts long and wide ones so every row keeps its columns", () => {
    const report = summarise([
      pick("won", 2.0, { userId: "1", userName: "中文名字".repeat(5) }),
      pick("won", 2.0, { userId: "2", userName: `Evil\n\u001b[31mRed\u202eTxet\u200b` }),
      pick("won", 2.0, { userId: "3", userName: "x".repeat(10_000) }),
      pick("won", 2.0, { userId: "4", userName: " \u200b " })
    ], now)
    const table = renderReportTable(report, { color: false, since: null })
    const rows = table.split("\n").slice(2)
    expect(new Set(rows.map(columns)).size).toBe(1)
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e\u200b]/)
    // The escape character goes, its harmless remainder shows as text; the override goes too.
    expect(table).toContain("Evil [31mRedTxet ")
    expect(table).toContain(`${"中文名字".repeat(2)}中文名…`)
    expect(table).toContain(`${"x".repeat(23)}…`)
    expect(rows.some((row) => row.startsWith("?  "))).toBe(true)
  })

  it("says so when there is nothing in the period", () => {
    const table = renderReportTable(summarise([], now), { color: true, since: now - 30 * day })
    expect(table).toContain("(no alerted picks in this period)")
    expect(table.split("\n").at(-1)).toMatch(/^Overall\s+0\s+0\s+0\s+0\s+0\s+0\s+–\s+0\.00\s+–\s+–\s+–$/)
  })
})

describe("reportJson", () => {
  it("has exactly the documented shape, in its order, without the hit rate", () => {
    const json = reportJson(summarise(northern, now), now - 7 * day)
    const { hitRatePct: _hit, ...fields } = northernSummary
    expect(json).toEqual({
      since: "2026-01-08T12:00:00.000Z",
      overall: fields,
      predictors: [{ id: A, name: "NorthernLights", ...fields }]
    })
    const keys = [
      "alerts",
      "won",
      "lost",
      "void",
      "pending",
      "unresolved",
      "profitUnits",
      "yieldPct",
      "avgOdds",
      "clvPct"
    ]
    expect(Object.keys(json)).toEqual(["since", "overall", "predictors"])
    expect(Object.keys(json.overall)).toEqual(keys)
    expect(Object.keys(json.predictors[0]!)).toEqual(["id", "name", ...keys])
  })

  it("writes null for all time and for ratios that do not exist, and plain numbers otherwise", () => {
    const text = JSON.stringify(reportJson(summarise([pick("pending", null)], now), null))
    expect(JSON.parse(text)).toMatchObject({
      since: null,
      overall: { alerts: 1, pending: 1, profitUnits: 0, yieldPct: null, avgOdds: null, clvPct: null }
    })
  })
})

const payloadOf = (embed: ReturnType<typeof reportEmbed>) => ({
  embeds: [embed],
  allowed_mentions: { parse: [] } as { parse: [] }
})

describe("reportEmbed", () => {
  it("gives the period's record, its best and its worst predictor among those with a settled pick", () => {
    const embed = reportEmbed(threePredictors(), { since: now - 7 * day, now })
    expect(embed.title).toBe("📊 Followed picks, last 7 days")
    expect(embed.description).toBe(
      "**9 settled · -0.70u · yield -10.0% · hit 50% · CLV +2.6%**\n4 won · 4 lost · 1 void · 1 pending"
    )
    expect(embed.fields).toEqual([
      {
        name: "🏆 Best",
        value: `**[NorthernLights](https://www.sofascore.com/user/profile/${A})**\n` +
          "7 settled · +1.30u · yield +26.0% · hit 66.7% · CLV +2.6%"
      },
      {
        name: "🔻 Worst",
        value: `**[Brackenford Bets](https://www.sofascore.com/user/profile/${B})**\n` +
          "2 settled · -2.00u · yield -100.0% · hit 0%"
      }
    ])
    expect(embed.timestamp).toBe("2026-01-15T12:00:00.000Z")
    expect(embed.footer?.text).toBe("3 predictors · 10 alerts · flat one-unit stakes")
  })

  it.each([
    [now - 30 * day, "last 30 days"],
    [now - 12 * hour, "last 12 hours"],
    [now - day, "last 24 hours"],
    [now - 36 * hour, "last 36 hours"],
    [now - 72 * hour, "last 3 days"],
    [now - 100 * hour, "since 2026-01-11 08:00 UTC"],
    [Date.UTC(2025, 11, 1), "since 2025-12-01"],
    [Date.UTC(2025, 11, 1, 14, 30), "since 2025-12-01 14:30 UTC"],
    [null, "all time"]
  ])("titles the period starting %s as %s", (since, label) => {
    expect(reportEmbed(threePredictors(), { since, now }).title).toBe(`📊 Followed picks, ${label}`)
  })

  it("names one predictor only once, and none before anything settles", () => {
    expect(reportEmbed(summarise(northern, now), { since: null, now }).fields?.map((f) => f.name)).toEqual(["🏆 Best"])
    const nothing = reportEmbed(summarise([pick("pending", 2)], now), { since: null, now })
    expect(nothing.fields).toEqual([])
    expect(nothing.description).toBe("**0 settled**\n0 won · 0 lost · 0 void · 1 pending")
    expect(reportEmbed(summarise([], now), { since: null, now }).description).toBe("No alerted picks in this period.")
  })

  it("escapes names as the alerts do and stays within Discord's limits as it is", () => {
    const hostile = `**@everyone** [click](https://evil.example) ${"<@&1>".repeat(3_000)}`
    const report = summarise([
      pick("won", 2.0, { userId: "1", userName: hostile }),
      pick("lost", 2.0, { userId: "2", userName: `_${"x".repeat(10_000)}_` })
    ], now)
    const embed = reportEmbed(report, { since: now - 7 * day, now })
    const payload = payloadOf(embed)
    expect(enforceDiscordLimits(payload)).toEqual(payload)
    expectWithinLimits(payload)
    for (const text of visibleTexts(payload)) {
      expect(text).not.toContain("@everyone")
      expect(text).not.toContain("https://evil")
    }
    expect(embed.fields?.[0]?.value).toContain("\\*\\*@\u200beveryone\\*\\*")
  })
})

describe("followedLine", () => {
  it("shows the record of settled picks, profit and yield when any had odds", () => {
    expect(followedLine(summarise(northern, now).overall)).toBe("followed here: 7 settled, +1.30u, yield +26.0%")
    expect(followedLine(summarise([pick("void", 2.0), pick("won", null)], now).overall)).toBe(
      "followed here: 2 settled"
    )
  })

  it("is nothing while nothing is settled", () => {
    expect(followedLine(summarise([], now).overall)).toBeUndefined()
    expect(followedLine(summarise([pick("pending", 2.0), pick("pending", null, { startAt: 0 })], now).overall))
      .toBeUndefined()
  })
})
