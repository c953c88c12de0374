// The program's whole configuration, read once through Effect's Config so that every key is
// validated before anything else happens and a bad one fails with the key's name.
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import {
  type LogLevelName,
  type Parsed,
  parseDiscordWebhookUrl,
  parseFilePath,
  parseHttpUrl,
  parseLogLevel,
  parseNonEmpty,
  parseNumber,
  parseOneOf,
  type PathBase
} from "../domain/configValues.js"
import type { FirstPoll } from "../domain/pollPlan.js"
import type { ReportSchedule } from "../domain/reportSchedule.js"

export interface MonitorConfig {
  readonly discordWebhookUrl: Option.Option<Redacted.Redacted<string>>
  readonly discordHealthWebhookUrl: Option.Option<Redacted.Redacted<string>>
  readonly scanIntervalMinutes: number
  readonly minRoiPct: number
  readonly minAvgOdds: number
  readonly minTotalBets: number
  readonly topPredictorsLimit: number
  /** Absolute path of the SQLite file. */
  readonly dbPath: string
  readonly logLevel: LogLevelName
  /** API root without a trailing slash. */
  readonly sofascoreBaseUrl: string
  readonly proxyUrl: Option.Option<Redacted.Redacted<string>>
  readonly httpTimeoutSeconds: number
  readonly maxConcurrentRequests: number
  readonly lineMovementThresholdPct: number
  readonly timeLookaheadHours: number
  readonly matchGracePeriodMinutes: number
  readonly retentionDays: number
  /** What a predictor's first successful poll does with the picks already open. */
  readonly firstPoll: FirstPoll
  /** How long followed picks and their results are kept, days. */
  readonly resultsRetentionDays: number
  /** When the results report goes to Discord. */
  readonly reportSchedule: ReportSchedule
  /** Stop watching a predictor whose followed yield over their last settled picks falls below this, percent. */
  readonly minFollowedYield: Option.Option<number>
  /** How many of their last settled picks that yield is taken over (and needs before it counts). */
  readonly minFollowedSettled: number
  readonly otlpEndpoint: Option.Option<string>
  /** service.name of the traces (the standard OTEL_SERVICE_NAME). */
  readonly otelServiceName: string
}

/**
 * Every key the program reads, in the README's order: `setting` takes no other, `--help` names them
 * from here, and names close to one of these are typos.
 */
export const configKeys = [
  "DISCORD_WEBHOOK_URL",
  "DISCORD_HEALTH_WEBHOOK_URL",
  "SCAN_INTERVAL_MINUTES",
  "MIN_ROI",
  "MIN_AVG_ODDS",
  "MIN_TOTAL_BETS",
  "TOP_PREDICTORS_LIMIT",
  "DB_PATH",
  "LOG_LEVEL",
  "SOFASCORE_BASE_URL",
  "PROXY_URL",
  "HTTP_TIMEOUT_SECONDS",
  "MAX_CONCURRENT_REQUESTS",
  "LINE_MOVEMENT_THRESHOLD_PCT",
  "TIME_LOOKAHEAD_HOURS",
  "MATCH_GRACE_PERIOD_MINUTES",
  "RETENTION_DAYS",
  "FIRST_POLL",
  "RESULTS_RETENTION_DAYS",
  "REPORT_SCHEDULE",
  "MIN_FOLLOWED_YIELD",
  "MIN_FOLLOWED_SETTLED",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_SERVICE_NAME"
] as const

export type ConfigKey = typeof configKeys[number]

/**
 * One key: unset or blank means the default (a blank line in .env is how people "unset" a key),
 * anything else must parse.
 */
const setting = <A>(key: ConfigKey, parse: (raw: string) => Parsed<A>): Config.Config<Option.Option<A>> =>
  Config.string(key).pipe(
    Config.option,
    Config.mapOrFail((raw) => {
      const text = Option.filter(Option.map(raw, (s) => s.trim()), (s) => s.length > 0)
      if (Option.isNone(text)) return Either.right(Option.none())
      return Either.mapBoth(parse(text.value), {
        onLeft: (message) => ConfigError.InvalidData([key], message),
        onRight: Option.some
      })
    })
  )

const withDefault = <A>(config: Config.Config<Option.Option<A>>, fallback: A): Config.Config<A> =>
  Config.map(config, Option.getOrElse(() => fallback))

/** Wrapped in Redacted as soon as it is parsed, so no log line or error can print it by accident. */
const secretUrl = (
  key: ConfigKey,
  parse: (raw: string) => Parsed<string> = parseHttpUrl({ secret: true })
): Config.Config<Option.Option<Redacted.Redacted<string>>> => Config.map(setting(key, parse), Option.map(Redacted.make))

/** The configuration, with DB_PATH read from `base`: `~` is its home, a relative path starts in its directory. */
export const monitorConfigIn = (base: PathBase): Config.Config<MonitorConfig> =>
  Config.all({
    discordWebhookUrl: secretUrl("DISCORD_WEBHOOK_URL", parseDiscordWebhookUrl),
    discordHealthWebhookUrl: secretUrl("DISCORD_HEALTH_WEBHOOK_URL", parseDiscordWebhookUrl),
    scanIntervalMinutes: withDefault(setting("SCAN_INTERVAL_MINUTES", parseNumber({ min: 1, max: 120 })), 5),
    minRoiPct: withDefault(setting("MIN_ROI", parseNumber({ min: -100, max: 1000 })), 5.0),
    minAvgOdds: withDefault(setting("MIN_AVG_ODDS", parseNumber({ min: 1, max: 1000 })), 1.5),
    minTotalBets: withDefault(setting("MIN_TOTAL_BETS", parseNumber({ min: 0, max: 1_000_000, integer: true })), 10),
    topPredictorsLimit: withDefault(
      setting("TOP_PREDICTORS_LIMIT", parseNumber({ min: 1, max: 100, integer: true })),
      10
    ),
    dbPath: withDefault(
      setting("DB_PATH", parseFilePath(base)),
      NodePath.resolve(base.directory, "data/sofascore_monitor.db")
    ),
    logLevel: withDefault(setting("LOG_LEVEL", parseLogLevel), "INFO" as LogLevelName),
    sofascoreBaseUrl: Config.map(
      withDefault(setting("SOFASCORE_BASE_URL", parseHttpUrl({ secret: false })), "https://www.sofascore.com/api/v1"),
      (url) => url.replace(/\/+$/, "")
    ),
    proxyUrl: secretUrl("PROXY_URL"),
    httpTimeoutSeconds: withDefault(setting("HTTP_TIMEOUT_SECONDS", parseNumber({ min: 1, max: 300 })), 15),
    maxConcurrentRequests: withDefault(
      setting("MAX_CONCURRENT_REQUESTS", parseNumber({ min: 1, max: 20, integer: true })),
      5
    ),
    lineMovementThresholdPct: withDefault(
      setting("LINE_MOVEMENT_THRESHOLD_PCT", parseNumber({ min: 0.1, max: 1000 })),
      15
    ),
    timeLookaheadHours: withDefault(setting("TIME_LOOKAHEAD_HOURS", parseNumber({ min: 1, max: 720 })), 24),
    matchGracePeriodMinutes: withDefault(
      setting("MATCH_GRACE_PERIOD_MINUTES", parseNumber({ min: 0, max: 180 })),
      5
    ),
    retentionDays: withDefault(setting("RETENTION_DAYS", parseNumber({ min: 1, max: 3650, integer: true })), 30),
    firstPoll: withDefault(setting("FIRST_POLL", parseOneOf(["digest", "alerts", "silent"] as const)), "digest"),
    resultsRetentionDays: withDefault(
      setting("RESULTS_RETENTION_DAYS", parseNumber({ min: 1, max: 3650, integer: true })),
      365
    ),
    reportSchedule: withDefault(setting("REPORT_SCHEDULE", parseOneOf(["off", "daily", "weekly"] as const)), "weekly"),
    minFollowedYield: setting("MIN_FOLLOWED_YIELD", parseNumber({ min: -100, max: 1000 })),
    minFollowedSettled: withDefault(
      setting("MIN_FOLLOWED_SETTLED", parseNumber({ min: 1, max: 10_000, integer: true })),
      30
    ),
    otlpEndpoint: setting("OTEL_EXPORTER_OTLP_ENDPOINT", parseHttpUrl({ secret: false })),
    otelServiceName: withDefault(setting("OTEL_SERVICE_NAME", parseNonEmpty), "sofascore-monitor")
  })

/** The configuration as a command started here reads it: from the working directory, for this user. */
export const monitorConfig: Config.Config<MonitorConfig> = Config.suspend(() =>
  monitorConfigIn({ directory: process.cwd(), home: NodeOs.homedir() })
)

export class AppConfig extends Context.Tag("sofascore-monitor/AppConfig")<AppConfig, MonitorConfig>() {
  /** Reads and validates every key from the ambient ConfigProvider. */
  static readonly layer = Layer.effect(AppConfig, monitorConfig)
}
