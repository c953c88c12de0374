// The few host facts and commands the installer and the doctor need, as Effects that never throw.
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"

export class HostError extends Data.TaggedError("HostError")<{ readonly message: string }> {}

export interface CommandResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs a command to completion; a missing binary is exit code 127, as in a shell. */
export const runCommand = (command: string, args: ReadonlyArray<string>, timeoutMs = 30_000) =>
  Effect.sync((): CommandResult => {
    const result = NodeChild.spawnSync(command, args, { encoding: "utf8", timeout: timeoutMs })
    if (result.error !== undefined) {
      return {
        code: (result.error as NodeJS.ErrnoException).code === "ENOENT" ? 127 : 1,
        stdout: "",
        stderr: result.error.message
      }
    }
    return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
  })

/** Like runCommand, but a non-zero exit is an error that quotes the command and what it said. */
export const mustRun = (command: string, args: ReadonlyArray<string>) =>
  Effect.flatMap(runCommand(command, args), (result) =>
    result.code === 0
      ? Effect.succeed(result.stdout)
      : Effect.fail(
        new HostError({
          message: `${[command, ...args].join(" ")} failed (${result.code}): ${
            result.stderr.trim() || result.stdout.trim()
          }`
        })
      ))

/** systemd is the init system when this directory exists (sd_booted()). */
export const systemdRunning = Effect.sync(() => NodeFs.existsSync("/run/systemd/system"))

export const isRoot = Effect.sync(() => process.getuid?.() === 0)

/** The project directory: the one holding dist/main.js, the program being run. */
export const projectDir = Effect.sync(() => NodePath.resolve(NodePath.dirname(process.argv[1] ?? "dist/main.js"), ".."))

export const writeFile = (path: string, content: string, mode: number) =>
  Effect.try({
    try: () => {
      NodeFs.mkdirSync(NodePath.dirname(path), { recursive: true })
      NodeFs.writeFileSync(path, content, { mode })
      NodeFs.chmodSync(path, mode)
    },
    catch: (error) => new HostError({ message: `cannot write ${path}: ${(error as Error).message}` })
  })

export const removeFile = (path: string) =>
  Effect.try({
    try: () => {
      const existed = NodeFs.existsSync(path)
      NodeFs.rmSync(path, { force: true })
      return existed
    },
    catch: (error) => new HostError({ message: `cannot remove ${path}: ${(error as Error).message}` })
  })
