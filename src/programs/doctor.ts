// `doctor`: the operators' runbook as one command. One line a check, with what was found; checks
// that cannot run on this machine say so instead of failing. Exit 1 when any check fails; warnings
// (something that will surprise) and notes (something to know, such as no poll yet) do not fail.
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { configErrorLine } from "../domain/configErrorMessage.js"
import { inlineCommentWarning } from "../domain/dotenv.js"
import { describeFetchFailure } from "../domain/fetchFailure.js"
import { unitName } from "../domain/systemdUnit.js"
import { hereSource, loadConfig, readSettings, type Settings } from "../layers/DotEnvConfigProvider.js"
import type { MonitorConfig } from "../services/AppConfig.js"
import { DatabaseInspector } from "../services/DatabaseInspector.js"
import { HostError, runCommand, systemdRunning } from "./host.js"

export type CheckStatus = "ok" | "fail" | "warn" | "note" | "skip"

export interface CheckResult {
  readonly name: string
  readonly status: CheckStatus
  readonly detail: string
}

const ok = (name: string, detail: string): CheckResult => ({ name, status: "ok", detail })
const failed = (name: string, detail: string): CheckResult => ({ name, status: "fail", detail })
const skipped = (name: string, detail: string): CheckResult => ({ name, status: "skip", detail })
const warned = (name: string, detail: string): CheckResult => ({ name, status: "warn", detail })
const noted = (name: string, detail: string): CheckResult => ({ name, status: "note", detail })
const check = (name: string, pass: boolean, detail: string) => (pass ? ok(name, detail) : failed(name, detail))

/** The slowest the schedule ever polls is 15 minutes (night band, base 5); twice that is overdue. */
const overdueAfterMs = (config: MonitorConfig | undefined) => (config?.scanIntervalMinutes ?? 5) * 3 * 60_000 * 2

const show = (props: ReadonlyArray<string>) =>
  Effect.map(
    runCommand("systemctl", ["show", unitName, ...props.map((p) => `--property=${p}`)]),
    (r) =>
      Object.fromEntries(
        r.stdout.trim().split("\n").map((line) => {
          const eq = line.indexOf("=")
          return [line.slice(0, eq), line.slice(eq + 1)]
        })
      ) as Record<string, string>
  )

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`

const lidSwitchSetting = (): string | undefined => {
  const files = [
    "/etc/systemd/logind.conf",
    "/usr/lib/systemd/logind.conf.d",
    "/run/systemd/logind.conf.d",
    "/etc/systemd/logind.conf.d"
  ]
    .flatMap((path) => {
      try {
        return NodeFs.statSync(path).isDirectory()
          ? NodeFs.readdirSync(path).filter((f) => f.endsWith(".conf")).sort().map((f) => NodePath.join(path, f))
          : [path]
      } catch {
        return []
      }
    })
  let value: string | undefined
  for (const file of files) {
    for (const line of NodeFs.readFileSync(file, "utf8").split("\n")) {
      const m = /^\s*HandleLidSwitch\s*=\s*(\S+)/.exec(line)
      if (m) value = m[1]
    }
  }
  return value
}

const webhookTimeoutSeconds = 10

const webhookCheck = (config: MonitorConfig) =>
  Option.match(config.discordWebhookUrl, {
    onNone: () => Effect.succeed(skipped("Discord webhook", "not set: alerts go to the console")),
    onSome: (url) =>
      Effect.tryPromise({
        // A GET of a webhook describes it and posts nothing.
        try: (signal) =>
          fetch(Redacted.value(url), {
            method: "GET",
            signal: AbortSignal.any([signal, AbortSignal.timeout(webhookTimeoutSeconds * 1000)])
          }),
        // The URL holds the webhook's token: the reason never quotes it.
        catch: (error) => describeFetchFailure(error, webhookTimeoutSeconds)
      }).pipe(
        Effect.map((response) =>
          response.ok
            ? ok("Discord webhook", `reachable (${response.status})`)
            : failed(
              "Discord webhook",
              response.status === 401 || response.status === 404
                ? `answered ${response.status}: deleted or wrong URL`
                : `answered ${response.status}`
            )
        ),
        Effect.catchAll((reason) => Effect.succeed(failed("Discord webhook", `unreachable (${reason})`)))
      )
  })

/** What in the settings would surprise: misspelt keys, and .env lines the service reads differently. */
const settingsChecks = (settings: Settings): ReadonlyArray<CheckResult> => [
  settings.warnings.length === 0
    ? ok("setting names", "all known")
    : warned("setting names", settings.warnings.join("; ")),
  !settings.dotEnv.exists
    ? noted(".env", `none at ${settings.dotEnv.path}: defaults and the environment only`)
    : settings.dotEnv.inlineComments.length === 0
    ? ok(".env", settings.dotEnv.path)
    : warned(".env", settings.dotEnv.inlineComments.map(inlineCommentWarning).join("; "))
]

export const runChecks = Effect.gen(function*() {
  const results: Array<CheckResult> = []
  const now = yield* Clock.currentTimeMillis
  const major = Number(process.versions.node.split(".")[0])
  results.push(check("Node.js", major >= 20, `v${process.versions.node}${major >= 20 ? "" : " (20 or newer needed)"}`))

  const settings = yield* Effect.either(readSettings(hereSource()))
  const loaded = Either.isRight(settings)
    ? yield* Effect.either(loadConfig(settings.right))
    : Either.left(settings.left)
  const config = Either.getRight(loaded).pipe(Option.getOrUndefined)
  results.push(
    Either.isRight(loaded)
      ? ok("configuration", "valid")
      : failed("configuration", configErrorLine(loaded.left).replace(/^config error: /, ""))
  )
  if (Either.isRight(settings)) results.push(...settingsChecks(settings.right))

  const dbPath = config?.dbPath ?? NodePath.resolve("data/sofascore_monitor.db")
  const present = NodeFs.existsSync(dbPath)
  results.push(check("database present", present, dbPath))
  if (present) {
    const inspected = yield* Effect.either((yield* DatabaseInspector).inspect(dbPath))
    if (Either.isLeft(inspected)) {
      results.push(failed("database readable", inspected.left))
    } else {
      const db = inspected.right
      results.push(check("integrity_check", db.integrity === "ok", db.integrity))
      results.push(check("journal mode", db.journalMode === "wal", db.journalMode))
      const missing = ["seen_bets", "user_status", "latest_odds"].filter((t) => !db.tables.includes(t))
      results.push(
        check(
          "tables",
          missing.length === 0,
          missing.length === 0 ? "seen_bets, user_status, latest_odds" : `missing ${missing.join(", ")}`
        )
      )
      results.push(
        db.lastCycleAt === null
          ? noted("last poll", "none yet: the monitor has not run (start the service, or run `once`)")
          : check(
            "last poll",
            now - db.lastCycleAt < overdueAfterMs(config),
            `${Math.round((now - db.lastCycleAt) / 60_000)} min ago`
          )
      )
    }
  }

  if (!(yield* systemdRunning)) {
    const why = "systemd is not running here"
    for (const name of ["service enabled", "service active", "memory", "CPU quota", "tasks", "journal"]) {
      results.push(skipped(name, why))
    }
  } else {
    const enabled = (yield* runCommand("systemctl", ["is-enabled", unitName])).stdout.trim()
    results.push(check("service enabled", enabled === "enabled", enabled || "not installed"))
    const props = yield* show([
      "ActiveState",
      "SubState",
      "MemoryCurrent",
      "MemoryHigh",
      "MemoryMax",
      "CPUQuotaPerSecUSec",
      "TasksMax",
      "NRestarts"
    ])
    results.push(
      check(
        "service active",
        props["ActiveState"] === "active",
        `${props["ActiveState"]} (${props["SubState"]}), ${props["NRestarts"] ?? "0"} restarts`
      )
    )
    const current = Number(props["MemoryCurrent"])
    const high = Number(props["MemoryHigh"])
    results.push(
      Number.isFinite(current) && Number.isFinite(high)
        ? check(
          "memory",
          current < high,
          `${mb(current)} of MemoryHigh ${mb(high)} (MemoryMax ${mb(Number(props["MemoryMax"]))})`
        )
        : failed("memory", `MemoryCurrent=${props["MemoryCurrent"]} MemoryHigh=${props["MemoryHigh"]}`)
    )
    results.push(
      check(
        "CPU quota",
        props["CPUQuotaPerSecUSec"] === "400ms",
        `${props["CPUQuotaPerSecUSec"]} per second (40 % expected)`
      )
    )
    results.push(check("tasks", props["TasksMax"] === "50", `TasksMax=${props["TasksMax"]}`))
    const journal = yield* runCommand("journalctl", ["-u", unitName, "--since", "-24h", "--no-pager", "-o", "cat"])
    const locked = journal.stdout.split("\n").filter((l) => l.includes("database is locked")).length
    results.push(
      journal.code === 0
        ? check(
          "journal",
          locked === 0,
          locked === 0
            ? "no \"database is locked\" in the last 24 h"
            : `"database is locked" ${locked} times in the last 24 h`
        )
        : skipped("journal", "journalctl cannot be read here (try sudo)")
    )
  }

  const hasLid = NodeFs.existsSync("/proc/acpi/button/lid")
  const lid = lidSwitchSetting()
  results.push(
    lid === "ignore"
      ? ok("lid switch", "ignored")
      : hasLid
      ? failed(
        "lid switch",
        `HandleLidSwitch=${
          lid ?? "suspend (default)"
        }: closing the lid suspends; install-service --lid-switch changes it`
      )
      : skipped("lid switch", `no lid on this machine (HandleLidSwitch=${lid ?? "default"})`)
  )
  results.push(config === undefined ? skipped("Discord webhook", "configuration invalid") : yield* webhookCheck(config))
  return results
})

const marks: Record<CheckStatus, string> = { ok: "✓", fail: "✗", warn: "!", note: "·", skip: "–" }

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`

export const doctor = (options: { readonly json: boolean }) =>
  Effect.gen(function*() {
    const results = yield* runChecks
    const failures = results.filter((r) => r.status === "fail").length
    const warnings = results.filter((r) => r.status === "warn").length
    const notes = results.filter((r) => r.status === "note").length
    if (options.json) {
      yield* Console.log(JSON.stringify({ ok: failures === 0, checks: results }, null, 2))
    } else {
      const width = Math.max(...results.map((r) => r.name.length))
      for (const r of results) yield* Console.log(`${marks[r.status]} ${r.name.padEnd(width)}  ${r.detail}`)
      const also = [...(warnings > 0 ? [count(warnings, "warning")] : []), ...(notes > 0 ? [count(notes, "note")] : [])]
      yield* Console.log(
        `\n${failures === 0 ? "all checks passed" : `${count(failures, "check")} failed`}${
          also.length === 0 ? "" : `; ${also.join(", ")}`
        }`
      )
    }
    if (failures > 0) return yield* Effect.fail(new HostError({ message: `${failures} doctor check(s) failed` }))
  })
