// @effect/cli renders help and command-line errors with ANSI styles wherever they go; a pipe or a
// file (`--help | less`, a script, the journal) gets them without.
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { colorAllowed } from "./Logging.js"

const ansiStyle = /\u001b\[[0-9;]*m/g

const plain = (args: ReadonlyArray<unknown>): Array<unknown> =>
  args.map((arg) => (typeof arg === "string" ? arg.replace(ansiStyle, "") : arg))

/** Runs `effect` with a Console whose log (stdout) and error (stderr) keep styles only on a terminal. */
export const withColorOnlyOnTerminals = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Console.consoleWith((console) => {
    const stdout = colorAllowed(process.stdout)
    const stderr = colorAllowed(process.stderr)
    if (stdout && stderr) return effect
    return Console.withConsole(effect, {
      ...console,
      log: (...args) => console.log(...(stdout ? args : plain(args))),
      error: (...args) => console.error(...(stderr ? args : plain(args)))
    })
  })
