// Sofascore's wire format (CONTRACT.md §3) and its translation into the domain. The payload is not
// trusted: the envelope must have the documented shape or the whole answer is a decode error; a row
// or item that does not fit is skipped and reported, so one odd entry cannot hide the others; ids are
// checked before they can reach a URL or a query.
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Match, PickResult, Prediction, Predictor, PredictorStats } from "./model.js"

// --- ids -----------------------------------------------------------------------------------------

const hexId = /^[0-9a-f]{24}$/
// 15 digits is where the reference switches to the hex route; it also keeps ids below 2^53.
const numericId = /^[0-9]{1,15}$/

/** Current ids are 24 lowercase hex digits; older accounts have numeric ids. Nothing else is accepted. */
export const isValidUserId = (id: string): boolean => hexId.test(id) || numericId.test(id)

/** Legacy numeric ids live under the older /user route; callers pass only validated ids. */
export const predictionsPath = (userId: string, page: number): string =>
  numericId.test(userId)
    ? `/user/${userId}/predictions?page=${page}`
    : `/user-account/${userId}/predictions?page=${page}`

const normaliseId = (id: string | number): string | undefined => {
  // String(1e21) is "1e+21" and String(1.5) is "1.5": only a safe positive integer has a digit form.
  const text = typeof id === "number" ? (Number.isSafeInteger(id) && id > 0 ? String(id) : "") : id
  return isValidUserId(text) ? text : undefined
}

// --- odds ----------------------------------------------------------------------------------------

const round2 = (n: number): number => Math.round(n * 100) / 100

// Rounded before the check so that "1.001" cannot become odds of exactly 1.
const validOdds = (n: number): number | null => {
  if (!Number.isFinite(n)) return null
  const rounded = round2(n)
  return rounded > 1 ? rounded : null
}

const decimalText = /^\s*\d+(?:\.\d+)?\s*$/
const fractionText = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/

const fromDecimal = (value: unknown): number | null =>
  typeof value === "number"
    ? validOdds(value)
    : typeof value === "string" && decimalText.test(value)
    ? validOdds(Number(value))
    : null

const fromFraction = (value: unknown): number | null => {
  if (typeof value !== "string") return null
  const m = fractionText.exec(value)
  if (m === null) return null
  const denominator = Number(m[2])
  return denominator === 0 ? null : validOdds(1 + Number(m[1]) / denominator)
}

/**
 * Decimal odds of an OddsChoice: `decimalValue` when it reads, else 1 + n/d from `fractionalValue`
 * (the app model has no `decimalValue` at all). Takes `unknown` because a malformed odds object
 * should cost the odds, not the prediction: null for null, for anything unreadable and for odds ≤ 1.
 */
export const oddsToDecimal = (choice: unknown): number | null => {
  if (typeof choice !== "object" || choice === null) return null
  const { decimalValue, fractionalValue } = choice as { decimalValue?: unknown; fractionalValue?: unknown }
  return fromDecimal(decimalValue) ?? fromFraction(fractionalValue)
}

/** The chosen odds' `winning` flag, read as leniently as the odds themselves: undefined unless a boolean. */
const oddsWinningOf = (choice: unknown): boolean | undefined => {
  if (typeof choice !== "object" || choice === null) return undefined
  const { winning } = choice as { winning?: unknown }
  return typeof winning === "boolean" ? winning : undefined
}

// --- settlement ----------------------------------------------------------------------------------

/**
 * A VoteResult (`correct`): 1 or "1" correct, 0 or "0" wrong. The third, "unknown" value has no known
 * spelling (-1 is only a guess), so everything else is unknown rather than a reason to drop the pick.
 */
export const pickResultOf = (correct: unknown): PickResult | undefined =>
  correct === 1 || correct === "1" ? "correct" : correct === 0 || correct === "0" ? "wrong" : undefined

// --- schemas -------------------------------------------------------------------------------------

/** Counts come as digit strings ("412"); numbers are accepted too. */
const Count = Schema.Union(
  Schema.NonNegativeInt,
  Schema.compose(Schema.String.pipe(Schema.pattern(/^\d{1,12}$/)), Schema.NumberFromString)
)

/** "63%" or "63.5%"; a bare number is accepted too. */
const Percentage = Schema.Union(
  Schema.Number.pipe(Schema.finite()),
  Schema.transform(Schema.String.pipe(Schema.pattern(/^\s*\d+(?:\.\d+)?\s*%?\s*$/)), Schema.Number, {
    strict: true,
    decode: (s) => Number(s.replace("%", "").trim()),
    encode: (n) => `${n}%`
  })
)

/** Odds objects are read leniently by {@link oddsToDecimal}; see there. */
const OddsField = Schema.optional(Schema.Unknown)

const VoteStatistics = Schema.Struct({
  total: Count,
  correct: Schema.optionalWith(Count, { default: () => 0 }),
  avgCorrectOdds: OddsField,
  percentage: Schema.optional(Schema.NullOr(Percentage)),
  roi: Schema.Number.pipe(Schema.finite())
})

const RankingRow = Schema.Struct({
  id: Schema.Union(Schema.String, Schema.Number),
  nickname: Schema.optional(Schema.NullOr(Schema.String)),
  slug: Schema.optional(Schema.NullOr(Schema.String)),
  voteStatistics: Schema.Struct({ allTime: VoteStatistics, current: VoteStatistics })
})

const RankingEnvelope = Schema.Struct({ ranking: Schema.Array(Schema.Unknown) })

/**
 * Picks ("1", "X", "2", a market's short value) and vote types are part of a prediction's identity
 * and its database key; nothing long or with control characters is a real one. This rejects, it
 * does not truncate: display lengths are the embed layer's business.
 */
const Token = Schema.String.pipe(Schema.pattern(/^[^\u0000-\u001f\u007f]{1,32}$/))

/** Read by {@link pickResultOf}: an odd verdict must not cost the pick. */
const CorrectField = Schema.optional(Schema.Unknown)

const Vote = Schema.Struct({
  voteType: Schema.optional(Schema.NullOr(Schema.Union(Token, Schema.NonNegativeInt))),
  vote: Token,
  odds: OddsField,
  correct: CorrectField
})

const PredictionItem = Schema.Struct({
  eventId: Schema.Int.pipe(Schema.positive()),
  // Up to year 3000: a timestamp in milliseconds by mistake would otherwise look like a far future match.
  startDateTimestamp: Schema.Int.pipe(Schema.between(0, 32_503_680_000)),
  homeTeamName: Schema.String,
  awayTeamName: Schema.String,
  sportSlug: Schema.optional(Schema.NullOr(Schema.String)),
  eventSlug: Schema.optional(Schema.NullOr(Schema.String)),
  customId: Schema.optional(Schema.NullOr(Schema.String)),
  status: Schema.Struct({
    type: Schema.String,
    description: Schema.optional(Schema.NullOr(Schema.String))
  }),
  // Picks are judged entry by entry in toPredictions, so a bad vote entry costs only that entry.
  vote: Schema.optional(Schema.Unknown),
  odds: OddsField,
  correct: CorrectField,
  votes: Schema.optional(Schema.Unknown)
})

const PredictionsEnvelope = Schema.Struct({
  predictions: Schema.Array(Schema.Unknown),
  hasNextPage: Schema.optional(Schema.Unknown)
})

// --- decoding ------------------------------------------------------------------------------------

export interface SkippedItem {
  readonly index: number
  readonly reason: string
}

export interface RankingDecoded {
  readonly predictors: ReadonlyArray<Predictor>
  readonly skipped: ReadonlyArray<SkippedItem>
}

export interface PredictionsPageDecoded {
  readonly predictions: ReadonlyArray<Prediction>
  readonly hasNextPage: boolean | undefined
  readonly skipped: ReadonlyArray<SkippedItem>
}

/**
 * Names the offending field from the schema's own keys, never the value: a reason may be logged,
 * and the value is exactly the untrusted (possibly huge or hostile) part.
 */
const shortReason = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return "invalid"
  const path = issue.path.map(String).join(".")
  const what = issue._tag === "Missing" ? "missing" : "invalid"
  return path === "" ? `${what} entry` : `${path} ${what}`
}

const present = (s: string | null | undefined): string | undefined => {
  const trimmed = s?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

const stats = (s: typeof VoteStatistics.Type): PredictorStats => ({
  total: s.total,
  correct: s.correct,
  hitRatePct: s.percentage ?? (s.total === 0 ? 0 : Math.round((s.correct / s.total) * 100)),
  profitUnits: s.roi,
  avgCorrectOdds: oddsToDecimal(s.avgCorrectOdds)
})

const decodeRankingEnvelope = Schema.decodeUnknownEither(RankingEnvelope)
const decodeRow = Schema.decodeUnknownEither(RankingRow)

/** Each entry decoded on its own: what fits is converted, what does not is skipped with its reason. */
const decodeEach = <I, A>(
  raws: ReadonlyArray<unknown>,
  decode: (raw: unknown) => Either.Either<I, ParseResult.ParseError>,
  convert: (entry: I) => Either.Either<ReadonlyArray<A>, string>
) => {
  const decoded: Array<A> = []
  const skipped: Array<SkippedItem> = []
  raws.forEach((raw, index) => {
    const entry = decode(raw)
    if (Either.isLeft(entry)) return skipped.push({ index, reason: shortReason(entry.left) })
    const converted = convert(entry.right)
    if (Either.isLeft(converted)) return skipped.push({ index, reason: converted.left })
    decoded.push(...converted.right)
  })
  return { decoded, skipped }
}

export const decodeVoteRanking = (json: unknown): Either.Either<RankingDecoded, ParseResult.ParseError> =>
  Either.map(decodeRankingEnvelope(json), (envelope) => {
    const { decoded, skipped } = decodeEach(envelope.ranking, decodeRow, (row) => {
      const id = normaliseId(row.id)
      if (id === undefined) return Either.left("id is neither 24 hex digits nor 1-15 digits")
      return Either.right([{
        id,
        name: present(row.nickname) ?? present(row.slug) ?? id,
        allTime: stats(row.voteStatistics.allTime),
        current: stats(row.voteStatistics.current)
      }])
    })
    return { predictors: decoded, skipped }
  })

const decodeVote = Schema.decodeUnknownEither(Vote)
const isPick = Schema.is(Token)
const WHO_WILL_WIN = "1"

const toPredictions = (userId: string, item: typeof PredictionItem.Type): ReadonlyArray<Prediction> => {
  const match: Match = {
    eventId: item.eventId,
    homeTeam: item.homeTeamName,
    awayTeam: item.awayTeamName,
    sportSlug: present(item.sportSlug) ?? null,
    eventSlug: present(item.eventSlug) ?? null,
    customId: present(item.customId) ?? null,
    startAt: item.startDateTimestamp * 1000,
    statusType: item.status.type,
    statusDescription: item.status.description ?? ""
  }
  const prediction = (market: string, pick: string, odds: unknown, correct: unknown): Prediction => ({
    userId,
    match,
    market,
    pick,
    odds: oddsToDecimal(odds),
    result: pickResultOf(correct),
    oddsWinning: oddsWinningOf(odds)
  })
  const fromVotes = (Array.isArray(item.votes) ? item.votes : []).flatMap((raw: unknown): Array<Prediction> => {
    const vote = decodeVote(raw)
    if (Either.isLeft(vote)) return []
    const { correct, odds, voteType } = vote.right
    const market = voteType === null || voteType === undefined ? WHO_WILL_WIN : String(voteType)
    // The item-level odds belong to the item-level `vote`, i.e. the who-will-win market; they stand in
    // only when the entry says nothing about odds. An explicit null means voted without odds.
    const entryOdds = odds === undefined && market === WHO_WILL_WIN ? item.odds : odds
    // The item-level `correct` judges the item-level `vote`: it stands in only for that very pick.
    const entryCorrect = correct === undefined && market === WHO_WILL_WIN && vote.right.vote === item.vote
      ? item.correct
      : correct
    return [prediction(market, vote.right.vote, entryOdds, entryCorrect)]
  })
  if (fromVotes.length > 0) return fromVotes
  return isPick(item.vote) ? [prediction(WHO_WILL_WIN, item.vote, item.odds, item.correct)] : []
}

const decodePredictionsEnvelope = Schema.decodeUnknownEither(PredictionsEnvelope)
const decodeItem = Schema.decodeUnknownEither(PredictionItem)

export const decodePredictionsPage = (
  userId: string,
  json: unknown
): Either.Either<PredictionsPageDecoded, ParseResult.ParseError> =>
  Either.map(decodePredictionsEnvelope(json), (envelope) => {
    const { decoded, skipped } = decodeEach(envelope.predictions, decodeItem, (item) => {
      const predictions = toPredictions(userId, item)
      return predictions.length === 0 ? Either.left("no readable pick") : Either.right(predictions)
    })
    return {
      predictions: decoded,
      // Absent (or not a boolean) means "unknown": the caller then pages until an empty page.
      hasNextPage: typeof envelope.hasNextPage === "boolean" ? envelope.hasNextPage : undefined,
      skipped
    }
  })

/** Sofascore may answer 200 with `{"error":{"code":403}}`; the code, when there is one. */
export const errorEnvelopeCode = (json: unknown): number | undefined => {
  if (typeof json !== "object" || json === null || !("error" in json)) return undefined
  const error: unknown = json.error
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined
  const code: unknown = error.code
  return typeof code === "number" && Number.isInteger(code) ? code : undefined
}
