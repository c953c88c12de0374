// `init-db`: create or migrate the database and say what is there, so an operator can check the
// file, its journal mode and its tables before starting the service.
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { DatabaseOpened, Storage } from "../services/Storage.js"

export const initDb = Effect.gen(function*() {
  const opened = yield* DatabaseOpened
  const storage = yield* Storage
  const stats = yield* storage.stats
  const migrations = opened.appliedMigrations.length === 0
    ? "up to date"
    : `applied ${opened.appliedMigrations.join(", ")}`
  yield* Console.log(`database: ${opened.file} (${opened.created ? "created" : "existing"})`)
  yield* Console.log(`journal mode: ${stats.journalMode}`)
  yield* Console.log(`migrations: ${migrations}`)
  if (opened.backupFile !== null) yield* Console.log(`backup: ${opened.backupFile}`)
  yield* Console.log(`tables: ${Object.keys(stats.tables).join(", ")}`)
})
