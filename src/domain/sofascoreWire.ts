// Sofascore's wire format (CONTRACT.md §3) and its translation into the domain. The payload is not
// trusted: the envelope must have the documented shape or the whole answer is a decode error; a row
// or item that does not fit is skipped and reported, so one odd entry cannot hide the others; ids are
// checked before they can reach a URL or a query.
import * as Either from "effect/Either"
import type * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Match, Prediction, Predictor, PredictorStats } from "./model.js"

const hexId = /^[0-9a-f]{24}$/
const numericId = /^[0-9]{1,15}$/

/** Current ids are 24 lowercase hex digits; older accounts have numeric ids. Nothing else is accepted. */
export const isValidUserId = (id: string): boolean => hexId.test(id) || numericId.test(id)

/** Numeric (legacy) ids use the older /user route. */
export const predictionsPath = (userId: string, page: number): string =>
  numericId.test(userId)
    ? `/user/${userId}/predictions?page=${page}`
    : `/user-account/${userId}/predictions?page=${page}`

// --- odds ----------------------------------------------------------------------------------------

const round2 = (n: number) => Math.round(n * 100) / 100

const validOdds = (n: number): number | null => (Number.isFinite(n) && n > 1 && n < 10_000 ? round2(n) : null)

const parseFraction = (text: string): number | null => {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text)
  if (m === null) return null
  const denominator = Number(m[2])
  return denominator === 0 ? null : validOdds(1 + Number(m[1]) / denominator)
}

export interface OddsChoiceWire {
  readonly decimalValue?: string | number | null | undefined
  readonly fractionalValue?: string | null | undefined
}

/** Decimal odds from `decimalValue`, else from `fractionalValue` (1 + n/d); null when neither reads. */
export const oddsToDecimal = (choice: OddsChoiceWire | null | undefined): number | null => {
  if (choice === null || choice === undefined) return null
  const decimal = choice.decimalValue
  if (decimal !== undefined && decimal !== null) {
    const n = typeof decimal === "number" ? decimal : /^\s*\d+(\.\d+)?\s*$/.test(decimal) ? Number(decimal) : NaN
    const odds = validOdds(n)
    if (odds !== null) return odds
  }
  return typeof choice.fractionalValue === "string" ? parseFraction(choice.fractionalValue) : null
}

// --- schemas -------------------------------------------------------------------------------------

/** Counts come as digit strings ("412"); numbers are accepted too. */
const Count = Schema.Union(
  Schema.NonNegativeInt,
  Schema.compose(Schema.String.pipe(Schema.pattern(/^\d{1,12}$/)), Schema.NumberFromString)
)

/** "63%" or "63.5%" (a bare number is accepted too). */
const Percentage = Schema.Union(
  Schema.Number,
  Schema.transform(Schema.String.pipe(Schema.pattern(/^\s*\d+(\.\d+)?\s*%?\s*$/)), Schema.Number, {
    strict: true,
    decode: (s) => Number(s.replace("%", "").trim()),
    encode: (n) => `${n}%`
  })
)

const OddsChoice = Schema.Struct({
  decimalValue: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
  fractionalValue: Schema.optional(Schema.NullOr(Schema.String))
})

const VoteStatistics = Schema.Struct({
  total: Count,
  correct: Schema.optionalWith(Count, { default: () => 0 }),
  avgCorrectOdds: Schema.optional(Schema.NullOr(OddsChoice)),
  percentage: Schema.optional(Schema.NullOr(Percentage)),
  roi: Schema.Number.pipe(Schema.finite())
})

const UserId = Schema.Union(Schema.String, Schema.Number)

const RankingRow = Schema.Struct({
  id: UserId,
  nickname: Schema.optional(Schema.NullOr(Schema.String)),
  slug: Schema.optional(Schema.NullOr(Schema.String)),
  voteStatistics: Schema.Struct({ allTime: VoteStatistics, current: VoteStatistics })
})

const RankingEnvelope = Schema.Struct({ ranking: Schema.Array(Schema.Unknown) })

/** Picks are "1", "X", "2" or a market's short value; anything long is not a pick. */
const Pick = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(32))

const Vote = Schema.Struct({
  voteType: Schema.optional(Schema.NullOr(Schema.Union(Schema.String, Schema.Number))),
  vote: Schema.optional(Schema.NullOr(Pick)),
  odds: Schema.optional(Schema.NullOr(OddsChoice))
})

const PredictionItem = Schema.Struct({
  eventId: Schema.Int.pipe(Schema.positive(), Schema.lessThanOrEqualTo(Number.MAX_SAFE_INTEGER)),
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
  vote: Schema.optional(Schema.NullOr(Pick)),
  odds: Schema.optional(Schema.NullOr(OddsChoice)),
  votes: Schema.optional(Schema.NullOr(Schema.Array(Vote)))
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

const shortReason = (error: ParseResult.ParseError): string =>
  error.message.split("\n").map((l) => l.trim()).filter((l) => l !== "").slice(-1)[0]?.slice(0, 200) ?? "invalid"

const stats = (s: typeof VoteStatistics.Type): PredictorStats => ({
  total: s.total,
  correct: s.correct,
  hitRatePct: s.percentage ?? (s.total === 0 ? 0 : Math.round((s.correct / s.total) * 100)),
  profitUnits: s.roi,
  avgCorrectOdds: oddsToDecimal(s.avgCorrectOdds)
})

const present = (s: string | null | undefined): string | undefined => {
  const trimmed = s?.trim()
  return trimmed === undefined || trimmed === "" ? undefined : trimmed
}

const normaliseId = (id: string | number): string | undefined => {
  const text = typeof id === "number" ? (Number.isSafeInteger(id) && id > 0 ? String(id) : "") : id
  return isValidUserId(text) ? text : undefined
}

const decodeRow = Schema.decodeUnknownEither(RankingRow)
const decodeItem = Schema.decodeUnknownEither(PredictionItem)

export const decodeVoteRanking = (json: unknown): Either.Either<RankingDecoded, ParseResult.ParseError> =>
  Either.map(Schema.decodeUnknownEither(RankingEnvelope)(json), (envelope) => {
    const predictors: Array<Predictor> = []
    const skipped: Array<SkippedItem> = []
    envelope.ranking.forEach((raw, index) => {
      const row = decodeRow(raw)
      if (Either.isLeft(row)) return skipped.push({ index, reason: shortReason(row.left) })
      const id = normaliseId(row.right.id)
      if (id === undefined) return skipped.push({ index, reason: "id is neither 24 hex digits nor a number" })
      predictors.push({
        id,
        name: present(row.right.nickname) ?? present(row.right.slug) ?? id,
        allTime: stats(row.right.voteStatistics.allTime),
        current: stats(row.right.voteStatistics.current)
      })
    })
    return { predictors, skipped }
  })

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
  const votes = (item.votes ?? []).flatMap((v) =>
    typeof v.vote === "string"
      ? [{
        userId,
        match,
        market: v.voteType === null || v.voteType === undefined ? "1" : String(v.voteType),
        pick: v.vote,
        odds: oddsToDecimal(v.odds ?? (v.voteType === undefined || String(v.voteType) === "1" ? item.odds : null))
      }]
      : []
  )
  if (votes.length > 0) return votes
  return typeof item.vote === "string" ? [{ userId, match, market: "1", pick: item.vote, odds: oddsToDecimal(item.odds) }] : []
}

export const decodePredictionsPage = (
  userId: string,
  json: unknown
): Either.Either<PredictionsPageDecoded, ParseResult.ParseError> =>
  Either.map(Schema.decodeUnknownEither(PredictionsEnvelope)(json), (envelope) => {
    const predictions: Array<Prediction> = []
    const skipped: Array<SkippedItem> = []
    envelope.predictions.forEach((raw, index) => {
      const item = decodeItem(raw)
      if (Either.isLeft(item)) return skipped.push({ index, reason: shortReason(item.left) })
      const decoded = toPredictions(userId, item.right)
      if (decoded.length === 0) return skipped.push({ index, reason: "no pick" })
      predictions.push(...decoded)
    })
    return {
      predictions,
      hasNextPage: typeof envelope.hasNextPage === "boolean" ? envelope.hasNextPage : undefined,
      skipped
    }
  })

/** Sofascore may answer 200 with `{"error":{"code":403}}`; the code, when there is one. */
export const errorEnvelopeCode = (json: unknown): number | undefined => {
  if (typeof json !== "object" || json === null || !("error" in json)) return undefined
  const error = (json as { error: unknown }).error
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined
  const code = (error as { code: unknown }).code
  return typeof code === "number" && Number.isInteger(code) ? code : undefined
}
