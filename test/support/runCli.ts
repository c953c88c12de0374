import * as NodeChild from "node:child_process"
import * as NodePath from "node:path"

export const mainJs = NodePath.resolve(import.meta.dirname, "../../dist/main.js")

export interface CliResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the built program as a real process with only the environment given (plus PATH and HOME);
 * `main` runs another copy of it, such as one in a throwaway project folder; `prefix` runs it through
 * another command, such as setpriv to drop root.
 */
export const runCli = (
  args: ReadonlyArray<string>,
  options: {
    readonly cwd: string
    readonly env?: Record<string, string>
    readonly timeoutMs?: number
    readonly main?: string
    readonly prefix?: ReadonlyArray<string>
  }
): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const [command, ...commandArgs] = [...(options.prefix ?? []), process.execPath, options.main ?? mainJs, ...args]
    const child = NodeChild.spawn(command!, commandArgs, {
      cwd: options.cwd,
      env: { PATH: process.env["PATH"] ?? "", HOME: options.cwd, ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })

export interface RunningCli {
  readonly child: NodeChild.ChildProcess
  readonly output: () => string
  /** Resolves when stdout or stderr has printed a line matching `pattern`. */
  readonly waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<void>
  readonly exited: Promise<
    { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly atMs: number }
  >
}

/** Starts the built program and leaves it running. */
export const startCli = (
  args: ReadonlyArray<string>,
  options: { readonly cwd: string; readonly env?: Record<string, string> }
): RunningCli => {
  const child = NodeChild.spawn(process.execPath, [mainJs, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env["PATH"] ?? "", HOME: options.cwd, ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    output += chunk.toString()
    for (const l of listeners) l()
  }
  child.stdout!.on("data", onData)
  child.stderr!.on("data", onData)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, atMs: performance.now() }))
  )
  const waitFor = (pattern: RegExp, timeoutMs = 20_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(output)) {
          listeners.delete(check)
          clearTimeout(timer)
          resolve()
        }
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`))
      }, timeoutMs)
      listeners.add(check)
      check()
    })
  return { child, output: () => output, waitFor, exited }
}

/** Log text without the ISO timestamps that piped lines start with, for tests that compare whole lines. */
export const untimed = (text: string): string => text.replace(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /gm, "")

/** The program's memory limits given to node: dist/main.js then runs the program in this one process. */
export const singleProcess = "--max-semi-space-size=4 --max-old-space-size=192"
