// A .env reader with the rules systemd's EnvironmentFile= and the common dotenv tools share, so one
// file serves both `npm start` and the service: KEY=VALUE lines, `#` comments, optional `export `,
// single quotes taken literally, double quotes with \n \" \\ escapes. One rule differs: a `# comment`
// after a value is dropped here but kept in the value by systemd, so such lines are reported.

/** A line whose value is followed by a `# comment`, named by its key only: values may be secrets. */
export interface InlineComment {
  readonly line: number
  readonly key: string
}

export type DotEnvResult =
  | {
    readonly _tag: "Parsed"
    readonly entries: ReadonlyMap<string, string>
    /**
     * Lines with a comment after the value. This reader drops it; systemd's EnvironmentFile= keeps it
     * as part of the value, so under the service such a key reads differently.
     */
    readonly inlineComments: ReadonlyArray<InlineComment>
  }
  | { readonly _tag: "Invalid"; readonly line: number; readonly reason: string }

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/

const unquote = (raw: string): { readonly value: string; readonly comment: boolean } | undefined => {
  const first = raw[0]
  if (first === "'" || first === "\"") {
    const end = raw.lastIndexOf(first)
    if (end === 0) return undefined
    const body = raw.slice(1, end)
    const rest = raw.slice(end + 1).trim()
    if (rest !== "" && !rest.startsWith("#")) return undefined
    return {
      value: first === "'" ? body : body.replace(/\\([n"\\])/g, (_, c: string) => (c === "n" ? "\n" : c)),
      comment: rest !== ""
    }
  }
  // An unquoted value ends at a comment that follows whitespace, as in most dotenv dialects.
  const hash = raw.search(/\s#/)
  return { value: (hash === -1 ? raw : raw.slice(0, hash)).trim(), comment: hash !== -1 }
}

export const parseDotEnv = (text: string): DotEnvResult => {
  const entries = new Map<string, string>()
  const inlineComments: Array<InlineComment> = []
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim()
    if (line === "" || line.startsWith("#")) continue
    const statement = line.startsWith("export ") ? line.slice(7).trimStart() : line
    const eq = statement.indexOf("=")
    if (eq <= 0) return { _tag: "Invalid", line: i + 1, reason: "expected KEY=VALUE" }
    const key = statement.slice(0, eq).trim()
    if (!keyPattern.test(key)) return { _tag: "Invalid", line: i + 1, reason: "expected KEY=VALUE" }
    const value = unquote(statement.slice(eq + 1).trim())
    if (value === undefined) {
      return { _tag: "Invalid", line: i + 1, reason: `unterminated quote in the value of ${key}` }
    }
    entries.set(key, value.value)
    if (value.comment) inlineComments.push({ line: i + 1, key })
  }
  return { _tag: "Parsed", entries, inlineComments }
}

/** The warning for one such line, naming its number and key and never its value, which may be a secret. */
export const inlineCommentWarning = (comment: InlineComment): string =>
  `.env line ${comment.line} (${comment.key}) has a comment after its value; systemd's EnvironmentFile= keeps it as part of the value, so the service would read something else: put the comment on a line of its own`
