// NodeRuntime.runMain with SIGHUP among the signals that stop the program cleanly: a terminal that
// closes sends SIGHUP, whose default action would kill the daemon without running its finalizers
// (the "Stopping" line, the WAL checkpoint, the lock file's removal).
import { makeRunMain } from "@effect/platform/Runtime"
import { constVoid } from "effect/Function"

const stopSignals = ["SIGINT", "SIGTERM", "SIGHUP"] as const

/** The terminal is gone: what is left to print has nowhere to go, and must not crash the clean stop. */
const ignoreClosedOutput = (error: NodeJS.ErrnoException) => {
  if (error.code !== "EIO" && error.code !== "EPIPE") throw error
}

export const runMain = makeRunMain(({ fiber, teardown }) => {
  const keepAlive = setInterval(constVoid, 2 ** 31 - 1)
  let receivedSignal = false

  const removeListeners = () => {
    for (const signal of stopSignals) process.removeListener(signal, onSignal)
  }

  fiber.addObserver((exit) => {
    if (!receivedSignal) removeListeners()
    clearInterval(keepAlive)
    teardown(exit, (code) => {
      if (receivedSignal || code !== 0) process.exit(code)
    })
  })

  function onSignal(signal: NodeJS.Signals) {
    receivedSignal = true
    removeListeners()
    // A second SIGINT or SIGTERM still kills at once (as in NodeRuntime.runMain); a repeated hang-up
    // (the kernel and then the shell both send one) must not cut the clean stop short.
    process.on("SIGHUP", constVoid)
    if (signal === "SIGHUP") {
      process.stdout.on("error", ignoreClosedOutput)
      process.stderr.on("error", ignoreClosedOutput)
    }
    fiber.unsafeInterruptAsFork(fiber.id())
  }

  for (const signal of stopSignals) process.on(signal, onSignal)
})
