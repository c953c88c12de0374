// Who holds the instance lock, judged from the pid it records: a pid is reused once its process
// ends, so a live pid is the monitor's only if that process is still a monitor.
import * as NodePath from "node:path"

export type LockOwner =
  /** No process has that pid any more: the monitor was killed or the machine lost power. */
  | { readonly _tag: "Gone" }
  /** The pid now belongs to another program: the monitor that held the lock is gone too. */
  | { readonly _tag: "OtherProgram"; readonly program: string }
  /** A running monitor, or a process that cannot be inspected: assumed to be one, to be safe. */
  | { readonly _tag: "Monitor" }

const monitorCommands = new Set(["run", "once"])

/** `node …/dist/main.js run` or `sofascore-monitor once`: this program's monitor commands. */
export const isMonitorCommandLine = (args: ReadonlyArray<string>): boolean =>
  args.some((arg) => ["main.js", "sofascore-monitor"].includes(NodePath.basename(arg))) &&
  args.some((arg) => monitorCommands.has(arg))

/**
 * `alive`: whether signal 0 reached a process with that pid (a permission error counts as alive).
 * `commandLine`: its arguments from /proc, or undefined when they cannot be read.
 */
export const lockOwner = (probe: {
  readonly alive: boolean
  readonly commandLine: ReadonlyArray<string> | undefined
}): LockOwner => {
  if (!probe.alive) return { _tag: "Gone" }
  if (probe.commandLine === undefined || isMonitorCommandLine(probe.commandLine)) return { _tag: "Monitor" }
  const first = probe.commandLine[0]
  // An exited process not yet reaped, or a kernel thread, has an empty command line.
  return { _tag: "OtherProgram", program: first === undefined ? "an exited process" : NodePath.basename(first) }
}
