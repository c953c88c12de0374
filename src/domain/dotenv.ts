// A .env reader with the rules systemd's EnvironmentFile= and the common dotenv tools share, so one
// file serves both `npm start` and the service: KEY=VALUE lines, `#` comments, optional `export `,
// single quotes taken literally, double quotes with \n \" \\ escapes.

export type DotEnvResult =
  | { readonly _tag: "Parsed"; readonly entries: ReadonlyMap<string, string> }
  | { readonly _tag: "Invalid"; readonly line: number; readonly reason: string }

const keyPattern = /^[A-Za-z_][A-Za-z0-9_]*$/

const unquote = (raw: string): string | undefined => {
  const first = raw[0]
  if (first === "'" || first === "\"") {
    const end = raw.lastIndexOf(first)
    if (end === 0) return undefined
    const body = raw.slice(1, end)
    const rest = raw.slice(end + 1).trim()
    if (rest !== "" && !rest.startsWith("#")) return undefined
    return first === "'" ? body : body.replace(/\\([n"\\])/g, (_, c: string) => (c === "n" ? "\n" : c))
  }
  // An unquoted value ends at a comment that follows whitespace, as in most dotenv dialects.
  const hash = raw.search(/\s#/)
  return (hash === -1 ? raw : raw.slice(0, hash)).trim()
}

export const parseDotEnv = (text: string): DotEnvResult => {
  const entries = new Map<string, string>()
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
    entries.set(key, value)
  }
  return { _tag: "Parsed", entries }
}
