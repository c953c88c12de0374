// `requeue`: put set-aside alerts (those Discord rejected, or that an older version gave up on when a
// wrong webhook URL refused everything) back in the queue. The monitor sends them in its next round,
// before newer alerts, as the outbox goes in order.
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { type RequeueSelection, Storage } from "../services/Storage.js"

/** What the command line asked for; `--since 7d` is resolved against the clock when the command runs. */
export type RequeueRequest =
  | { readonly _tag: "All" }
  | { readonly _tag: "SetAsideWithin"; readonly ms: number }
  | { readonly _tag: "SetAsideSince"; readonly at: number }
  | { readonly _tag: "Ids"; readonly ids: ReadonlyArray<number> }

const units = { h: 3_600_000, d: 86_400_000 } as const

/** `7d`, `24h`, or a day, `2026-01-31`, from 00:00 UTC. */
export const parseSince = (raw: string): Either.Either<RequeueRequest, string> => {
  const ago = /^(\d+)([hd])$/.exec(raw.trim())
  if (ago !== null) {
    const amount = Number(ago[1])
    return amount > 0
      ? Either.right({ _tag: "SetAsideWithin", ms: amount * units[ago[2] as keyof typeof units] })
      : Either.left(`--since: expected more than 0, got ${raw}`)
  }
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim())
  if (day !== null) {
    const at = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))
    // Date.UTC rolls 2026-02-31 over to March: a day that does not exist is a mistake, not a date.
    return new Date(at).toISOString().startsWith(raw.trim())
      ? Either.right({ _tag: "SetAsideSince", at })
      : Either.left(`--since: no such day: ${raw}`)
  }
  return Either.left(`--since: expected a number of hours or days (24h, 7d) or a day (YYYY-MM-DD), got ${raw}`)
}

export const parseRequeueOptions = (options: {
  readonly since: Option.Option<string>
  readonly ids: ReadonlyArray<string>
}): Either.Either<RequeueRequest, string> => {
  if (Option.isSome(options.since) && options.ids.length > 0) return Either.left("give --since or --id, not both")
  if (Option.isSome(options.since)) return parseSince(options.since.value)
  const bad = options.ids.find((id) => !/^[1-9]\d{0,14}$/.test(id.trim()))
  if (bad !== undefined) return Either.left(`--id: expected an alert id (a whole number from 1), got ${bad}`)
  return Either.right(options.ids.length > 0 ? { _tag: "Ids", ids: options.ids.map(Number) } : { _tag: "All" })
}

const alerts = (n: number): string => `${n} set-aside ${n === 1 ? "alert" : "alerts"}`

export const requeue = Effect.fn("cli.requeue")(function*(request: RequeueRequest) {
  const storage = yield* Storage
  const now = yield* Clock.currentTimeMillis
  const selection: RequeueSelection = request._tag === "SetAsideWithin"
    ? { _tag: "SetAsideSince", at: now - request.ms }
    : request
  const ids = yield* storage.requeueFailed(selection)
  yield* Console.log(
    `requeued ${alerts(ids.length)}${ids.length === 0 ? "" : "; the monitor sends them in its next delivery round"}`
  )
  if (request._tag === "Ids") {
    const back = new Set(ids)
    const untouched = [...new Set(request.ids)].filter((id) => !back.has(id))
    if (untouched.length > 0) yield* Console.log(`not set aside, left as they were: ${untouched.join(", ")}`)
  }
  return ids.length
})
