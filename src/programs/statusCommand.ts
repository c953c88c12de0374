// What `status` runs, its layers and code loaded only then: shared by the command line (cli.ts) and
// the program's shortcut for `status` and `status --json` (program.ts), which skips @effect/cli.
import * as Effect from "effect/Effect"

export const runStatus = (options: { readonly json: boolean }) =>
  Effect.promise(() => Promise.all([import("../layers/StorageLayers.js"), import("./status.js")])).pipe(
    Effect.flatMap(([{ ExistingStorageLive }, { reportNoDatabase, status }]) =>
      Effect.provide(status(options), ExistingStorageLive).pipe(
        Effect.tapErrorTag("NoDatabase", reportNoDatabase(options))
      )
    )
  )

/** `status` or `status --json`, exactly: the command lines the shortcut takes; any other goes to @effect/cli. */
export const plainStatus = (args: ReadonlyArray<string>): { readonly json: boolean } | undefined =>
  args[0] !== "status" || args.length > 2
    ? undefined
    : args.length === 1
    ? { json: false }
    : args[1] === "--json"
    ? { json: true }
    : undefined
