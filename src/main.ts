// Entry point: parse the command line, run the command, and turn its end into an exit code —
// 78 (EX_CONFIG) for a bad configuration, so systemd can be told not to restart on it. SIGINT,
// SIGTERM and SIGHUP stop the command cleanly (exit 0).
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import { configErrorLine } from "./domain/configErrorMessage.js"
import { withColorOnlyOnTerminals } from "./layers/ConsoleColors.js"
import { fatalText, levelNotGiven, processLogFormat } from "./layers/Logging.js"
import { rootCommand } from "./programs/cli.js"
import { helpFooter } from "./programs/commandHelp.js"
import { runMain } from "./runMain.js"
import { version } from "./version.js"

const EX_USAGE = 64
const EX_CONFIG = 78

const CliEnvironment = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

// The footer of `<command> --help`: the keys that command reads, its exit codes and an example.
const cli = (argv: ReadonlyArray<string>) =>
  Command.run(rootCommand, { name: "sofascore-monitor", version, footer: helpFooter(argv.slice(2)) })(argv)

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
    if (ValidationError.isValidationError(error)) return EX_USAGE
    const message = error instanceof Error ? error.message : String(error)
    fatal(`error: ${message}`)
    return 1
  }
  fatal(Cause.pretty(exit.cause))
  return 70
}

const program = Effect.suspend(() => cli(process.argv)).pipe(
  // @effect/cli replaces this marker when --log-level is given, so the option wins over LOG_LEVEL.
  Logger.withMinimumLogLevel(levelNotGiven),
  withColorOnlyOnTerminals,
  Effect.provide(CliEnvironment)
)

runMain(program, {
  disablePrettyLogger: true,
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
