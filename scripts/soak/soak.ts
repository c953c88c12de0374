// The soak: `run`'s daemon (scripts/soak/daemon.ts, a process of its own, so that what is measured
// is the daemon alone) against the loopback fake Sofascore and a fake Discord that enforces Discord's
// limits, both here, for SOAK_CYCLES cycles (default 2,000) while the 50 predictors' pages change: a
// new pick every second cycle, odds drifting every cycle and a line move every fifth. The daemon runs
// on the demo's fast clock and reports each cycle over IPC; the pages change between cycles. Every
// SOAK_SAMPLE_EVERY cycles (default 50) the daemon samples its RSS and heap after a full GC; at the
// end this prints the least-squares slope of both after warm-up, in MB per 1,000 cycles, and the
// daemon's peak RSS. Bundled and run by scripts/soak/run.mjs.
import { fork } from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { createInterface } from "node:readline"
import { startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { predictionItem, syntheticRanking, syntheticUserId } from "../../src/programs/fakes/sofascoreFixtures.js"
import { discordRateLimits, startFakeDiscord } from "../../test/support/fakeDiscord.js"
import type { FromDaemon, ToDaemon } from "./protocol.js"

const cycles = Number(process.env["SOAK_CYCLES"] ?? 2000)
const users = Number(process.env["SOAK_USERS"] ?? 50)
const sampleEvery = Number(process.env["SOAK_SAMPLE_EVERY"] ?? 50)
/** Simulated seconds per real second between cycles: the three-minute floor passes in 0.3 s. */
const speed = Number(process.env["SOAK_SPEED"] ?? 600)
const perUser = 50
const hour = 3_600_000

const startAt = Date.now()
/** Simulated time, as the daemon last reported it. */
let simNow = startAt

const sofascore = await startFakeSofascore()
sofascore.setRanking(syntheticRanking(users))
const discord = await startFakeDiscord({ enforceRateLimit: discordRateLimits })

interface Pick {
  readonly eventId: number
  readonly startAt: number
  readonly vote: string
  odds: number
}

// Each predictor's page, newest first: an hour apart, from 30 h ago to 20 h ahead, so that the first
// poll sees them all (FIRST_POLL=silent) and the alerts after it are the new picks and the moves.
const pages: Array<Array<Pick>> = Array.from({ length: users }, (_, u) =>
  Array.from({ length: perUser }, (_, i) => ({
    eventId: 40_000_000 + u * 100_000 + perUser - i,
    startAt: startAt + (20 - i) * hour,
    vote: ["1", "X", "2"][i % 3]!,
    odds: 1.5 + (i % 20) / 10
  })))
const nextEventId = pages.map((page) => page[0]!.eventId + 1)

const statusAt = (pick: Pick, now: number) =>
  now < pick.startAt ? "notstarted" : now < pick.startAt + 2 * hour ? "inprogress" : "finished"

const publish = (u: number) =>
  sofascore.setPredictions(syntheticUserId(u), [{
    predictions: pages[u]!.map((p) =>
      predictionItem({
        eventId: p.eventId,
        startAt: p.startAt,
        status: statusAt(p, simNow),
        vote: p.vote,
        odds: Math.round(p.odds * 100) / 100
      })
    )
  }])

const recent: Array<{ readonly user: number; readonly pick: Pick }> = []

/** Between cycles: a new pick every second cycle, a few odds drifting by 2 %, a 25 % move every fifth. */
const advance = (cycle: number) => {
  const now = simNow
  const touched = new Set<number>()
  if (cycle % 2 === 0) {
    const u = (cycle / 2) % users
    const page = pages[u]!
    const pick = { eventId: nextEventId[u]!++, startAt: now + 2 * hour + (cycle % 17) * hour, vote: "1", odds: 2.2 }
    page.unshift(pick)
    page.length = perUser
    recent.push({ user: u, pick })
    if (recent.length > 20) recent.shift()
    touched.add(u)
  }
  for (let k = 0; k < 3; k++) {
    const u = (cycle * 7 + k * 13) % users
    const pick = pages[u]![(cycle + k * 5) % perUser]!
    if (pick.startAt > now + hour) {
      pick.odds = Math.max(1.05, pick.odds * (k % 2 === 0 ? 1.02 : 0.98))
      touched.add(u)
    }
  }
  // Line moves are tracked from a pick's alert: the move is on one of the recent new picks.
  const moved = recent[(cycle / 5) % recent.length]
  if (cycle % 5 === 0 && moved !== undefined && moved.pick.startAt > now + hour) {
    moved.pick.odds = (cycle / 5) % 2 === 0 ? moved.pick.odds * 1.25 : moved.pick.odds / 1.25
    touched.add(moved.user)
  }
  // Kick-offs change a pick's status on every page; the rest only when touched.
  for (let u = 0; u < users; u++) if (touched.has(u) || cycle % 10 === 0) publish(u)
}

for (let u = 0; u < users; u++) publish(u)

const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "sofascore-soak-"))

// Started as the service starts node (its memory flags), with --expose-gc for the samples; its
// settings as a user's .env gives them, in a directory of its own (no .env of this project).
const child = fork(NodePath.join(import.meta.dirname, "soak-daemon.mjs"), [], {
  cwd: dir,
  execArgv: [
    ...(process.env["SOAK_NODE_FLAGS"]?.split(" ") ??
      ["--max-semi-space-size=4", "--max-old-space-size=192", "--optimize-for-size"]),
    "--expose-gc"
  ],
  // Its log at the default level, as `run` writes it; only warnings and errors are shown.
  stdio: ["ignore", "ignore", "pipe", "ipc"],
  env: {
    PATH: process.env["PATH"],
    HOME: dir,
    SOFASCORE_BASE_URL: sofascore.baseUrl,
    DISCORD_WEBHOOK_URL: discord.webhookUrl,
    DB_PATH: NodePath.join(dir, "soak.db"),
    TOP_PREDICTORS_LIMIT: String(users),
    FIRST_POLL: "silent",
    // Sofascore's timeout is on the fast clock: 300 simulated seconds are half a second here.
    HTTP_TIMEOUT_SECONDS: "300",
    SOAK_START_AT: String(startAt),
    SOAK_SPEED: String(speed),
    SOAK_SAMPLE_EVERY: String(sampleEvery)
  }
})
const reply = (message: ToDaemon) => child.send(message)
createInterface({ input: child.stderr! }).on("line", (line) => {
  if (/\b(WARN|ERROR|FATAL)\b/.test(line)) process.stderr.write(`${line}\n`)
})

interface Sample {
  readonly cycle: number
  readonly rssMb: number
  readonly heapMb: number
  readonly seconds: number
  readonly cpuMs: number
}
const samples: Array<Sample> = []
const started = performance.now()
const totals = { newAlerts: 0, lineMoves: 0, delivered: 0, failures: 0 }
let overLimit = 0
let peakMb = 0

/** The daemon's peak resident memory so far (the kernel's high-water mark). */
const peakRss = () => {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(NodeFs.readFileSync(`/proc/${child.pid}/status`, "utf8"))
  return hwm === null ? NaN : Number(hwm[1]) / 1024
}

const record = (report: FromDaemon) => {
  totals.newAlerts += report.newAlerts
  totals.lineMoves += report.lineMoves
  totals.delivered += report.delivered
  if (report.failed) totals.failures += 1
  if (report.memory === undefined) return
  const s = {
    cycle: report.cycle,
    rssMb: report.memory.rss / 1048576,
    heapMb: report.memory.heapUsed / 1048576,
    seconds: (performance.now() - started) / 1000,
    cpuMs: report.memory.cpuMs
  }
  samples.push(s)
  process.stdout.write(
    `cycle ${String(s.cycle).padStart(5)}  rss ${s.rssMb.toFixed(1)} MB  heap ${s.heapMb.toFixed(1)} MB (of ${
      (report.memory.heapTotal / 1048576).toFixed(1)
    }, external ${(report.memory.external / 1048576).toFixed(1)})  ${
      s.seconds.toFixed(0)
    } s  alerts ${totals.newAlerts} new, ${totals.lineMoves} moves, ${totals.delivered} delivered, ${
      overLimit + discord.rateLimitViolations
    } over the limit\n`
  )
}

/** The daemon's CPU per cycle between the first sample after warm-up and the last. */
const cpuPerCycle = (from: Sample, to: Sample) => (to.cpuMs - from.cpuMs) / (to.cycle - from.cycle)

const finished = new Promise<void>((resolve, reject) => {
  child.on("message", (report: FromDaemon) => {
    simNow = report.now
    record(report)
    // The fakes' own records would grow with the run.
    sofascore.resetStats()
    if ((report.cycle + 1) % 100 === 0) {
      overLimit += discord.rateLimitViolations
      discord.resetStats()
    }
    if (report.cycle + 1 >= cycles) {
      peakMb = peakRss()
      if (process.env["SOAK_SMAPS"]) {
        NodeFs.writeFileSync(process.env["SOAK_SMAPS"], NodeFs.readFileSync(`/proc/${child.pid}/smaps`))
      }
      reply("stop")
    } else {
      advance(report.cycle + 1)
      reply("next")
    }
  })
  child.on(
    "exit",
    (code, signal) => code === 0 ? resolve() : reject(new Error(`the daemon exited with ${code ?? signal}`))
  )
})
await finished
await sofascore.close()
await discord.close()
NodeFs.rmSync(dir, { recursive: true, force: true })
/** Least squares: MB per 1,000 cycles. */
const slope = (points: ReadonlyArray<readonly [number, number]>) => {
  const n = points.length
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0)
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
  return sxx === 0 ? NaN : (sxy / sxx) * 1000
}
const warmup = Math.min(300, Math.floor(cycles / 3))
const after = samples.filter((s) => s.cycle >= warmup)
const range = (xs: ReadonlyArray<number>) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} MB`
const simulatedHours = (simNow - startAt) / hour
process.stdout.write(
  `\n${cycles} cycles of the daemon, ${users} predictors × ${perUser} predictions, ${
    samples.at(-1)!.seconds.toFixed(0)
  } s real, ${simulatedHours.toFixed(1)} h simulated\n` +
    `alerts: ${totals.newAlerts} new picks, ${totals.lineMoves} line moves, ${totals.delivered} delivered, ${
      overLimit + discord.rateLimitViolations
    } posts over Discord's limits, ${totals.failures} cycles with a failure\n` +
    `after warm-up (cycle ≥ ${warmup}, ${after.length} samples): RSS ${
      range(after.map((s) => s.rssMb))
    }, heap after GC ${range(after.map((s) => s.heapMb))}\n` +
    `slope: RSS ${slope(after.map((s) => [s.cycle, s.rssMb])).toFixed(2)} MB, heap ${
      slope(after.map((s) => [s.cycle, s.heapMb])).toFixed(2)
    } MB per 1,000 cycles\n` +
    `peak RSS of the daemon over the run: ${peakMb.toFixed(1)} MB; its CPU after warm-up ${
      cpuPerCycle(after[0]!, after.at(-1)!).toFixed(1)
    } ms per cycle\n`
)
