// Migrations as a static record, so the bundler includes them and no directory is read at run time.
import * as Migrator from "@effect/sql/Migrator"
import createTables from "./0001_create_tables.js"
import outboxKickOff from "./0002_outbox_kick_off.js"
import followedPicks from "./0003_followed_picks.js"

export const migrations = {
  "0001_create_tables": createTables,
  "0002_outbox_kick_off": outboxKickOff,
  "0003_followed_picks": followedPicks
}

export const latestMigrationId = Math.max(...Object.keys(migrations).map((name) => Number.parseInt(name, 10)))

export const migrationLoader = Migrator.fromRecord(migrations)
