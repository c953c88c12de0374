// Discord allows a webhook five posts per two seconds. A token bucket or fixed window lets bursts
// straddle a boundary, so the limit is kept over a sliding window of the last posts' times.

/** How long to wait at `now` before one more post keeps at most `limit` posts in any `windowMs`. */
export const slidingWindowDelay = (
  recent: ReadonlyArray<number>,
  now: number,
  limit: number,
  windowMs: number
): number => {
  const inWindow = recent.filter((t) => t > now - windowMs)
  if (inWindow.length < limit) return 0
  const oldestThatMustExpire = [...inWindow].sort((a, b) => a - b)[inWindow.length - limit]!
  return oldestThatMustExpire + windowMs - now
}

/** The history kept after a post at `at`: no more than the window needs. */
export const rememberPost = (recent: ReadonlyArray<number>, at: number, limit: number): ReadonlyArray<number> =>
  [...recent, at].slice(-limit)
