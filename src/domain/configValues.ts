// Parsers for configuration values. Each returns either the value or a message short enough to sit
// on one line after the key's name: the operator reads it in `journalctl` or a terminal.
import * as Either from "effect/Either"
import type * as LogLevel from "effect/LogLevel"
import * as NodePath from "node:path"
import { isWebhookPath } from "./discordWebhook.js"

export type Parsed<A> = Either.Either<A, string>

export interface NumberRule {
  readonly min: number
  readonly max: number
  readonly integer?: boolean
}

const show = (raw: string): string => JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw)

export const parseNumber = (rule: NumberRule) => (raw: string): Parsed<number> => {
  // Number("") and Number("0x10") would slip through; require a plain decimal literal.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) {
    return Either.left(`expected ${rule.integer ? "a whole number" : "a number"}, got ${show(raw)}`)
  }
  const value = Number(raw)
  if (rule.integer && !Number.isInteger(value)) return Either.left(`expected a whole number, got ${show(raw)}`)
  if (value < rule.min || value > rule.max) {
    return Either.left(`must be between ${rule.min} and ${rule.max}, got ${raw}`)
  }
  return Either.right(value)
}

/**
 * An absolute http(s) URL. Secret URLs (webhooks carry their token in the path, proxies their
 * password) are never echoed back in the message.
 */
export const parseHttpUrl = (options: { readonly secret: boolean }) => (raw: string): Parsed<string> => {
  const got = options.secret ? "(value hidden)" : `got ${show(raw)}`
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return Either.left(`expected an absolute http(s) URL, ${got}`)
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Either.left(`expected an http or https URL, ${got}`)
  }
  return Either.right(raw)
}

/** A Discord webhook URL (see discordWebhook.ts); never echoed back, as its path holds the token. */
export const parseDiscordWebhookUrl = (raw: string): Parsed<string> =>
  Either.flatMap(
    parseHttpUrl({ secret: true })(raw),
    (url) =>
      isWebhookPath(new URL(url))
        ? Either.right(url)
        : Either.left("expected a Discord webhook URL, https://discord.com/api/webhooks/<id>/<token>, (value hidden)")
  )

export type LogLevelName = "DEBUG" | "INFO" | "WARN" | "ERROR"

const logLevels: Record<string, LogLevelName> = {
  DEBUG: "DEBUG",
  INFO: "INFO",
  WARN: "WARN",
  WARNING: "WARN",
  ERROR: "ERROR"
}

export const parseLogLevel = (raw: string): Parsed<LogLevelName> => {
  const level = logLevels[raw.toUpperCase()]
  return level === undefined
    ? Either.left(`expected one of DEBUG, INFO, WARN, WARNING, ERROR, got ${show(raw)}`)
    : Either.right(level)
}

export const toEffectLogLevel = (name: LogLevelName): LogLevel.Literal =>
  name === "WARN" ? "Warning" : name === "DEBUG" ? "Debug" : name === "ERROR" ? "Error" : "Info"

/** One of a few words, in any case. */
export const parseOneOf = <const A extends string>(choices: ReadonlyArray<A>) => (raw: string): Parsed<A> => {
  const choice = choices.find((c) => c === raw.toLowerCase())
  return choice === undefined
    ? Either.left(`expected one of ${choices.join(", ")}, got ${show(raw)}`)
    : Either.right(choice)
}

export const parseNonEmpty = (raw: string): Parsed<string> =>
  raw.length === 0 ? Either.left("must not be empty") : Either.right(raw)

/** Where a relative path starts and what `~` stands for: the working directory and home of whoever runs it. */
export interface PathBase {
  readonly directory: string
  readonly home: string
}

/** Kernel file systems: Node's recursive mkdir spins at 100 % CPU under /proc, and nothing there holds a file. */
const kernelFolders = ["/proc", "/sys", "/dev"]

/**
 * A file path as a shell would read it: `~` and `~/…` are the home directory (not a folder named
 * "~"), a relative path starts at the working directory. Paths under /proc, /sys and /dev are refused.
 */
export const parseFilePath = (base: PathBase) => (raw: string): Parsed<string> => {
  if (/^~[^/]/.test(raw)) return Either.left(`~user paths are not expanded; write the full path, got ${show(raw)}`)
  const expanded = raw === "~" || raw.startsWith("~/") ? NodePath.join(base.home, raw.slice(1)) : raw
  const path = NodePath.resolve(base.directory, expanded)
  const kernel = kernelFolders.find((folder) => path === folder || path.startsWith(`${folder}/`))
  return kernel === undefined
    ? Either.right(path)
    : Either.left(`must not be under ${kernel} (a kernel file system), got ${show(path)}`)
}
