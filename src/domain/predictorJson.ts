// The watched predictors are kept in the database between runs, so a restart while Sofascore's
// leaderboard is unreachable still polls the last known set.
import * as Schema from "effect/Schema"

const Stats = Schema.Struct({
  total: Schema.Number,
  correct: Schema.Number,
  hitRatePct: Schema.Number,
  profitUnits: Schema.Number,
  avgCorrectOdds: Schema.NullOr(Schema.Number)
})

export const PredictorSchema = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  allTime: Stats,
  current: Stats
})

export const WatchedPredictorsJson = Schema.parseJson(Schema.Array(PredictorSchema))
