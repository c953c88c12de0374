// Discovery: read the leaderboard and keep the predictors who meet the criteria.
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { selectWatched } from "../domain/filters.js"
import type { Predictor } from "../domain/model.js"
import { WatchedPredictorsJson } from "../domain/predictorJson.js"
import { AppConfig } from "../services/AppConfig.js"
import { SofascoreClient } from "../services/SofascoreClient.js"
import { Storage } from "../services/Storage.js"

export const watchedStateKey = "watched_predictors"

export const discover = Effect.gen(function*() {
  const config = yield* AppConfig
  const client = yield* SofascoreClient
  const storage = yield* Storage
  const ranking = yield* client.voteRanking
  if (ranking.skipped.length > 0) {
    yield* Effect.logWarning(`Leaderboard: ${ranking.skipped.length} unreadable rows skipped`)
  }
  const watched = selectWatched(ranking.predictors, {
    minRoiPct: config.minRoiPct,
    minAvgOdds: config.minAvgOdds,
    minTotalBets: config.minTotalBets
  }, config.topPredictorsLimit)
  yield* Effect.logInfo(`Discovered ${watched.length} users meeting criteria (MIN_ROI=${config.minRoiPct.toFixed(1)})`)
  yield* storage.setState(watchedStateKey, Schema.encodeSync(WatchedPredictorsJson)(watched))
  yield* Effect.annotateCurrentSpan({ "ranking.rows": ranking.predictors.length, watched: watched.length })
  return watched
}).pipe(Effect.withSpan("monitor.discovery"))

/** The set the last successful discovery stored; empty when there was none or it cannot be read. */
export const lastWatched = Effect.gen(function*() {
  const stored = yield* (yield* Storage).getState(watchedStateKey)
  if (stored === null) return [] as ReadonlyArray<Predictor>
  return Either.getOrElse(Schema.decodeUnknownEither(WatchedPredictorsJson)(stored), () => [])
})
