// The first schema. A database left by the Python version has tables of the same names but other
// columns: they are kept under legacy_* names (the file is backed up first) and the seen predictions
// whose ids can be read are carried over, so switching versions does not re-alert every open pick.
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

const legacyTables = ["seen_bets", "user_status", "latest_odds"] as const

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  for (const table of legacyTables) {
    const columns = yield* sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`
    if (columns.length > 0) {
      yield* sql.unsafe(`ALTER TABLE ${table} RENAME TO legacy_${table}`)
    }
  }

  yield* sql`
    CREATE TABLE seen_bets (
      user_id TEXT NOT NULL,
      event_id INTEGER NOT NULL,
      market TEXT NOT NULL,
      pick TEXT NOT NULL,
      start_at INTEGER,
      alerted INTEGER NOT NULL,
      first_seen_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, event_id, market, pick)
    ) WITHOUT ROWID`
  yield* sql`CREATE INDEX seen_bets_by_first_seen ON seen_bets (first_seen_at)`

  yield* sql`
    CREATE TABLE latest_odds (
      user_id TEXT NOT NULL,
      event_id INTEGER NOT NULL,
      market TEXT NOT NULL,
      pick TEXT NOT NULL,
      odds REAL NOT NULL,
      baseline_odds REAL NOT NULL,
      changed_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL,
      PRIMARY KEY (user_id, event_id, market, pick),
      FOREIGN KEY (user_id, event_id, market, pick)
        REFERENCES seen_bets (user_id, event_id, market, pick) ON DELETE CASCADE
    ) WITHOUT ROWID`

  yield* sql`
    CREATE TABLE user_status (
      user_id TEXT PRIMARY KEY,
      name TEXT,
      consecutive_failures INTEGER NOT NULL DEFAULT 0,
      paused_until INTEGER,
      last_error TEXT,
      last_polled_at INTEGER,
      last_success_at INTEGER
    )`
  yield* sql`CREATE INDEX user_status_by_paused_until ON user_status (paused_until) WHERE paused_until IS NOT NULL`

  yield* sql`
    CREATE TABLE alert_outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL,
      user_id TEXT NOT NULL,
      event_id INTEGER NOT NULL,
      payload TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT,
      delivered_at INTEGER,
      failed_at INTEGER
    )`
  yield* sql`CREATE INDEX alert_outbox_pending ON alert_outbox (id) WHERE delivered_at IS NULL AND failed_at IS NULL`
  yield* sql`CREATE INDEX alert_outbox_by_created ON alert_outbox (created_at)`

  yield* sql`CREATE TABLE monitor_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)`

  const legacySeen = yield* sql<{ name: string }>`SELECT name FROM pragma_table_info('legacy_seen_bets')`
  if (legacySeen.some((c) => c.name === "id") && legacySeen.some((c) => c.name === "user_id")) {
    // The Python version keyed a prediction "<eventId>_<vote>" when the payload had no id of its own.
    yield* sql`
      INSERT OR IGNORE INTO seen_bets (user_id, event_id, market, pick, start_at, alerted, first_seen_at)
      SELECT user_id,
             CAST(substr(id, 1, instr(id, '_') - 1) AS INTEGER),
             '1',
             substr(id, instr(id, '_') + 1),
             NULL,
             1,
             COALESCE(CAST(strftime('%s', created_at) AS INTEGER) * 1000, 0)
      FROM legacy_seen_bets
      WHERE user_id IS NOT NULL
        AND id GLOB '[0-9]*_*'
        AND substr(id, 1, instr(id, '_') - 1) NOT GLOB '*[^0-9]*'
        AND substr(id, instr(id, '_') + 1) IN ('1', 'X', '2')`
  }
})
