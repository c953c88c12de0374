// Results: every pick that reached the user is followed until its match is settled, at the odds of
// the alert and the last odds before kick-off. A database left by the Python version may hold its
// own table of alerted bets: they are carried over with the statuses they recorded, so the history
// survives the switch (PENDING ones are settled from then on like any other).
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`
    CREATE TABLE followed_picks (
      user_id TEXT NOT NULL,
      event_id INTEGER NOT NULL,
      market TEXT NOT NULL,
      pick TEXT NOT NULL,
      user_name TEXT NOT NULL,
      alert_odds REAL,
      closing_odds REAL,
      start_at INTEGER,
      alerted_at INTEGER NOT NULL,
      source TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'won', 'lost', 'void')),
      profit REAL,
      settled_at INTEGER,
      note TEXT,
      PRIMARY KEY (user_id, event_id, market, pick)
    ) WITHOUT ROWID`
  yield* sql`CREATE INDEX followed_picks_pending ON followed_picks (user_id, start_at) WHERE status = 'pending'`
  yield* sql`CREATE INDEX followed_picks_by_alerted ON followed_picks (alerted_at)`
  // When the pages past the third were last read for a predictor's settled picks.
  yield* sql`ALTER TABLE user_status ADD COLUMN deep_read_at INTEGER`

  // The Python version's table: id, user_id, event_id, market, selection, odds, stake, status, profit, alerted_at.
  const legacy = yield* sql<{ name: string }>`SELECT name FROM pragma_table_info('alerted_bets')`
  const columns = ["user_id", "event_id", "market", "selection", "odds", "status", "profit", "alerted_at"]
  if (columns.every((column) => legacy.some((c) => c.name === column))) {
    // alerted_at: epoch seconds or milliseconds, or an ISO/SQLite datetime text.
    yield* sql`
      INSERT OR IGNORE INTO followed_picks
        (user_id, event_id, market, pick, user_name, alert_odds, start_at, alerted_at, source, status, profit)
      SELECT CAST(user_id AS TEXT), CAST(event_id AS INTEGER), COALESCE(NULLIF(CAST(market AS TEXT), ''), '1'),
             CAST(selection AS TEXT), CAST(user_id AS TEXT), CAST(odds AS REAL), NULL,
             CASE WHEN typeof(alerted_at) IN ('integer', 'real')
                  THEN CAST(CASE WHEN alerted_at < 100000000000 THEN alerted_at * 1000 ELSE alerted_at END AS INTEGER)
                  ELSE COALESCE(CAST(strftime('%s', alerted_at) AS INTEGER) * 1000, 0) END,
             'legacy', lower(status), CAST(profit AS REAL)
      FROM alerted_bets
      WHERE user_id IS NOT NULL AND event_id IS NOT NULL AND selection IS NOT NULL
        AND upper(status) IN ('PENDING', 'WON', 'LOST', 'VOID')`
    yield* sql`ALTER TABLE alerted_bets RENAME TO legacy_alerted_bets`
  }
})
