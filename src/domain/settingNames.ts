// Names that look like one of the program's settings but are not: a typo in .env is otherwise
// ignored in silence and the default used. Only names close to a known key count, so the rest of the
// environment (PATH, HOME, a shell's own variables) never draws a warning.

/** Edit distance where swapping two neighbours is one edit (MIN_RIO is one away from MIN_ROI). */
const editDistance = (a: string, b: string): number => {
  const rows: Array<Array<number>> = Array.from({ length: a.length + 1 }, (_, i) => [i])
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, rows[i - 2]![j - 2]! + 1)
      }
      rows[i]![j] = best
    }
  }
  return rows[a.length]![b.length]!
}

/**
 * One name is the other cut at an underscore (SCAN_INTERVAL, SCAN_INTERVAL_MINUTES), and the shorter
 * is long enough to mean something: "DB" or "LOG" alone could be anyone's.
 */
const wordPrefix = (a: string, b: string): boolean => {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  return short.length >= 6 && long.startsWith(short) && long[short.length] === "_"
}

/** Short keys allow one edit, longer ones two: DB_PASS is not a typo of DB_PATH, MIN_RIO is of MIN_ROI. */
const allowedEdits = (key: string): number => (key.length <= 8 ? 1 : 2)

/**
 * The known key that `name` most likely meant, or undefined when `name` is a known key or close to
 * none. Case is ignored for closeness (the environment is case-sensitive, so min_roi is a typo too).
 */
export const closestSetting = (name: string, known: ReadonlyArray<string>): string | undefined => {
  if (known.includes(name)) return undefined
  const upper = name.toUpperCase()
  let best: { readonly key: string; readonly distance: number } | undefined
  for (const key of known) {
    const prefix = wordPrefix(upper, key)
    // The lengths' difference is at least the distance: most of the environment is ruled out
    // without the table, which a command as short as `status` would otherwise spend 30 ms on.
    if (!prefix && Math.abs(upper.length - key.length) > allowedEdits(key)) continue
    const distance = editDistance(upper, key)
    const close = distance <= allowedEdits(key) || prefix
    if (close && (best === undefined || distance < best.distance)) best = { key, distance }
  }
  return best?.key
}

export interface MisspeltSetting {
  /** Where the name was found: ".env" or "the environment". */
  readonly source: string
  readonly name: string
  readonly suggestion: string
}

/**
 * The misspelt names among those each source sets, each reported once: a name in both (systemd's
 * EnvironmentFile= puts .env into the environment) is reported for the first source that sets it.
 */
export const misspeltSettings = (
  known: ReadonlyArray<string>,
  sources: ReadonlyArray<{ readonly source: string; readonly names: Iterable<string> }>
): ReadonlyArray<MisspeltSetting> => {
  const found = new Map<string, MisspeltSetting>()
  for (const { names, source } of sources) {
    for (const name of names) {
      const suggestion = found.has(name) ? undefined : closestSetting(name, known)
      if (suggestion !== undefined) found.set(name, { source, name, suggestion })
    }
  }
  return [...found.values()]
}

export const misspeltSettingLine = (m: MisspeltSetting): string =>
  `${m.source} sets ${m.name}, which is not a setting; did you mean ${m.suggestion}?`
