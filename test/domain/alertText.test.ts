import { describe, expect, it } from "vitest"
import { renderAlertText } from "../../src/domain/alertText.js"
import { lineMovement, newBets, pick } from "../support/alertBuilders.js"

const matchLink = "https://www.sofascore.com/football/match/northbridge-fc-harbor-city/mTfR#id:13900301"
const profileLink = "https://www.sofascore.com/user/profile/65f1c0a2b3d4e5f60718293a"

describe("renderAlertText", () => {
  it("renders a new bet", () => {
    expect(renderAlertText(newBets())).toBe([
      "NEW BET  NorthernLights (yield 12.8%, +52.76u, hit 50%)",
      "  Northbridge FC vs Harbor City — football — kick-off Thu 1 Jan 02:00 GMT",
      "  pick 1 (home) @ 1.80",
      `  ${matchLink}`,
      `  ${profileLink}`
    ].join("\n"))
  })

  it("lists several picks, with and without odds", () => {
    const text = renderAlertText(newBets({
      picks: [
        pick({ pick: "X", odds: 3.4 }),
        pick({ pick: "2", odds: null }),
        pick({ market: "5", pick: "yes", odds: 1.75 })
      ]
    }))
    expect(text.split("\n").slice(0, 5)).toEqual([
      "NEW BETS (3)  NorthernLights (yield 12.8%, +52.76u, hit 50%)",
      "  Northbridge FC vs Harbor City — football — kick-off Thu 1 Jan 02:00 GMT",
      "  pick X (draw) @ 3.40",
      "  pick 2 (away), no odds",
      "  pick BTTS: yes @ 1.75"
    ])
  })

  it("shows summer kick-offs in BST", () => {
    expect(renderAlertText(newBets({ match: { startAt: Date.UTC(2026, 6, 2, 18, 45) } }))).toContain(
      "kick-off Thu 2 Jul 19:45 BST"
    )
  })

  it("leaves out the match link, and the sport, when Sofascore did not give them", () => {
    const text = renderAlertText(newBets({ match: { sportSlug: null } }))
    expect(text).not.toContain("/match/")
    expect(text).toContain("  Northbridge FC vs Harbor City — kick-off Thu 1 Jan 02:00 GMT")
    expect(text.split("\n").at(-1)).toBe(`  ${profileLink}`)
  })

  it("signs a loss", () => {
    expect(renderAlertText(newBets({ predictor: { profitUnits: -3.1, allTimeYieldPct: -2.45 } }))).toContain(
      "(yield -2.5%, -3.10u, hit 50%)"
    )
  })

  it("renders a line move with its direction and change", () => {
    expect(renderAlertText(lineMovement(3.4, 3.1, -8.8235, { pick: "X" }))).toBe([
      "LINE MOVE  NorthernLights (yield 12.8%, +52.76u, hit 50%)",
      "  Northbridge FC vs Harbor City — football — kick-off Thu 1 Jan 02:00 GMT",
      "  pick X (draw): 3.40 → 3.10 (-8.8%, shortened)",
      `  ${matchLink}`,
      `  ${profileLink}`
    ].join("\n"))
    expect(renderAlertText(lineMovement(2, 2.25, 12.5, { pick: "X" }))).toContain(
      "pick X (draw): 2.00 → 2.25 (+12.5%, drifted)"
    )
  })

  it("strips control characters and bidi overrides and keeps each name on one line", () => {
    const text = renderAlertText(newBets({
      predictor: { name: "Evil\u202Egnp.exe\u001b[2J\u0007\r\nline two" },
      match: { homeTeam: "Home\u2066\u200f", awayTeam: "Away\u009b" }
    }))
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/)
    expect(text.split("\n")).toHaveLength(5)
    expect(text).toContain("NEW BET  Evilgnp.exe[2J line two (yield")
    expect(text).toContain("  Home vs Away — football")
  })

  it("caps each name at 100 characters", () => {
    const text = renderAlertText(
      newBets({ predictor: { name: "A".repeat(10_000) }, match: { homeTeam: "B".repeat(500) } })
    )
    expect(text).toContain(`NEW BET  ${"A".repeat(99)}… (yield`)
    expect(text).toContain(`  ${"B".repeat(99)}… vs Harbor City`)
    expect(text.length).toBeLessThan(600)
  })
})
