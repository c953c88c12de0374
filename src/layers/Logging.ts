// Effect's Logger in the form each reader wants: colours for a person at a terminal, `LEVEL message
// key=value` for files and pipes, and syslog priorities without timestamps for journald, which adds
// its own time and uses the <N> prefix to set each line's priority.
import * as Cause from "effect/Cause"
import * as HashMap from "effect/HashMap"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import { type LogLevelName, toEffectLogLevel } from "../domain/configValues.js"

export type LogFormat = "pretty" | "plain" | "journald"

/** journald sets JOURNAL_STREAM for the processes whose output it collects. */
export const detectLogFormat = (env: NodeJS.ProcessEnv, isTty: boolean): LogFormat =>
  env["JOURNAL_STREAM"] ? "journald" : isTty ? "pretty" : "plain"

const syslogPriority = (level: LogLevel.LogLevel): number =>
  level._tag === "Fatal" || level._tag === "Error"
    ? 3
    : level._tag === "Warning"
    ? 4
    : level._tag === "Info"
    ? 6
    : 7

const levelWord = (level: LogLevel.LogLevel): string => level._tag === "Warning" ? "WARN" : level.label

const text = (value: unknown): string =>
  typeof value === "string" ? value : value instanceof Error ? value.message : JSON.stringify(value) ?? String(value)

const quoteIfNeeded = (value: string): string => (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value))

/** One physical line per entry: a newline would split it into several journal entries. */
const oneLine = (value: string): string => value.replace(/\r?\n\s*/g, " | ")

export const formatLine = (options: {
  readonly format: Exclude<LogFormat, "pretty">
  readonly level: LogLevel.LogLevel
  readonly message: unknown
  readonly annotations: HashMap.HashMap<string, unknown>
  readonly cause: Cause.Cause<unknown>
}): string => {
  const parts = Array.isArray(options.message) ? options.message.map(text) : [text(options.message)]
  let line = parts.join(" ")
  for (const [key, value] of HashMap.toEntries(options.annotations)) {
    line += ` ${key}=${quoteIfNeeded(text(value))}`
  }
  if (!Cause.isEmpty(options.cause) && !Cause.isInterruptedOnly(options.cause)) {
    const first = Cause.pretty(options.cause, { renderErrorCause: false }).split("\n")[0] ?? ""
    line += ` cause=${quoteIfNeeded(first)}`
  }
  line = oneLine(line)
  return options.format === "journald"
    ? `<${syslogPriority(options.level)}>${line}`
    : `${levelWord(options.level)} ${line}`
}

export const lineLogger = (format: Exclude<LogFormat, "pretty">, write: (line: string) => void) =>
  Logger.make(({ annotations, cause, logLevel, message }) =>
    write(formatLine({ format, level: logLevel, message, annotations, cause }))
  )

export const loggerLayer = (options: {
  readonly format: LogFormat
  readonly level: LogLevelName
  readonly write?: (line: string) => void
}): Layer.Layer<never> => {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const logger = options.format === "pretty"
    ? Logger.prettyLogger({ stderr: true })
    : lineLogger(options.format, write)
  return Layer.merge(
    Logger.replace(Logger.defaultLogger, logger),
    Logger.minimumLogLevel(LogLevel.fromLiteral(toEffectLogLevel(options.level)))
  )
}
