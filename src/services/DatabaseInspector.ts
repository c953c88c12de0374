// The doctor's read-only look at a database: it must neither create nor migrate a file, and must
// work while the service holds it open. Failures are one readable line.
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"

export interface DatabaseInspection {
  readonly integrity: string
  readonly journalMode: string
  readonly tables: ReadonlyArray<string>
  /** Epoch ms of the last cycle's start, when the monitor has recorded one. */
  readonly lastCycleAt: number | null
}

export interface DatabaseInspectorShape {
  readonly inspect: (file: string) => Effect.Effect<DatabaseInspection, string>
}

export class DatabaseInspector
  extends Context.Tag("sofascore-monitor/DatabaseInspector")<DatabaseInspector, DatabaseInspectorShape>()
{}
