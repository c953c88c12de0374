// The outbox learns when each alert's match kicks off, so that a backlog can go out soonest match
// first and a line move on a match that has started can be dropped. Existing rows are filled in from
// their payload (a digest's soonest pick).
import * as SqlClient from "@effect/sql/SqlClient"
import * as Effect from "effect/Effect"

export default Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql`ALTER TABLE alert_outbox ADD COLUMN start_at INTEGER`
  yield* sql`
    UPDATE alert_outbox SET start_at = COALESCE(
      json_extract(payload, '$.match.startAt'),
      json_extract(payload, '$.picks[0].match.startAt')
    )`
  yield* sql`
    CREATE INDEX alert_outbox_pending_by_kick_off ON alert_outbox (start_at, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL`
})
