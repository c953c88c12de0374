// Entry point: parse the command line, run the command, and turn its end into an exit code —
// 78 (EX_CONFIG) for a bad configuration, so systemd can be told not to restart on it.
import * as Command from "@effect/cli/Command"
import * as ValidationError from "@effect/cli/ValidationError"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Cause from "effect/Cause"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { configErrorLine } from "./domain/configErrorMessage.js"
import { rootCommand } from "./programs/cli.js"
import { version } from "./version.js"

const EX_USAGE = 64
const EX_CONFIG = 78

const CliEnvironment = Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeTerminal.layer)

const cli = Command.run(rootCommand, { name: "sofascore-monitor", version })

const exitCodeOf = (exit: Exit.Exit<unknown, unknown>): number => {
  if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) return 0
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) {
    const error = failure.value
    if (ConfigError.isConfigError(error)) {
      process.stderr.write(`${configErrorLine(error)}\n`)
      return EX_CONFIG
    }
    // @effect/cli has already printed what was wrong with the command line.
    if (ValidationError.isValidationError(error)) return EX_USAGE
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`error: ${message}\n`)
    return 1
  }
  process.stderr.write(`${Cause.pretty(exit.cause)}\n`)
  return 70
}

NodeRuntime.runMain(Effect.provide(Effect.suspend(() => cli(process.argv)), CliEnvironment), {
  disablePrettyLogger: true,
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(exitCodeOf(exit))
})
