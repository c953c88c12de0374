// The command line. Each command provides its own layers, so `--help` needs no configuration and
// `status` never opens the Sofascore client.
import * as Command from "@effect/cli/Command"
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Options from "@effect/cli/Options"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { parseSince } from "../domain/followedReport.js"
import { colorAllowed } from "../layers/Logging.js"
import { version } from "../version.js"
import { helpFooter } from "./commandHelp.js"
import { runMonitor, runOneCycle, runStatus } from "./plainCommands.js"
import { parseRequeueOptions } from "./requeue.js"

/**
 * A command's code, imported when that command runs: the bundle keeps each behind its own chunk, so
 * `--version` loads none of them, `status` not the Sofascore client, and `run` not the demo.
 */
const load = <A>(module: () => Promise<A>) => Effect.promise(module)

const appLayers = () => import("../layers/AppLayers.js")
const storageLayers = () => import("../layers/StorageLayers.js")

const initDbCommand = Command.make(
  "init-db",
  {},
  () =>
    load(() => Promise.all([storageLayers(), import("./initDb.js")])).pipe(
      Effect.flatMap(([{ StorageLive }, { initDb }]) => Effect.provide(initDb, StorageLive))
    )
).pipe(
  Command.withDescription(
    "Create or migrate the database (an existing file is first copied to <file>.backup), then print its path, journal mode and tables."
  )
)

const statusCommand = Command.make(
  "status",
  { json: Options.boolean("json").pipe(Options.withDescription("Print machine-readable JSON.")) },
  runStatus
).pipe(
  Command.withDescription("Show row counts, paused predictors, pending alerts and the last poll time.")
)

// Checked while the command line is parsed, so a bad option is reported by @effect/cli and exits 64.
const requeueOptions = Options.all({
  since: Options.text("since").pipe(
    Options.withPseudoName("7d|24h|YYYY-MM-DD"),
    Options.withDescription(
      "Only alerts set aside within the last hours or days (24h, 7d), or since a day from 00:00 UTC (YYYY-MM-DD)."
    ),
    Options.optional
  ),
  // Text, parsed below: @effect/cli's repeated integer option fails on a single occurrence ("'5' is not a integer").
  ids: Options.text("id").pipe(
    Options.withPseudoName("N"),
    Options.withDescription("Only the alert with this id (as in the log line that set it aside); repeat for more."),
    Options.repeated
  )
}).pipe(
  Options.mapEffect((options) =>
    Effect.mapError(parseRequeueOptions(options), (message) => ValidationError.invalidValue(HelpDoc.p(message)))
  )
)

const requeueCommand = Command.make(
  "requeue",
  { request: requeueOptions },
  ({ request }) =>
    load(() => Promise.all([storageLayers(), import("./requeue.js")])).pipe(
      Effect.flatMap(([{ ExistingStorageLive }, { requeue }]) =>
        Effect.asVoid(Effect.provide(requeue(request), ExistingStorageLive))
      )
    )
).pipe(
  Command.withDescription(
    "Put set-aside (failed) alerts back in the queue, e.g. once a wrong webhook URL is fixed: all of them, those set aside --since 7d|24h|YYYY-MM-DD, or --id N (repeatable). Prints how many were put back."
  )
)

// Checked while the command line is parsed: a bad --since exits 64 with its reason.
const reportOptions = Options.all({
  since: Options.text("since").pipe(
    Options.withPseudoName("7d|30d|YYYY-MM-DD|all"),
    Options.withDefault("30d"),
    Options.withDescription("The period: picks alerted in the last days or hours, since a day (00:00 UTC), or all.")
  ),
  json: Options.boolean("json").pipe(Options.withDescription("Print machine-readable JSON.")),
  post: Options.boolean("post").pipe(
    Options.withDescription("Send the report to the Discord webhook now (through the outbox), instead of printing it.")
  )
}).pipe(
  Options.mapEffect((options) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) =>
      Either.match(parseSince(options.since, now), {
        onLeft: (message) => Effect.fail(ValidationError.invalidValue(HelpDoc.p(`--${message}`))),
        onRight: (since) => Effect.succeed({ ...options, since })
      }))
  )
)

const reportCommand = Command.make(
  "report",
  { options: reportOptions },
  ({ options }): Effect.Effect<void, unknown> =>
    options.post
      ? load(() => Promise.all([appLayers(), import("./report.js"), import("./deliver.js")])).pipe(
        Effect.flatMap(([{ MonitorLive }, { queueReport }, { deliverPending }]) =>
          Effect.asVoid(Effect.provide(Effect.zipRight(queueReport(options.since), deliverPending), MonitorLive))
        )
      )
      : load(() => Promise.all([storageLayers(), import("./report.js")])).pipe(
        Effect.flatMap(([{ ExistingStorageLive }, { printReport }]) =>
          Effect.provide(
            printReport({ since: options.since, json: options.json, color: colorAllowed(process.stdout) }),
            ExistingStorageLive
          )
        )
      )
).pipe(
  Command.withDescription(
    "What following the alerts returned, per predictor and overall, sorted by profit: --since 7d|30d|YYYY-MM-DD|all (default 30d), --json, or --post to send it to Discord now."
  )
)

const runCommand = Command.make("run", {}, () => runMonitor).pipe(
  Command.withDescription(
    "Run the monitor: discover predictors, poll them on the adaptive London-time schedule, send alerts. Stops cleanly on SIGTERM, SIGHUP or Ctrl-C."
  )
)

const onceCommand = Command.make("once", {}, () => runOneCycle).pipe(
  Command.withDescription("Run one full cycle (discovery, polling, delivery), then exit.")
)

/** A whole number of at least 1: a zero speed would run on the real clock, a negative one backwards. */
const positiveInteger = (name: string, fallback: number, description: string) =>
  Options.integer(name).pipe(
    Options.filterMap(
      (n) => (n >= 1 ? Option.some(n) : Option.none()),
      `--${name} must be a whole number of 1 or more`
    ),
    Options.withDefault(fallback),
    Options.withDescription(description)
  )

const demoCommand = Command.make(
  "demo",
  {
    hours: positiveInteger("hours", 24, "Simulated hours to run."),
    speed: positiveInteger("speed", 3600, "Simulated seconds per real second (3600: an hour a second)."),
    webhook: Options.boolean("webhook").pipe(
      Options.withDescription(
        "Post the made-up alerts, marked as a demo, to DISCORD_WEBHOOK_URL instead of the console."
      )
    )
  },
  ({ hours, speed, webhook }) =>
    load(() => Promise.all([import("../layers/DemoLayers.js"), import("./demo/runDemo.js")])).pipe(
      Effect.flatMap(([{ demoLayer }, { runDemo }]) =>
        Effect.provide(runDemo({ hours, speed }), demoLayer({ speed, webhook }))
      )
    )
).pipe(
  Command.withDescription(
    "Try the monitor offline: a simulated day against a built-in fake Sofascore, on a fast clock, with a temporary database; alerts to the console unless --webhook."
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
    load(() => Promise.all([storageLayers(), import("./installService.js")])).pipe(
      Effect.flatMap(([{ loggingAt }, { installService }]) =>
        Effect.provide(installService({ user: Option.getOrUndefined(user), dryRun, lidSwitch }), loggingAt("INFO"))
      )
    )
).pipe(
  Command.withDescription(
    "Install, enable and start the hardened systemd service for this project (as root). --dry-run prints the unit."
  )
)

const uninstallServiceCommand = Command.make(
  "uninstall-service",
  {},
  () => Effect.flatMap(load(() => import("./installService.js")), (m) => m.uninstallService)
).pipe(
  Command.withDescription("Stop, disable and remove the systemd service and the lid-switch drop-in (as root).")
)

const doctorCommand = Command.make(
  "doctor",
  { json: Options.boolean("json").pipe(Options.withDescription("Print machine-readable JSON.")) },
  ({ json }) =>
    load(() => Promise.all([import("../layers/DatabaseInspection.js"), import("./doctor.js")])).pipe(
      Effect.flatMap(([{ DatabaseInspectorLive }, { doctor }]) =>
        Effect.provide(doctor({ json }), DatabaseInspectorLive)
      )
    )
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
    requeueCommand,
    reportCommand,
    installServiceCommand,
    uninstallServiceCommand,
    doctorCommand
  ])
)

const CliEnvironment = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

/** Parses `argv` (node, the script, then the arguments) and runs the command it names. */
export const runCli = (argv: ReadonlyArray<string>) =>
  // The footer of `<command> --help`: the keys that command reads, its exit codes and an example.
  Command.run(rootCommand, { name: "sofascore-monitor", version, footer: helpFooter(argv.slice(2)) })(argv).pipe(
    Effect.provide(CliEnvironment)
  )
