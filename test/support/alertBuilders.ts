// Hand-built alerts for the rendering tests: one predictor, one match, one pick, each overridable.
import type { LineMovementAlert, MatchCard, NewBetsAlert, PickCard, PredictorCard } from "../../src/domain/alert.js"

export const predictor = (overrides: Partial<PredictorCard> = {}): PredictorCard => ({
  id: "65f1c0a2b3d4e5f60718293a",
  name: "NorthernLights",
  allTimeYieldPct: 12.8,
  currentYieldPct: 4.13,
  profitUnits: 52.764,
  hitRatePct: 50,
  totalPredictions: 120,
  ...overrides
})

export const match = (overrides: Partial<MatchCard> = {}): MatchCard => ({
  eventId: 13900301,
  homeTeam: "Northbridge FC",
  awayTeam: "Harbor City",
  sportSlug: "football",
  eventSlug: "northbridge-fc-harbor-city",
  customId: "mTfR",
  startAt: Date.UTC(2026, 0, 1, 2, 0),
  ...overrides
})

export const pick = (overrides: Partial<PickCard> = {}): PickCard => ({
  market: "1",
  pick: "1",
  odds: 1.8,
  ...overrides
})

export const newBets = (
  overrides: { predictor?: Partial<PredictorCard>; match?: Partial<MatchCard>; picks?: ReadonlyArray<PickCard> } = {}
): NewBetsAlert => ({
  _tag: "NewBets",
  predictor: predictor(overrides.predictor),
  match: match(overrides.match),
  picks: overrides.picks ?? [pick()],
  detectedAt: Date.UTC(2025, 11, 31, 20, 15, 30)
})

export const lineMovement = (
  fromOdds: number,
  toOdds: number,
  changePct: number,
  pickOverrides: Partial<PickCard> = {}
): LineMovementAlert => ({
  _tag: "LineMovement",
  predictor: predictor(),
  match: match(),
  pick: pick({ odds: toOdds, ...pickOverrides }),
  fromOdds,
  toOdds,
  changePct,
  detectedAt: Date.UTC(2025, 11, 31, 21, 0)
})
