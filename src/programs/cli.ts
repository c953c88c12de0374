// The command line. Each command provides its own layers, so `--help` needs no configuration and
// `status` never opens the Sofascore client.
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { ExistingStorageLive, loggingAt, MonitorLive, StorageLive } from "../layers/AppLayers.js"
import { DatabaseInspectorLive } from "../layers/DatabaseInspection.js"
import { demoLayer } from "../layers/DemoLayers.js"
import { runDemo } from "./demo/runDemo.js"
import { doctor } from "./doctor.js"
import { initDb } from "./initDb.js"
import { installService, uninstallService } from "./installService.js"
import { runDaemon, runOnce } from "./run.js"
import { status } from "./status.js"

const initDbCommand = Command.make("init-db", {}, () => Effect.provide(initDb, StorageLive)).pipe(
  Command.withDescription(
    "Create or migrate the database (an existing file is first copied to <file>.backup), then print its path, journal mode and tables."
  )
)

const statusCommand = Command.make(
  "status",
  { json: Options.boolean("json").pipe(Options.withDescription("Print machine-readable JSON.")) },
  ({ json }) => Effect.provide(status({ json }), ExistingStorageLive)
).pipe(
  Command.withDescription("Show row counts, paused predictors, pending alerts and the last poll time.")
)

const runCommand = Command.make("run", {}, () => Effect.provide(runDaemon, MonitorLive)).pipe(
  Command.withDescription(
    "Run the monitor: discover predictors, poll them on the adaptive London-time schedule, send alerts. Stops cleanly on SIGTERM or Ctrl-C."
  )
)

const onceCommand = Command.make("once", {}, () => Effect.asVoid(Effect.provide(runOnce, MonitorLive))).pipe(
  Command.withDescription("Run one full cycle (discovery, polling, delivery), then exit.")
)

const demoCommand = Command.make(
  "demo",
  {
    hours: Options.integer("hours").pipe(Options.withDefault(24), Options.withDescription("Simulated hours to run.")),
    speed: Options.integer("speed").pipe(
      Options.withDefault(3600),
      Options.withDescription("Simulated seconds per real second (3600: an hour a second).")
    )
  },
  ({ hours, speed }) => Effect.provide(runDemo({ hours, speed }), demoLayer({ speed }))
).pipe(
  Command.withDescription(
    "Try the monitor offline: a simulated day against a built-in fake Sofascore, on a fast clock, with a temporary database; alerts to the console."
  )
)

const installServiceCommand = Command.make(
  "install-service",
  {
    user: Options.text("user").pipe(
      Options.optional,
      Options.withDescription("The user the service runs as (default: SUDO_USER).")
    ),
    dryRun: Options.boolean("dry-run").pipe(
      Options.withDescription("Print the rendered unit instead of installing it.")
    ),
    lidSwitch: Options.boolean("lid-switch").pipe(
      Options.withDescription("Also keep the laptop running with its lid closed (a logind drop-in).")
    )
  },
  ({ dryRun, lidSwitch, user }) =>
    // It reads the configuration as the service will, once it knows the service's user; it logs only warnings.
    Effect.provide(installService({ user: Option.getOrUndefined(user), dryRun, lidSwitch }), loggingAt("INFO"))
).pipe(
  Command.withDescription(
    "Install, enable and start the hardened systemd service for this project (as root). --dry-run prints the unit."
  )
)

const uninstallServiceCommand = Command.make("uninstall-service", {}, () => uninstallService).pipe(
  Command.withDescription("Stop, disable and remove the systemd service and the lid-switch drop-in (as root).")
)

const doctorCommand = Command.make(
  "doctor",
  { json: Options.boolean("json").pipe(Options.withDescription("Print machine-readable JSON.")) },
  ({ json }) => Effect.provide(doctor({ json }), DatabaseInspectorLive)
).pipe(
  Command.withDescription(
    "Check the installation as the operators' runbook does: Node, configuration, database, service, limits, journal, last poll, lid switch, webhook."
  )
)

export const rootCommand = Command.make("sofascore-monitor").pipe(
  Command.withDescription("Watches Sofascore's tipster leaderboard and posts new predictions to Discord."),
  Command.withSubcommands([
    runCommand,
    onceCommand,
    demoCommand,
    initDbCommand,
    statusCommand,
    installServiceCommand,
    uninstallServiceCommand,
    doctorCommand
  ])
)
