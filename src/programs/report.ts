// Results: what following the alerts returned. `report` prints it (a table, or JSON for scripts),
// `report --post` queues it for Discord, and the daemon queues it on REPORT_SCHEDULE through the
// outbox, so a Discord outage delays it and loses nothing.
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { ReportAlert } from "../domain/alert.js"
import { formatPct } from "../domain/alertText.js"
import {
  belowFollowedYield,
  type FollowedReport,
  renderReportTable,
  reportJson,
  summarise
} from "../domain/followedReport.js"
import { reportPeriodStart, reportSlotAt } from "../domain/reportSchedule.js"
import { AppConfig } from "../services/AppConfig.js"
import { Storage } from "../services/Storage.js"

/** The monitor_state key under which the daemon records the last report slot it queued. */
export const reportSlotStateKey = "report_last_slot"
const postedStateKey = "report_posted_at"

const reportAlert = (report: FollowedReport, since: number | null, now: number): ReportAlert => ({
  _tag: "Report",
  since,
  overall: report.overall,
  predictors: report.predictors,
  detectedAt: now
})

const reportSince = (since: number | null) =>
  Effect.gen(function*() {
    const storage = yield* Storage
    const now = yield* Clock.currentTimeMillis
    return { report: summarise(yield* storage.followedPicks({ since }), now), now }
  })

/** `report`: the table (colours only for a terminal) or `--json`. */
export const printReport = (
  options: { readonly since: number | null; readonly json: boolean; readonly color: boolean }
) =>
  Effect.gen(function*() {
    const { report } = yield* reportSince(options.since)
    if (options.json) return yield* Console.log(JSON.stringify(reportJson(report, options.since), null, 2))
    yield* Console.log(renderReportTable(report, { color: options.color, since: options.since }))
    const config = yield* AppConfig
    if (Option.isSome(config.minFollowedYield)) {
      const picks = yield* (yield* Storage).followedPicks({ since: null })
      const below = belowFollowedYield(picks, {
        minYieldPct: config.minFollowedYield.value,
        settled: config.minFollowedSettled
      })
      const names = [...below].map(([id, yieldPct]) =>
        `${picks.find((p) => p.userId === id)?.userName ?? id} (${formatPct(yieldPct)})`
      )
      if (names.length > 0) {
        yield* Console.log(
          `\nNo longer watched (followed yield over the last ${config.minFollowedSettled} settled picks below MIN_FOLLOWED_YIELD=${config.minFollowedYield.value}): ${
            names.join(", ")
          }`
        )
      }
    }
  })

/** `report --post`: the report joins the outbox, to go out with the next delivery. */
export const queueReport = (since: number | null) =>
  Effect.gen(function*() {
    const { now, report } = yield* reportSince(since)
    yield* (yield* Storage).queueWithState(reportAlert(report, since, now), now, {
      key: postedStateKey,
      value: String(now)
    })
  })

/**
 * The scheduled report, once per slot: the first slot the daemon sees only starts the count (the
 * first report follows at the next one), and the slot is recorded with the queued report in one
 * transaction, so a restart or a crash never posts twice.
 */
export const queueScheduledReport = Effect.gen(function*() {
  const { reportSchedule } = yield* AppConfig
  if (reportSchedule === "off") return false
  const storage = yield* Storage
  const now = yield* Clock.currentTimeMillis
  const slot = reportSlotAt(reportSchedule, now)
  if (slot === undefined) return false
  const last = yield* storage.getState(reportSlotStateKey)
  if (last === null) {
    yield* storage.setState(reportSlotStateKey, String(slot))
    return false
  }
  if (slot <= Number(last)) return false
  const since = reportPeriodStart(reportSchedule, slot)
  const { report } = yield* reportSince(since)
  yield* storage.queueWithState(reportAlert(report, since, now), now, { key: reportSlotStateKey, value: String(slot) })
  yield* Effect.logInfo(`Queued the ${reportSchedule} results report (${report.overall.alerts} followed picks)`)
  return true
})
