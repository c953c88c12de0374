// `status`: what the monitor has stored, for a person (`status`) or a script (`status --json`).
// It reports whether a webhook is set, never the webhook itself. In JSON, "database" is "ok",
// "missing" or "empty", and "file" the database's absolute path.
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { formatPct, formatUnits } from "../domain/alertText.js"
import { reportJson, summarise } from "../domain/followedReport.js"
import { AppConfig } from "../services/AppConfig.js"
import { type NoDatabase, Storage } from "../services/Storage.js"

const ago = (now: number, at: number): string => {
  const minutes = Math.round((now - at) / 60_000)
  return minutes < 1 ? "just now" : minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`
}

const iso = (ms: number): string => new Date(ms).toISOString()

/**
 * With --json, no database is still an answer a script can read (`"database": "missing"` or
 * `"empty"`); the command fails all the same (exit 1, the message on stderr), as without --json.
 */
export const reportNoDatabase = (options: { readonly json: boolean }) => (error: NoDatabase) =>
  options.json
    ? Console.log(JSON.stringify({ database: error.state, file: error.file, message: error.message }, null, 2))
    : Effect.void

export const status = (options: { readonly json: boolean }) =>
  Effect.gen(function*() {
    const config = yield* AppConfig
    const storage = yield* Storage
    const stats = yield* storage.stats
    const now = yield* Clock.currentTimeMillis
    const results = reportJson(summarise(yield* storage.followedPicks({ since: null }), now), null).overall
    const alertsTo = Option.isSome(config.discordWebhookUrl) ? "discord" : "console"

    if (options.json) {
      yield* Console.log(JSON.stringify(
        {
          database: "ok",
          file: stats.file,
          journalMode: stats.journalMode,
          tables: stats.tables,
          pendingAlerts: stats.pendingAlerts,
          failedAlerts: stats.failedAlerts,
          pausedUsers: stats.pausedUsers.map((u) => ({
            userId: u.userId,
            name: u.name,
            pausedUntil: u.pausedUntil === null ? null : iso(u.pausedUntil),
            lastError: u.lastError
          })),
          lastPollAt: stats.lastPollAt === null ? null : iso(stats.lastPollAt),
          alertsTo,
          results
        },
        null,
        2
      ))
      return
    }

    const width = Math.max(...Object.keys(stats.tables).map((name) => name.length))
    yield* Console.log(`database: ${stats.file} (journal mode ${stats.journalMode})`)
    for (const [name, count] of Object.entries(stats.tables)) {
      yield* Console.log(`  ${name.padEnd(width)}  ${count}`)
    }
    yield* Console.log(`alerts: ${stats.pendingAlerts} pending, ${stats.failedAlerts} failed; sent to ${alertsTo}`)
    if (stats.pausedUsers.length === 0) {
      yield* Console.log("paused users: none")
    } else {
      yield* Console.log(`paused users: ${stats.pausedUsers.length}`)
      for (const u of stats.pausedUsers) {
        yield* Console.log(
          `  ${u.name ?? u.userId} (${u.userId}) until ${iso(u.pausedUntil ?? now)}${
            u.lastError === null ? "" : `: ${u.lastError}`
          }`
        )
      }
    }
    yield* Console.log(
      `last poll: ${stats.lastPollAt === null ? "never" : `${iso(stats.lastPollAt)} (${ago(now, stats.lastPollAt)})`}`
    )
    yield* Console.log(
      `results: ${results.alerts} followed picks: ${results.won} won, ${results.lost} lost, ${results.void} void, ${
        results.pending + results.unresolved
      } open; ${formatUnits(results.profitUnits)}${
        results.yieldPct === null ? "" : `, yield ${formatPct(results.yieldPct)}`
      } (\`report\` for each predictor)`
    )
  })
