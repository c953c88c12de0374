// Every key: its default, a good value, a bad value; and the environment winning over .env.
import * as ConfigError from "effect/ConfigError"
import * as ConfigProvider from "effect/ConfigProvider"
import * as PathPatch from "effect/ConfigProviderPathPatch"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as HashSet from "effect/HashSet"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"
import { configErrorLine } from "../src/domain/configErrorMessage.js"
import { providerFrom } from "../src/layers/DotEnvConfigProvider.js"
import { configKeys, type MonitorConfig, monitorConfig, monitorConfigIn } from "../src/services/AppConfig.js"

const load = (env: Record<string, string>, dotEnv: Record<string, string> = {}) =>
  Effect.runSync(
    Effect.either(
      Effect.withConfigProvider(
        monitorConfig,
        providerFrom(ConfigProvider.fromMap(new Map(Object.entries(env))), new Map(Object.entries(dotEnv)))
      )
    )
  )

const loaded = (env: Record<string, string>, dotEnv: Record<string, string> = {}): MonitorConfig => {
  const result = load(env, dotEnv)
  if (Either.isLeft(result)) throw new Error(configErrorLine(result.left))
  return result.right
}

const errorLine = (env: Record<string, string>): string => {
  const result = load(env)
  if (Either.isRight(result)) throw new Error("expected a config error")
  return configErrorLine(result.left)
}

const reveal = (value: Option.Option<Redacted.Redacted<string>>) => Option.map(value, Redacted.value)

describe("configuration", () => {
  it("has the documented defaults", () => {
    const config = loaded({})
    expect(reveal(config.discordWebhookUrl)).toEqual(Option.none())
    expect(reveal(config.discordHealthWebhookUrl)).toEqual(Option.none())
    expect(config.scanIntervalMinutes).toBe(5)
    expect(config.minRoiPct).toBe(5)
    expect(config.minAvgOdds).toBe(1.5)
    expect(config.minTotalBets).toBe(10)
    expect(config.topPredictorsLimit).toBe(10)
    expect(config.dbPath).toBe(NodePath.resolve("data/sofascore_monitor.db"))
    expect(config.logLevel).toBe("INFO")
    expect(config.sofascoreBaseUrl).toBe("https://www.sofascore.com/api/v1")
    expect(reveal(config.proxyUrl)).toEqual(Option.none())
    expect(config.httpTimeoutSeconds).toBe(15)
    expect(config.maxConcurrentRequests).toBe(5)
    expect(config.lineMovementThresholdPct).toBe(15)
    expect(config.timeLookaheadHours).toBe(24)
    expect(config.matchGracePeriodMinutes).toBe(5)
    expect(config.retentionDays).toBe(30)
    expect(config.otlpEndpoint).toEqual(Option.none())
  })

  // field, key, a good raw value, what it becomes ("secret": redacted, "some": kept as is), a bad raw value, its message
  const cases: ReadonlyArray<readonly [keyof MonitorConfig, string, string, unknown, string, string]> = [
    [
      "discordWebhookUrl",
      "DISCORD_WEBHOOK_URL",
      "https://discord.com/api/webhooks/1/tok",
      "secret",
      "discord.com/webhooks",
      "expected an absolute http(s) URL, (value hidden)"
    ],
    [
      "discordHealthWebhookUrl",
      "DISCORD_HEALTH_WEBHOOK_URL",
      "http://127.0.0.1:9/api/webhooks/2/t",
      "secret",
      "ftp://x/y",
      "expected an http or https URL, (value hidden)"
    ],
    ["scanIntervalMinutes", "SCAN_INTERVAL_MINUTES", "2.5", 2.5, "121", "must be between 1 and 120, got 121"],
    ["minRoiPct", "MIN_ROI", "-3", -3, "abc", "expected a number, got \"abc\""],
    ["minAvgOdds", "MIN_AVG_ODDS", "2", 2, "0.9", "must be between 1 and 1000, got 0.9"],
    ["minTotalBets", "MIN_TOTAL_BETS", "50", 50, "1.5", "expected a whole number, got \"1.5\""],
    ["topPredictorsLimit", "TOP_PREDICTORS_LIMIT", "25", 25, "0", "must be between 1 and 100, got 0"],
    ["dbPath", "DB_PATH", "/var/lib/x/monitor.db", "/var/lib/x/monitor.db", "", ""],
    [
      "logLevel",
      "LOG_LEVEL",
      "warning",
      "WARN",
      "verbose",
      "expected one of DEBUG, INFO, WARN, WARNING, ERROR, got \"verbose\""
    ],
    [
      "sofascoreBaseUrl",
      "SOFASCORE_BASE_URL",
      "http://127.0.0.1:8080/api/v1/",
      "http://127.0.0.1:8080/api/v1",
      "sofascore.com",
      "expected an absolute http(s) URL, got \"sofascore.com\""
    ],
    [
      "proxyUrl",
      "PROXY_URL",
      "http://user:pass@proxy:3128",
      "secret",
      "socks9://user:pass@p",
      "expected an http or https URL, (value hidden)"
    ],
    ["httpTimeoutSeconds", "HTTP_TIMEOUT_SECONDS", "30", 30, "0", "must be between 1 and 300, got 0"],
    ["maxConcurrentRequests", "MAX_CONCURRENT_REQUESTS", "3", 3, "50", "must be between 1 and 20, got 50"],
    ["lineMovementThresholdPct", "LINE_MOVEMENT_THRESHOLD_PCT", "10", 10, "-5", "must be between 0.1 and 1000, got -5"],
    ["timeLookaheadHours", "TIME_LOOKAHEAD_HOURS", "48", 48, "forever", "expected a number, got \"forever\""],
    ["matchGracePeriodMinutes", "MATCH_GRACE_PERIOD_MINUTES", "0", 0, "-1", "must be between 0 and 180, got -1"],
    ["retentionDays", "RETENTION_DAYS", "7", 7, "0", "must be between 1 and 3650, got 0"],
    [
      "otlpEndpoint",
      "OTEL_EXPORTER_OTLP_ENDPOINT",
      "http://127.0.0.1:4318",
      "some",
      "localhost:4318",
      "expected an http or https URL, got \"localhost:4318\""
    ]
  ]

  for (const [field, key, good, expected, bad, message] of cases) {
    it(`${key}: a good value is used`, () => {
      const value = loaded({ [key]: good })[field]
      if (expected === "secret") expect(reveal(value as never)).toEqual(Option.some(good))
      else if (expected === "some") expect(value).toEqual(Option.some(good))
      else expect(value).toEqual(expected)
    })
    if (bad !== "") {
      it(`${key}: a bad value names the key`, () => {
        const line = errorLine({ [key]: bad })
        expect(line).toBe(`config error: ${key}: ${message}`)
        if (expected === "secret") expect(line).not.toContain(bad)
      })
    }
  }

  it("lists in configKeys, which --help names, exactly the keys it reads", () => {
    const read = new Set<string>()
    const recording = ConfigProvider.fromFlat(ConfigProvider.makeFlat({
      load: (path) => {
        read.add(path.join("."))
        return Effect.fail(ConfigError.MissingData([...path], "unset"))
      },
      enumerateChildren: () => Effect.succeed(HashSet.empty()),
      patch: PathPatch.empty
    }))
    Effect.runSync(Effect.withConfigProvider(monitorConfig, recording))
    expect([...read].sort()).toEqual([...configKeys].sort())
  })

  it("treats a blank value as unset", () => {
    expect(loaded({ MIN_ROI: "  ", DISCORD_WEBHOOK_URL: "" }).minRoiPct).toBe(5)
  })

  it("names every bad key on one line", () => {
    expect(errorLine({ MIN_ROI: "x", RETENTION_DAYS: "0" })).toBe(
      "config error: MIN_ROI: expected a number, got \"x\"; RETENTION_DAYS: must be between 1 and 3650, got 0"
    )
  })

  it("takes a key from .env when the environment lacks it, and the environment when both have it", () => {
    expect(loaded({}, { MIN_ROI: "8" }).minRoiPct).toBe(8)
    expect(loaded({ MIN_ROI: "9" }, { MIN_ROI: "8" }).minRoiPct).toBe(9)
    expect(loaded({ MIN_ROI: "9" }, { MIN_ROI: "not a number" }).minRoiPct).toBe(9)
  })

  it("reads DB_PATH from the directory and home it is given, not from where the process runs", () => {
    const dbPath = (env: Record<string, string>) =>
      Effect.runSync(
        Effect.withConfigProvider(
          monitorConfigIn({ directory: "/srv/monitor", home: "/home/alice" }),
          ConfigProvider.fromMap(new Map(Object.entries(env)))
        )
      ).dbPath
    expect(dbPath({})).toBe("/srv/monitor/data/sofascore_monitor.db")
    expect(dbPath({ DB_PATH: "state/x.db" })).toBe("/srv/monitor/state/x.db")
    expect(dbPath({ DB_PATH: "~/x.db" })).toBe("/home/alice/x.db")
    expect(errorLine({ DB_PATH: "/proc/1/x.db" })).toBe(
      "config error: DB_PATH: must not be under /proc (a kernel file system), got \"/proc/1/x.db\""
    )
  })
})
