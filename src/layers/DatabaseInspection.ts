// The doctor's look at a database with better-sqlite3 opened read-only, outside @effect/sql: no
// migration, no file created, and no write lock taken from the running service.
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { type DatabaseInspection, DatabaseInspector } from "../services/DatabaseInspector.js"
import { lastCycleStateKey } from "../services/Storage.js"
import { permissionProblem } from "./folders.js"

const inspectDatabase = (file: string) =>
  Effect.try({
    try: (): DatabaseInspection => {
      const db = new Database(file, { readonly: true, fileMustExist: true })
      try {
        const integrity = db.pragma("integrity_check", { simple: true }) as string
        const journalMode = db.pragma("journal_mode", { simple: true }) as string
        const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<
          { name: string }
        >)
          .map((t) => t.name)
        const lastCycle = tables.includes("monitor_state")
          ? (db.prepare("SELECT value FROM monitor_state WHERE key = ?").get(lastCycleStateKey) as
            | { value: string }
            | undefined)
          : undefined
        return { integrity, journalMode, tables, lastCycleAt: lastCycle === undefined ? null : Number(lastCycle.value) }
      } finally {
        db.close()
      }
    },
    catch: (error) => {
      const cantOpen = (error as { code?: string }).code === "SQLITE_CANTOPEN"
      const reason = (cantOpen ? permissionProblem(file, { write: false }) : undefined) ?? (error as Error).message
      return cantOpen ? `${reason}; run the doctor as the service's user or with sudo` : reason
    }
  })

export const DatabaseInspectorLive = Layer.succeed(
  DatabaseInspector,
  DatabaseInspector.of({ inspect: inspectDatabase })
)
