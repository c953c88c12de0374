// dist/main.js: the program sets its own V8 limits, however it is started. V8 reads them only when
// it starts (v8.setFlagsFromString afterwards changes neither the young generation nor the heap cap),
// so without them on node's command line this starts node once more with them and relays to it:
// stdio shared, signals forwarded, its exit code returned. This file stays tiny, the program itself
// (dist/app.js) is loaded only where it runs: the relaying process costs about 8 MB of its own memory,
// where the small young generation saves more than twice that at the peak.
import * as NodeChild from "node:child_process"
import * as NodeNet from "node:net"

/** Small semi-spaces keep the young generation lean; the old-generation cap makes V8 collect early. */
const heapLimits = ["--max-semi-space-size=4", "--max-old-space-size=192"]
/**
 * V8's memory-saving mode (smaller heap growth, code flushed sooner): measured by the soak, 8–10 MB
 * less resident memory for about 80 ms more CPU per cycle. NODE_OPTIONS may not carry it.
 */
const limits = [...heapLimits, "--optimize-for-size"]
/** Set on the relaunched process: never relaunch twice. `1` also runs without the flags (to measure). */
const marker = "SOFASCORE_MONITOR_RELAUNCHED"
const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const

const given = (flag: string) => {
  const name = flag.split("=")[0]!
  const options = (process.env["NODE_OPTIONS"] ?? "").split(/\s+/)
  return [...process.execArgv, ...options].some((arg) => arg === name || arg.startsWith(`${name}=`))
}

const relaunch = () => {
  const missing = limits.filter((flag) => !given(flag))
  const child = NodeChild.spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    env: { ...process.env, [marker]: "relayed" },
    // fd 3 closes when this process dies, however it dies: the program then dies too.
    stdio: ["inherit", "inherit", "inherit", "pipe"],
    // Its own process group: a Ctrl-C or a hang-up reaches it once, forwarded from here, since a
    // second SIGINT or SIGTERM would stop it at once instead of cleanly.
    detached: true
  })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  for (const signal of signals) process.on(signal, forward)
  child.on("error", (error) => {
    process.stderr.write(`error: cannot start ${process.execPath}: ${error.message}\n`)
    process.exit(1)
  })
  child.on("exit", (code, signal) => {
    if (signal === null) process.exit(code ?? 1)
    for (const name of signals) process.removeListener(name, forward)
    process.kill(process.pid, signal)
  })
}

const watchLauncher = () => {
  const pipe = new NodeNet.Socket({ fd: 3, readable: true, writable: false })
  pipe.on("error", () => undefined)
  // As when a single process is killed outright: no finalizers.
  pipe.on("close", () => process.kill(process.pid, "SIGKILL"))
  pipe.resume()
  pipe.unref()
}

const marked = process.env[marker]
// Not passed on to what the program starts (a `node dist/main.js` of its own relaunches as usual).
delete process.env[marker]
// Heap limits given (also in NODE_OPTIONS, where V8 allows no other flag) are the caller's choice.
if (marked === undefined && !heapLimits.every(given)) {
  relaunch()
} else {
  if (marked === "relayed") watchLauncher()
  // A computed specifier: the bundler leaves the program in its own file.
  await import(new URL("app.js", import.meta.url).href)
}
