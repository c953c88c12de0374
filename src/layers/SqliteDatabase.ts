// The SQLite database file: opening it (owner-only, WAL, pragmas), copying it before a migration,
// migrating it, and checkpointing it on close. Every failure becomes a StorageError naming the file.
import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as NodeFs from "node:fs"
import { latestMigrationId, migrationLoader } from "../migrations/index.js"
import { type OpenedDatabase, StorageError } from "../services/Storage.js"
import { ensureFolderFor, permissionProblem } from "./folders.js"

/** Long enough to ride out another process (the sqlite3 CLI, a backup) holding the write lock. */
const busyTimeoutMs = 10_000

export const describe = (cause: unknown): string => {
  const inner = (cause as { cause?: unknown } | undefined)?.cause ?? cause
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code
    return typeof code === "string" && code !== "" ? `${inner.message} (${code})` : inner.message
  }
  return String(inner)
}

export const storageError = (file: string, what: string) => (cause: unknown) =>
  new StorageError({ message: `${what} ${file}: ${describe(cause)}`, file, cause })

/** SQLite says "unable to open database file" whatever the reason; when permissions are why, that is said. */
const openError = (file: string) => (cause: unknown): StorageError => {
  const denied = permissionProblem(file, { write: true })
  return denied === undefined
    ? storageError(file, "cannot open database")(cause)
    : new StorageError({ message: `cannot open database ${file}: ${denied}`, file, cause })
}

/** Creates the folder and an empty file readable by its owner only, before SQLite opens it. */
const prepareFile = (file: string) =>
  Effect.try({
    try: () => {
      ensureFolderFor(file)
      try {
        NodeFs.closeSync(NodeFs.openSync(file, "wx", 0o600))
        return { existed: false }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
        return { existed: NodeFs.statSync(file).size > 0 }
      }
    },
    catch: storageError(file, "cannot create")
  })

const currentMigrationId = (sql: SqlClient.SqlClient) =>
  Effect.gen(function*() {
    const table = yield* sql<{ n: number }>`
      SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'effect_sql_migrations'`
    if ((table[0]?.n ?? 0) === 0) return 0
    const rows = yield* sql<{ id: number | null }>`SELECT max(migration_id) AS id FROM effect_sql_migrations`
    return rows[0]?.id ?? 0
  })

const backup = (sql: SqlClient.SqlClient, file: string) =>
  Effect.gen(function*() {
    const target = `${file}.backup`
    yield* Effect.try({
      try: () => {
        NodeFs.rmSync(target, { force: true })
        NodeFs.closeSync(NodeFs.openSync(target, "wx", 0o600))
      },
      catch: storageError(target, "cannot create backup")
    })
    // VACUUM INTO gives a consistent copy even with content still in the WAL, which a file copy would miss.
    yield* sql`VACUUM INTO ${target}`
    return target
  })

/**
 * Opens (creating if needed) and migrates the database; closes it with the scope. Exposed on its
 * own for `init-db` and for tests that want the raw client.
 */
export const openDatabase = (
  file: string
): Effect.Effect<
  { readonly sql: SqliteClient.SqliteClient; readonly opened: OpenedDatabase },
  StorageError,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const { existed } = yield* prepareFile(file)
    const sql = yield* SqliteClient.make({
      filename: file,
      // Prepared statements are kept for good (the queries are a few dozen texts). With a time to live,
      // Effect's Cache leaves the key of every expired entry in its access list (only evictions over
      // capacity trim it): a daemon polling every few minutes grew by ~13 keys and their SQL a cycle.
      prepareCacheTTL: Duration.infinity
    }).pipe(
      Effect.provide(Reactivity.layer),
      // better-sqlite3 throws while opening (not a database, read-only folder): a defect to it, a clear error here.
      Effect.catchAllDefect((defect) => Effect.fail(openError(file)(defect)))
    )
    yield* Effect.addFinalizer(() =>
      // A clean stop leaves no WAL content behind, so the file alone is a complete copy.
      Effect.ignore(sql`PRAGMA wal_checkpoint(TRUNCATE)`)
    )
    yield* sql.unsafe(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
    yield* sql`PRAGMA synchronous = NORMAL`
    yield* sql`PRAGMA foreign_keys = ON`

    const before = yield* currentMigrationId(sql)
    const backupFile = existed && before < latestMigrationId ? yield* backup(sql, file) : null
    const applied = yield* Migrator.make({})({ loader: migrationLoader }).pipe(
      Effect.provideService(SqlClient.SqlClient, sql),
      Effect.catchAllDefect((defect) => Effect.fail(storageError(file, "cannot migrate")(defect))),
      Effect.mapError((error) => error instanceof StorageError ? error : storageError(file, "cannot migrate")(error))
    )
    return {
      sql,
      opened: {
        file,
        created: !existed,
        appliedMigrations: applied.map(([id, name]) => `${String(id).padStart(4, "0")}_${name}`),
        backupFile
      }
    }
  }).pipe(
    Effect.mapError((error) => error instanceof StorageError ? error : openError(file)(error))
  )
