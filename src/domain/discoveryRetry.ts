// When to read the leaderboard again. Hourly while it works; after a failure, soon: at boot the
// network is often still coming up, and a monitor that watches nobody does nothing at all.

export const discoveryEveryMs = 60 * 60_000
/** First retry while nobody is watched; doubles up to the poll interval. */
export const firstRetryUnwatchedMs = 30_000
/** First retry while the previous set is still watched; doubles up to the hourly rhythm. */
export const firstRetryWatchedMs = 5 * 60_000

/** The wait before the next discovery after `failures` failures in a row (0: the last one worked). */
export const nextDiscoveryInMs = (failures: number, watching: number, pollIntervalMs: number): number => {
  if (failures === 0) return discoveryEveryMs
  const doubling = 2 ** Math.min(failures - 1, 20)
  return watching === 0
    ? Math.min(firstRetryUnwatchedMs * doubling, Math.max(firstRetryUnwatchedMs, pollIntervalMs))
    : Math.min(firstRetryWatchedMs * doubling, discoveryEveryMs)
}
