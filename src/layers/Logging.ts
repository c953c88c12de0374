// Effect's Logger in the form each reader wants: a compact coloured line for a person at a terminal,
// `<ISO time> LEVEL message key=value` for files and pipes, and syslog priorities without timestamps
// for journald, which adds its own time and uses the <N> prefix to set each line's priority.
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as FiberRef from "effect/FiberRef"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"

export type LogFormat = "pretty" | "plain" | "journald"

/** journald sets JOURNAL_STREAM for the processes whose output it collects. */
export const detectLogFormat = (env: NodeJS.ProcessEnv, isTty: boolean): LogFormat =>
  env["JOURNAL_STREAM"] ? "journald" : isTty ? "pretty" : "plain"

/** The format of this process's stderr, where logs and fatal errors go. */
export const processLogFormat = (): LogFormat => detectLogFormat(process.env, process.stderr.isTTY === true)

/** Colours only for a terminal, and not when the user asked for none (https://no-color.org). */
export const colorAllowed = (stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean =>
  stream.isTTY === true && !env["NO_COLOR"]

const syslogPriority = (level: LogLevel.LogLevel): number =>
  level._tag === "Fatal" || level._tag === "Error"
    ? 3
    : level._tag === "Warning"
    ? 4
    : level._tag === "Info"
    ? 6
    : 7

const priorityPrefix = (level: LogLevel.LogLevel): string => `<${syslogPriority(level)}>`

/**
 * What the program prints as it gives up (a bad configuration, a database it cannot open). Under
 * journald every line carries the error priority, so `journalctl -p err` shows why the service stopped.
 */
export const fatalText = (format: LogFormat, text: string): string =>
  format === "journald" ? text.split("\n").map((line) => `${priorityPrefix(LogLevel.Error)}${line}`).join("\n") : text

/**
 * main.ts runs every command at this marker level (it filters as Info does). @effect/cli replaces it
 * for the command when `--log-level` is given, so finding it still in place means the option was not.
 */
export const levelNotGiven: LogLevel.LogLevel = { ...LogLevel.Info }

/** The level given with `--log-level`, which wins over LOG_LEVEL; else `fallback`. */
export const commandLineLevelOr = (fallback: LogLevel.LogLevel): Effect.Effect<LogLevel.LogLevel> =>
  Effect.map(FiberRef.get(FiberRef.currentMinimumLogLevel), (current) => current === levelNotGiven ? fallback : current)

const levelWord = (level: LogLevel.LogLevel): string => level._tag === "Warning" ? "WARN" : level.label

const text = (value: unknown): string =>
  typeof value === "string" ? value : value instanceof Error ? value.message : JSON.stringify(value) ?? String(value)

const quoteIfNeeded = (value: string): string => (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value))

/** One physical line per entry: a newline would split it into several journal entries. */
const oneLine = (value: string): string => value.replace(/\r?\n\s*/g, " | ")

const hasCause = (cause: Cause.Cause<unknown>): boolean => !Cause.isEmpty(cause) && !Cause.isInterruptedOnly(cause)

export interface LogEntry {
  readonly level: LogLevel.LogLevel
  readonly message: unknown
  readonly annotations: HashMap.HashMap<string, unknown>
  readonly cause: Cause.Cause<unknown>
  readonly date: Date
}

const messageText = (message: unknown): string => Array.isArray(message) ? message.map(text).join(" ") : text(message)

const annotationPairs = (annotations: HashMap.HashMap<string, unknown>): Array<string> =>
  HashMap.toEntries(annotations).map(([key, value]) => `${key}=${quoteIfNeeded(text(value))}`)

export const formatLine = (format: Exclude<LogFormat, "pretty">, entry: LogEntry): string => {
  let line = [messageText(entry.message), ...annotationPairs(entry.annotations)].join(" ")
  if (hasCause(entry.cause)) {
    const first = Cause.pretty(entry.cause, { renderErrorCause: false }).split("\n")[0] ?? ""
    line += ` cause=${quoteIfNeeded(first)}`
  }
  line = oneLine(line)
  return format === "journald"
    ? `${priorityPrefix(entry.level)}${line}`
    : `${entry.date.toISOString()} ${levelWord(entry.level)} ${line}`
}

const ansi = (code: string) => (value: string) => `\u001b[${code}m${value}\u001b[0m`
const dim = ansi("2")
const red = ansi("31")

const levelColour = (level: LogLevel.LogLevel): (value: string) => string =>
  level._tag === "Fatal" || level._tag === "Error"
    ? ansi("1;31")
    : level._tag === "Warning"
    ? ansi("33")
    : level._tag === "Info"
    ? ansi("32")
    : ansi("34")

const two = (n: number) => String(n).padStart(2, "0")

/**
 * For a person at a terminal: local time, level, message, annotations, and the whole cause on the
 * lines below; no fiber ids. Colours when `color` is set.
 */
export const prettyLine = (entry: LogEntry, color: boolean): string => {
  const paint = (style: (value: string) => string, value: string) => (color ? style(value) : value)
  const { date } = entry
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${
    String(date.getMilliseconds()).padStart(3, "0")
  }`
  const parts = [
    paint(dim, time),
    paint(levelColour(entry.level), levelWord(entry.level).padEnd(5)),
    messageText(entry.message),
    ...annotationPairs(entry.annotations).map((pair) => paint(dim, pair))
  ]
  const line = parts.join(" ")
  if (!hasCause(entry.cause)) return line
  const cause = Cause.pretty(entry.cause, { renderErrorCause: true }).split("\n").map((l) => `  ${l}`).join("\n")
  return `${line}\n${paint(red, cause)}`
}

export const lineLogger = (format: LogFormat, write: (line: string) => void, color = false) =>
  Logger.make(({ annotations, cause, date, logLevel, message }) => {
    const entry = { level: logLevel, message, annotations, cause, date }
    write(format === "pretty" ? prettyLine(entry, color) : formatLine(format, entry))
  })

export const loggerLayer = (options: {
  readonly format: LogFormat
  readonly level: LogLevel.LogLevel
  readonly color?: boolean
  readonly write?: (line: string) => void
}): Layer.Layer<never> =>
  Layer.merge(
    Logger.replace(
      Logger.defaultLogger,
      lineLogger(options.format, options.write ?? ((line) => process.stderr.write(`${line}\n`)), options.color)
    ),
    Logger.minimumLogLevel(options.level)
  )
