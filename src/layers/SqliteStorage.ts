// Storage on one SQLite file in WAL mode through @effect/sql: the queries behind the Storage contract,
// and the layer that opens the file (SqliteDatabase.ts) for them. Only these two files know SQL.
import type * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { type Alert, AlertJson, alertMatch } from "../domain/alert.js"
import type { FollowedPick } from "../domain/followedReport.js"
import type { PredictionKey } from "../domain/model.js"
import { AppConfig } from "../services/AppConfig.js"
import {
  type CleanupResult,
  DatabaseOpened,
  type KnownPrediction,
  lastCycleStateKey,
  type OutboxEntry,
  Storage,
  type StorageError,
  type StorageShape,
  type UserStatus
} from "../services/Storage.js"
import { openDatabase, storageError } from "./SqliteDatabase.js"

/** Rows per INSERT, far below SQLite's limit on bound parameters. */
const insertChunk = 200

const chunks = <A>(items: ReadonlyArray<A>): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += insertChunk) out.push(items.slice(i, i + insertChunk))
  return out
}

interface UserStatusRow {
  readonly user_id: string
  readonly name: string | null
  readonly consecutive_failures: number
  readonly paused_until: number | null
  readonly last_error: string | null
  readonly last_polled_at: number | null
  readonly last_success_at: number | null
  readonly deep_read_at: number | null
}

const toUserStatus = (row: UserStatusRow): UserStatus => ({
  userId: row.user_id,
  name: row.name,
  consecutiveFailures: row.consecutive_failures,
  pausedUntil: row.paused_until,
  lastError: row.last_error,
  lastPolledAt: row.last_polled_at,
  lastSuccessAt: row.last_success_at,
  deepReadAt: row.deep_read_at ?? null
})

const encodeAlert = Schema.encodeSync(AlertJson)
const decodeAlert = Schema.decodeUnknownEither(AlertJson)

const alertRow = (alert: Alert, at: number) => ({
  kind: alert._tag,
  user_id: alert._tag === "Report" ? "" : alert.predictor.id,
  event_id: alertMatch(alert)?.eventId ?? 0,
  start_at: alertMatch(alert)?.startAt ?? null,
  payload: encodeAlert(alert),
  created_at: at
})

/** A prediction's key as the columns every per-prediction table shares. */
const keyColumns = (key: PredictionKey) => ({
  user_id: key.userId,
  event_id: key.eventId,
  market: key.market,
  pick: key.pick
})

export const makeStorage = (sql: SqliteClient.SqliteClient, file: string): StorageShape => {
  const fail = (what: string) => <A, R>(effect: Effect.Effect<A, SqlError, R>) =>
    Effect.mapError(effect, storageError(file, what))

  const knownPredictions: StorageShape["knownPredictions"] = (userId, eventIds) =>
    eventIds.length === 0 ? Effect.succeed([]) : sql<{
      event_id: number
      market: string
      pick: string
      alerted: number
      odds: number | null
      baseline_odds: number | null
    }>`
      SELECT s.event_id, s.market, s.pick, s.alerted, o.odds, o.baseline_odds
      FROM seen_bets s
      LEFT JOIN latest_odds o
        ON o.user_id = s.user_id AND o.event_id = s.event_id AND o.market = s.market AND o.pick = s.pick
      WHERE s.user_id = ${userId} AND s.event_id IN ${sql.in(eventIds)}`.pipe(
      Effect.map((rows) =>
        rows.map((row): KnownPrediction => ({
          eventId: row.event_id,
          market: row.market,
          pick: row.pick,
          alerted: row.alerted === 1,
          odds: row.odds === null || row.baseline_odds === null
            ? undefined
            : { current: row.odds, baseline: row.baseline_odds }
        }))
      ),
      fail("cannot read")
    )

  const recordPoll: StorageShape["recordPoll"] = (record) =>
    Effect.gen(function*() {
      for (const rows of chunks(record.seen)) {
        yield* sql`INSERT INTO seen_bets ${
          sql.insert(rows.map((s) => ({
            ...keyColumns(s.key),
            start_at: s.startAt,
            alerted: s.alerted ? 1 : 0,
            first_seen_at: record.at
          })))
        } ON CONFLICT DO NOTHING`
      }
      for (const rows of chunks(record.odds)) {
        yield* sql`INSERT INTO latest_odds ${
          sql.insert(rows.map((o) => ({
            ...keyColumns(o.key),
            odds: o.track.current,
            baseline_odds: o.track.baseline,
            changed_at: record.at,
            updated_at: record.at
          })))
        } ON CONFLICT (user_id, event_id, market, pick) DO UPDATE SET
            changed_at = CASE WHEN latest_odds.odds <> excluded.odds THEN excluded.changed_at ELSE latest_odds.changed_at END,
            odds = excluded.odds,
            baseline_odds = excluded.baseline_odds,
            updated_at = excluded.updated_at`
      }
      for (const rows of chunks(record.alerts)) {
        yield* sql`INSERT INTO alert_outbox ${sql.insert(rows.map((a) => alertRow(a, record.at)))}`
      }
      for (const rows of chunks(record.follow)) {
        yield* sql`INSERT INTO followed_picks ${
          sql.insert(rows.map((f) => ({
            ...keyColumns(f.key),
            user_name: record.userName,
            alert_odds: f.alertOdds,
            closing_odds: f.alertOdds,
            start_at: f.startAt,
            alerted_at: record.at,
            source: f.source
          })))
        } ON CONFLICT DO NOTHING`
      }
      for (const update of record.followUpdates) {
        const { eventId, market, pick, userId } = update.key
        const settled = update.settled
        // Closing odds are the last seen before kick-off; a result is written once.
        yield* sql`
          UPDATE followed_picks SET
            start_at = ${update.startAt},
            closing_odds = COALESCE(${update.closingOdds}, closing_odds),
            status = ${settled?.status ?? "pending"},
            profit = ${settled?.profit ?? null},
            settled_at = ${settled === undefined ? null : record.at},
            note = ${settled?.note ?? null}
          WHERE user_id = ${userId} AND event_id = ${eventId} AND market = ${market} AND pick = ${pick}
            AND status = 'pending'`
      }
      yield* sql`
        INSERT INTO user_status (user_id, name, consecutive_failures, paused_until, last_error, last_polled_at, last_success_at)
        VALUES (${record.userId}, ${record.userName}, 0, NULL, NULL, ${record.at}, ${record.at})
        ON CONFLICT (user_id) DO UPDATE SET
          name = excluded.name, consecutive_failures = 0, paused_until = NULL, last_error = NULL,
          last_polled_at = excluded.last_polled_at, last_success_at = excluded.last_success_at`
    }).pipe(sql.withTransaction, fail("cannot write"))

  const userStatuses: StorageShape["userStatuses"] = (userIds) =>
    userIds.length === 0
      ? Effect.succeed(new Map())
      : sql<UserStatusRow>`SELECT * FROM user_status WHERE user_id IN ${sql.in(userIds)}`.pipe(
        Effect.map((rows) => new Map(rows.map((row) => [row.user_id, toUserStatus(row)]))),
        fail("cannot read")
      )

  const recordFailure: StorageShape["recordFailure"] = (failure) =>
    Effect.gen(function*() {
      const [counted] = yield* sql<UserStatusRow>`
        INSERT INTO user_status (user_id, name, consecutive_failures, last_error, last_polled_at)
        VALUES (${failure.userId}, ${failure.userName}, 1, ${failure.error}, ${failure.at})
        ON CONFLICT (user_id) DO UPDATE SET
          name = excluded.name, consecutive_failures = user_status.consecutive_failures + 1,
          last_error = excluded.last_error, last_polled_at = excluded.last_polled_at
        RETURNING *`
      if (counted === undefined) return yield* Effect.die("INSERT ... RETURNING gave no row")
      if (!failure.pauseNow && counted.consecutive_failures < failure.pauseAfter) return toUserStatus(counted)
      // The count starts again after a pause, so a predictor back from one gets its full set of tries.
      const [paused] = yield* sql<UserStatusRow>`
        UPDATE user_status SET paused_until = ${failure.at + failure.pauseForMs}, consecutive_failures = 0
        WHERE user_id = ${failure.userId} RETURNING *`
      return toUserStatus(paused ?? counted)
    }).pipe(sql.withTransaction, fail("cannot write"))

  const markFailed: StorageShape["markFailed"] = (id, at, reason) =>
    sql`UPDATE alert_outbox SET failed_at = ${at}, last_error = ${reason}, attempts = attempts + 1 WHERE id = ${id}`
      .pipe(
        Effect.asVoid,
        fail("cannot write")
      )

  const pendingAlerts: StorageShape["pendingAlerts"] = (limit, order = "queue") =>
    Effect.gen(function*() {
      const rows = yield* sql<{ id: number; payload: string; created_at: number; attempts: number }>`
        SELECT id, payload, created_at, attempts FROM alert_outbox
        WHERE delivered_at IS NULL AND failed_at IS NULL
        ORDER BY ${order === "kickOff" ? sql.literal("start_at, id") : sql.literal("id")} LIMIT ${limit}`
      const entries: Array<OutboxEntry> = []
      for (const row of rows) {
        const alert = decodeAlert(row.payload)
        if (Either.isRight(alert)) {
          entries.push({ id: row.id, alert: alert.right, createdAt: row.created_at, attempts: row.attempts })
        } else {
          // An entry this version cannot read would block the queue forever; set it aside with the reason.
          const now = yield* Clock.currentTimeMillis
          yield* Effect.logWarning(`Outbox entry ${row.id} cannot be read; set aside`)
          yield* sql`UPDATE alert_outbox SET failed_at = ${now}, last_error = ${"unreadable payload"} WHERE id = ${row.id}`
        }
      }
      return entries
    }).pipe(fail("cannot read"))

  const countPendingAlerts: StorageShape["countPendingAlerts"] = sql<{ n: number }>`
    SELECT count(*) AS n FROM alert_outbox WHERE delivered_at IS NULL AND failed_at IS NULL`.pipe(
    Effect.map((rows) => rows[0]?.n ?? 0),
    fail("cannot read")
  )

  const requeueFailed: StorageShape["requeueFailed"] = (selection) => {
    const which = selection._tag === "All"
      ? sql`failed_at IS NOT NULL`
      : selection._tag === "SetAsideSince"
      ? sql`failed_at >= ${selection.at}`
      : selection.ids.length === 0
      ? sql`0`
      : sql`failed_at IS NOT NULL AND id IN ${sql.in(selection.ids)}`
    // delivered_at is checked too: a row is never both, but a put-back alert must not be sent twice.
    return sql<{ id: number }>`
      UPDATE alert_outbox SET failed_at = NULL WHERE delivered_at IS NULL AND ${which} RETURNING id`.pipe(
      Effect.map((rows) => rows.map((row) => row.id).sort((a, b) => a - b)),
      fail("cannot write")
    )
  }

  const markDelivered: StorageShape["markDelivered"] = (ids, at) =>
    ids.length === 0 ? Effect.void : sql`
      UPDATE alert_outbox SET delivered_at = ${at}, attempts = attempts + 1, last_error = NULL
      WHERE id IN ${sql.in(ids)}`.pipe(Effect.asVoid, fail("cannot write"))

  const recordDeliveryAttempt: StorageShape["recordDeliveryAttempt"] = (ids, error) =>
    ids.length === 0 ? Effect.void : sql`
      UPDATE alert_outbox SET attempts = attempts + 1, last_error = ${error} WHERE id IN ${sql.in(ids)}`.pipe(
      Effect.asVoid,
      fail("cannot write")
    )

  const dropStartedLineMoves: StorageShape["dropStartedLineMoves"] = (now) =>
    sql<{ id: number }>`
      UPDATE alert_outbox SET failed_at = ${now}, last_error = ${"dropped: the match had kicked off"}
      WHERE kind = 'LineMovement' AND start_at <= ${now} AND delivered_at IS NULL AND failed_at IS NULL
      RETURNING id`.pipe(Effect.map((rows) => rows.length), fail("cannot write"))

  const changes = Effect.map(sql<{ n: number }>`SELECT changes() AS n`, (rows) => rows[0]?.n ?? 0)

  const cleanup: StorageShape["cleanup"] = (cutoff, resultsCutoff) =>
    Effect.gen(function*() {
      yield* sql`DELETE FROM followed_picks WHERE status <> 'pending' AND alerted_at < ${resultsCutoff}`
      const followedPicks = yield* changes
      yield* sql`DELETE FROM latest_odds WHERE updated_at < ${cutoff}`
      const latestOdds = yield* changes
      // A prediction whose match is still ahead is kept however old, or it would alert a second time;
      // one followed and still pending is kept until it is settled.
      yield* sql`
        DELETE FROM seen_bets
        WHERE first_seen_at < ${cutoff} AND (start_at IS NULL OR start_at < ${cutoff})
          AND NOT EXISTS (
            SELECT 1 FROM followed_picks f
            WHERE f.status = 'pending' AND f.user_id = seen_bets.user_id AND f.event_id = seen_bets.event_id
              AND f.market = seen_bets.market AND f.pick = seen_bets.pick)`
      const seenBets = yield* changes
      yield* sql`
        DELETE FROM alert_outbox
        WHERE (delivered_at IS NOT NULL AND delivered_at < ${cutoff}) OR (failed_at IS NOT NULL AND failed_at < ${cutoff})`
      const alerts = yield* changes
      return { seenBets, latestOdds, alerts, followedPicks } satisfies CleanupResult
    }).pipe(sql.withTransaction, fail("cannot clean up"))

  const setState: StorageShape["setState"] = (key, value) =>
    sql`INSERT INTO monitor_state (key, value) VALUES (${key}, ${value})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`.pipe(Effect.asVoid, fail("cannot write"))

  const getState: StorageShape["getState"] = (key) =>
    sql<{ value: string }>`SELECT value FROM monitor_state WHERE key = ${key}`.pipe(
      Effect.map((rows) => rows[0]?.value ?? null),
      fail("cannot read")
    )

  const countOf = (table: string) =>
    Effect.map(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql(table)}`, (rows) => rows[0]?.n ?? 0)

  const stats: StorageShape["stats"] = Effect.gen(function*() {
    const now = yield* Clock.currentTimeMillis
    const names = yield* sql<{ name: string }>`
      SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
    const tables: Record<string, number> = {}
    for (const { name } of names) tables[name] = yield* countOf(name)
    const [outbox] = yield* sql<{ pending: number; failed: number }>`
      SELECT count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL) AS pending,
             count(*) FILTER (WHERE failed_at IS NOT NULL) AS failed
      FROM alert_outbox`
    const paused = yield* sql<UserStatusRow>`
      SELECT * FROM user_status WHERE paused_until > ${now} ORDER BY paused_until`
    const [mode] = yield* sql<{ journal_mode: string }>`PRAGMA journal_mode`
    const [lastPoll] = yield* sql<{ at: number | null }>`SELECT max(last_polled_at) AS at FROM user_status`
    const lastCycle = yield* sql<{ value: string }>`SELECT value FROM monitor_state WHERE key = ${lastCycleStateKey}`
    const lastCycleAt = lastCycle[0] === undefined ? null : Number(lastCycle[0].value)
    return {
      file,
      journalMode: mode?.journal_mode ?? "unknown",
      tables,
      pendingAlerts: outbox?.pending ?? 0,
      failedAlerts: outbox?.failed ?? 0,
      pausedUsers: paused.map(toUserStatus),
      lastPollAt: Math.max(lastPoll?.at ?? 0, lastCycleAt ?? 0) || null
    }
  }).pipe(fail("cannot read"))

  const followedPicks: StorageShape["followedPicks"] = ({ since, userId }) =>
    sql<{
      user_id: string
      user_name: string
      event_id: number
      market: string
      pick: string
      alert_odds: number | null
      closing_odds: number | null
      start_at: number | null
      alerted_at: number
      status: FollowedPick["status"]
      profit: number | null
    }>`
      SELECT user_id, user_name, event_id, market, pick, alert_odds, closing_odds, start_at, alerted_at, status, profit
      FROM followed_picks
      WHERE alerted_at >= ${since ?? 0} ${userId === undefined ? sql`` : sql`AND user_id = ${userId}`}
      ORDER BY alerted_at, user_id, event_id`.pipe(
      Effect.map((rows) =>
        rows.map((r): FollowedPick => ({
          userId: r.user_id,
          userName: r.user_name,
          eventId: r.event_id,
          market: r.market,
          pick: r.pick,
          alertOdds: r.alert_odds,
          closingOdds: r.closing_odds,
          startAt: r.start_at,
          alertedAt: r.alerted_at,
          status: r.status,
          profit: r.profit
        }))
      ),
      fail("cannot read")
    )

  const recordDeepRead: StorageShape["recordDeepRead"] = (userId, at) =>
    sql`UPDATE user_status SET deep_read_at = ${at} WHERE user_id = ${userId}`.pipe(Effect.asVoid, fail("cannot write"))

  const queueWithState: StorageShape["queueWithState"] = (alert, at, state) =>
    Effect.gen(function*() {
      yield* sql`INSERT INTO alert_outbox ${sql.insert(alertRow(alert, at))}`
      yield* sql`INSERT INTO monitor_state (key, value) VALUES (${state.key}, ${state.value})
        ON CONFLICT (key) DO UPDATE SET value = excluded.value`
    }).pipe(sql.withTransaction, fail("cannot write"))

  return {
    followedPicks,
    recordDeepRead,
    queueWithState,
    knownPredictions,
    recordPoll,
    userStatuses,
    recordFailure,
    pendingAlerts,
    countPendingAlerts,
    markDelivered,
    markFailed,
    recordDeliveryAttempt,
    dropStartedLineMoves,
    requeueFailed,
    cleanup,
    setState,
    getState,
    stats
  }
}

/** Storage and the facts of its opening, on the file AppConfig names. */
export const SqliteStorageLive: Layer.Layer<Storage | DatabaseOpened, StorageError, AppConfig> = Layer.scopedContext(
  Effect.gen(function*() {
    const { dbPath } = yield* AppConfig
    const { opened, sql } = yield* openDatabase(dbPath)
    return Context.make(Storage, makeStorage(sql, dbPath)).pipe(Context.add(DatabaseOpened, opened))
  })
)
