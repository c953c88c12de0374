// What `status`, `run` and `once` run, their layers and code loaded only then: shared by the command
// line (cli.ts) and the program's shortcut (program.ts), which runs exactly `status`,
// `status --json`, `run` and `once` without @effect/cli. Its parser and help cost `status` about
// 4 MB, and the daemon about 3 MB for as long as it runs; the service starts `dist/main.js run`.
import * as Effect from "effect/Effect"

export const runStatus = (options: { readonly json: boolean }) =>
  Effect.promise(() => Promise.all([import("../layers/StorageLayers.js"), import("./status.js")])).pipe(
    Effect.flatMap(([{ ExistingStorageLive }, { reportNoDatabase, status }]) =>
      Effect.provide(status(options), ExistingStorageLive).pipe(
        Effect.tapErrorTag("NoDatabase", reportNoDatabase(options))
      )
    )
  )

const monitor = Effect.promise(() => Promise.all([import("../layers/AppLayers.js"), import("./run.js")]))

/** `run`: the daemon. */
export const runMonitor = Effect.flatMap(
  monitor,
  ([{ MonitorLive }, { runDaemon }]) => Effect.provide(runDaemon, MonitorLive)
)

/** `once`: one cycle, then exit. */
export const runOneCycle = Effect.flatMap(
  monitor,
  ([{ MonitorLive }, { runOnce }]) => Effect.asVoid(Effect.provide(runOnce, MonitorLive))
)

/** The command lines the shortcut takes, exactly; any other goes to @effect/cli. */
export const plainCommand = (args: ReadonlyArray<string>): Effect.Effect<void, unknown> | undefined => {
  const line = args.join(" ")
  return line === "run"
    ? runMonitor
    : line === "once"
    ? runOneCycle
    : line === "status"
    ? runStatus({ json: false })
    : line === "status --json"
    ? runStatus({ json: true })
    : undefined
}
