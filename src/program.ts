// The program: parse the command line, run the command, and turn its end into an exit code — 78
// (EX_CONFIG) for a bad configuration, so systemd can be told not to restart on it. SIGINT, SIGTERM
// and SIGHUP stop the command cleanly (exit 0). `status`, `status --json`, `run` and `once` run
// without @effect/cli, loaded for every other command line (see programs/plainCommands.ts).
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import { configErrorLine } from "./domain/configErrorMessage.js"
import { isUsageError } from "./domain/usageError.js"
import { withColorOnlyOnTerminals } from "./layers/ConsoleColors.js"
import { fatalText, levelNotGiven, processLogFormat } from "./layers/Logging.js"
import { plainCommand } from "./programs/plainCommands.js"
import { runMain } from "./runMain.js"

const EX_USAGE = 64
const EX_CONFIG = 78

const commandLine = (argv: ReadonlyArray<string>) => {
  const plain = plainCommand(argv.slice(2))
  if (plain !== undefined) return plain
  return Effect.flatMap(Effect.promise(() => import("./programs/cli.js")), ({ runCli }) => runCli(argv))
}

/** The line that says why the program stops; under journald with the error priority. */
const fatal = (text: string) => process.stderr.write(`${fatalText(processLogFormat(), text)}\n`)

const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) return 0
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ConfigError.isConfigError(error)) {
      fatal(configErrorLine(error))
      return EX_CONFIG
    }
    // @effect/cli has already printed what was wrong with the command line.
    if (isUsageError(error)) return EX_USAGE
    const message = error instanceof Error ? error.message : String(error)
    fatal(`error: ${message}`)
    return 1
  }
  fatal(Cause.pretty(exit.cause))
  return 70
}

const program = Effect.suspend(() => commandLine(process.argv)).pipe(
  // @effect/cli replaces this marker when --log-level is given, so the option wins over LOG_LEVEL.
  Logger.withMinimumLogLevel(levelNotGiven),
  withColorOnlyOnTerminals
)

runMain(program, {
  disablePrettyLogger: true,
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
