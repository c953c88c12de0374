// What `--help` says below a command's options: the configuration keys it reads, its exit codes and
// an example. @effect/cli lists each command's description on one line under the root's COMMANDS, so
// these sections go in the help's footer, chosen by the command named on the command line.
import * as HelpDoc from "@effect/cli/HelpDoc"
import { type ConfigKey, configKeys } from "../services/AppConfig.js"

type ExitCode = readonly [code: number, meaning: string]

interface Guide {
  /** The keys whose values the command uses; none when it reads no configuration. */
  readonly reads: ReadonlyArray<ConfigKey>
  /** Whether the whole configuration is checked before the command starts (exit 78 on a bad key). */
  readonly checksConfiguration: boolean
  readonly exitCodes: ReadonlyArray<ExitCode>
  readonly examples: ReadonlyArray<string>
}

const badCommandLine: ExitCode = [64, "a bad command line"]
const badConfiguration: ExitCode = [78, "a bad configuration: one line names the key (systemd does not restart on it)"]

/** Keys the demo sets itself (its fake Sofascore, its temporary database) or has no use for. */
const notForTheDemo: ReadonlyArray<ConfigKey> = [
  "DB_PATH",
  "LOG_LEVEL",
  "SOFASCORE_BASE_URL",
  "PROXY_URL",
  "HTTP_TIMEOUT_SECONDS",
  "DISCORD_HEALTH_WEBHOOK_URL",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_SERVICE_NAME"
]

const guides: Partial<Record<string, Guide>> = {
  run: {
    reads: configKeys,
    checksConfiguration: true,
    exitCodes: [
      [0, "stopped by SIGTERM, SIGINT (Ctrl-C) or SIGHUP (the terminal closing)"],
      [1, "it could not start or go on: the database cannot be opened or written, or another monitor uses it"],
      badCommandLine,
      badConfiguration
    ],
    examples: ["sofascore-monitor run", "sofascore-monitor run --log-level debug"]
  },
  once: {
    reads: configKeys,
    checksConfiguration: true,
    exitCodes: [
      [0, "the cycle did its work (a predictor that failed is logged, with a WARN summary)"],
      [
        1,
        "no predictor could be polled, the webhook is gone or wrong, the database could not be written, or another monitor uses it"
      ],
      badCommandLine,
      badConfiguration
    ],
    examples: ["sofascore-monitor once --log-level debug"]
  },
  demo: {
    reads: configKeys.filter((key) => !notForTheDemo.includes(key)),
    checksConfiguration: true,
    exitCodes: [
      [0, "the demo ran to its end or was stopped"],
      [1, "a runtime error"],
      badCommandLine,
      badConfiguration
    ],
    examples: ["sofascore-monitor demo --hours 6 --speed 1800"]
  },
  "init-db": {
    reads: ["DB_PATH", "LOG_LEVEL"],
    checksConfiguration: true,
    exitCodes: [
      [0, "the database is created or migrated, or was up to date"],
      [1, "the file cannot be created, opened or migrated (the message names it)"],
      badCommandLine,
      badConfiguration
    ],
    examples: ["DB_PATH=/srv/sofascore/monitor.db sofascore-monitor init-db"]
  },
  status: {
    reads: ["DB_PATH", "DISCORD_WEBHOOK_URL", "LOG_LEVEL"],
    checksConfiguration: true,
    exitCodes: [
      [0, "the status was printed"],
      [1, "no database, an empty file, or one that cannot be read (--json still prints JSON)"],
      badCommandLine,
      badConfiguration
    ],
    examples: ["sofascore-monitor status", "sofascore-monitor status --json"]
  },
  "install-service": {
    reads: ["DB_PATH", "LOG_LEVEL"],
    checksConfiguration: true,
    exitCodes: [
      [0, "installed, enabled and started (or, with --dry-run, the unit printed)"],
      [1, "not root, no systemd, or a systemctl step failed (the message says which)"],
      badCommandLine,
      badConfiguration
    ],
    examples: ["sudo sofascore-monitor install-service --lid-switch", "sofascore-monitor install-service --dry-run"]
  },
  "uninstall-service": {
    reads: [],
    checksConfiguration: false,
    exitCodes: [[0, "removed (or nothing to remove)"], [1, "not root, or a systemctl step failed"], badCommandLine],
    examples: ["sudo sofascore-monitor uninstall-service"]
  },
  report: {
    reads: ["DB_PATH", "DISCORD_WEBHOOK_URL", "LOG_LEVEL"],
    checksConfiguration: true,
    exitCodes: [
      [0, "the report was printed (or, with --post, sent or queued)"],
      [1, "no database, or it cannot be read; with --post, another monitor uses it"],
      badCommandLine,
      badConfiguration
    ],
    examples: [
      "sofascore-monitor report",
      "sofascore-monitor report --since 7d --json",
      "sofascore-monitor report --post"
    ]
  },
  doctor: {
    reads: ["DB_PATH", "DISCORD_WEBHOOK_URL", "SCAN_INTERVAL_MINUTES"],
    checksConfiguration: false,
    exitCodes: [[0, "every check passed or could not apply here"], [1, "a check failed"], badCommandLine],
    examples: ["sudo sofascore-monitor doctor", "sofascore-monitor doctor --json"]
  }
}

const wrap = (text: string, width = 100): string =>
  text.split(" ").reduce<Array<string>>((lines, word) => {
    const last = lines.at(-1)
    if (last !== undefined && last.length + word.length + 1 <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
    return lines
  }, []).join("\n")

const section = (title: string, body: string): HelpDoc.HelpDoc => HelpDoc.sequence(HelpDoc.h1(title), HelpDoc.p(body))

const where = "from the environment, then from .env in the working directory (the environment wins)"
const logLevelOption = "--log-level LEVEL overrides LOG_LEVEL for one run."

const configuration = (guide: Guide): string => {
  if (guide.reads.length === 0) return "None: this command reads no configuration."
  return [
    `${guide.reads.join(", ")}; read ${where}.`,
    guide.checksConfiguration
      ? "Every key is checked before the command starts, and a bad one stops it (exit 78)."
      : "A bad key is reported as a failed check.",
    ...(guide.reads.includes("LOG_LEVEL") ? [logLevelOption] : [])
  ].join(" ")
}

const exitCodeLines = (codes: ReadonlyArray<ExitCode>): string =>
  codes.map(([code, meaning]) => `${String(code).padEnd(3)} ${meaning}`).join("\n")

const examples = (lines: ReadonlyArray<string>): HelpDoc.HelpDoc =>
  section(lines.length === 1 ? "EXAMPLE" : "EXAMPLES", lines.map((line) => `$ ${line}`).join("\n"))

const commandFooter = (guide: Guide): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    section("CONFIGURATION", wrap(configuration(guide))),
    section("EXIT CODES", exitCodeLines(guide.exitCodes)),
    examples(guide.examples)
  ])

const rootFooter = HelpDoc.blocks([
  section(
    "CONFIGURATION",
    wrap(
      `Keys are read ${where}; \`sofascore-monitor <command> --help\` names the ones a command uses. ${logLevelOption}`
    )
  ),
  section(
    "EXIT CODES",
    exitCodeLines([
      [0, "success"],
      [1, "a runtime error (the message names the file or service)"],
      badCommandLine,
      badConfiguration
    ])
  ),
  examples(["sofascore-monitor init-db", "sofascore-monitor once", "sofascore-monitor status --json"])
])

/** The footer for the command named in `args` (the arguments after the program), else the root's. */
export const helpFooter = (args: ReadonlyArray<string>): HelpDoc.HelpDoc => {
  const guide = args.filter((arg) => Object.hasOwn(guides, arg)).map((arg) => guides[arg]).at(0)
  return guide === undefined ? rootFooter : commandFooter(guide)
}
