// When the next webhook message may go: Discord's own answers say how many posts its bucket has
// left (X-RateLimit-Remaining) and when it refills (X-RateLimit-Reset-After); without them the old
// rule, five per 2.1 s, stands in. Whatever they say, a channel takes about 30 messages a minute.
import { rememberPost, slidingWindowDelay } from "./slidingWindow.js"

/** Discord's channel limit for webhooks, with a margin for clocks and the wire. */
export const channelLimit = { posts: 30, windowMs: 60_500 } as const
/** The webhook bucket when Discord's headers are missing: 5 per 2 s, with a margin. */
export const fallbackBucket = { posts: 5, windowMs: 2_100 } as const
/** Sent after the bucket's reset time rather than on it: Discord's clock and ours differ a little. */
const resetMarginMs = 50

export interface PaceState {
  /** When recent messages went out, epoch ms, oldest first (the last `channelLimit.posts`). */
  readonly sends: ReadonlyArray<number>
  /** The bucket as Discord's last answer described it, if it did. */
  readonly bucket: { readonly remaining: number; readonly resetAt: number } | undefined
}

export const initialPace = (sends: ReadonlyArray<number> = []): PaceState => ({
  sends: [...sends].sort((a, b) => a - b).slice(-channelLimit.posts),
  bucket: undefined
})

/** How long to wait at `now` before the next message. */
export const waitBeforeSend = (state: PaceState, now: number): number => {
  const channel = slidingWindowDelay(state.sends, now, channelLimit.posts, channelLimit.windowMs)
  const bucket = state.bucket !== undefined && state.bucket.resetAt > now
    ? state.bucket.remaining > 0 ? 0 : state.bucket.resetAt + resetMarginMs - now
    : slidingWindowDelay(state.sends, now, fallbackBucket.posts, fallbackBucket.windowMs)
  return Math.max(0, channel, bucket)
}

/** A message leaves at `at`. */
export const recordSend = (state: PaceState, at: number): PaceState => ({
  sends: rememberPost(state.sends, at, channelLimit.posts),
  bucket: state.bucket === undefined ? undefined : { ...state.bucket, remaining: state.bucket.remaining - 1 }
})

/** Reads the bucket from an answer's headers (names in lower case); unknown when they are missing. */
export const recordAnswer = (
  state: PaceState,
  headers: Readonly<Record<string, string | undefined>>,
  at: number
): PaceState => {
  const remaining = Number(headers["x-ratelimit-remaining"])
  const resetAfter = Number(headers["x-ratelimit-reset-after"])
  const known = headers["x-ratelimit-remaining"] !== undefined && headers["x-ratelimit-reset-after"] !== undefined &&
    Number.isFinite(remaining) && Number.isFinite(resetAfter) && resetAfter >= 0
  return { ...state, bucket: known ? { remaining, resetAt: at + resetAfter * 1000 } : undefined }
}
