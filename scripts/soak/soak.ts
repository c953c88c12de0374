// The soak: the real daemon program (`daemon()`, what `run` runs) with the production layers — impit
// against the loopback fake Sofascore, SQLite behind the instance lock, the Discord notifier posting
// to a fake Discord that enforces Discord's limits — for SOAK_CYCLES cycles (default 2,000) while the
// 50 predictors' pages change: a new pick every second cycle, odds drifting every cycle and a line
// move every fifth. The adaptive schedule never waits less than three minutes, so the daemon runs on
// the demo's fast clock (simulated time stands still while a cycle runs); Discord's pacing stays on
// the real clock, as in `demo --webhook`. Every SOAK_SAMPLE_EVERY cycles (default 50) it samples RSS
// and the heap after a full GC, and at the end prints the least-squares slope of both after warm-up,
// in MB per 1,000 cycles. Bundled and run by scripts/soak/run.mjs with the service's node flags.
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { monitorLayer } from "../../src/layers/AppLayers.js"
import { makeDiscordNotifier } from "../../src/layers/DiscordNotifier.js"
import { acceleratedClock } from "../../src/programs/demo/clock.js"
import { startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { predictionItem, syntheticRanking, syntheticUserId } from "../../src/programs/fakes/sofascoreFixtures.js"
import { daemon } from "../../src/programs/run.js"
import { AppConfig } from "../../src/services/AppConfig.js"
import { Notifier } from "../../src/services/Notifier.js"
import { discordRateLimits, startFakeDiscord } from "../../test/support/fakeDiscord.js"
import { testConfigLayer } from "../../test/support/testConfig.js"

const cycles = Number(process.env["SOAK_CYCLES"] ?? 2000)
const users = Number(process.env["SOAK_USERS"] ?? 50)
const sampleEvery = Number(process.env["SOAK_SAMPLE_EVERY"] ?? 50)
/** Simulated seconds per real second between cycles: the three-minute floor passes in about 0.1 s. */
const speed = Number(process.env["SOAK_SPEED"] ?? 1800)
const perUser = 50
const hour = 3_600_000
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error("run the soak with --expose-gc (npm run soak does)")

const startAt = Date.now()
const fastClock = acceleratedClock({ startAt, speed })
const simNow = () => fastClock.clock.unsafeCurrentTimeMillis()

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
        status: statusAt(p, simNow()),
        vote: p.vote,
        odds: Math.round(p.odds * 100) / 100
      })
    )
  }])

const recent: Array<{ readonly user: number; readonly pick: Pick }> = []

/** Between cycles: a new pick every second cycle, a few odds drifting by 2 %, a 25 % move every fifth. */
const advance = (cycle: number) => {
  const now = simNow()
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
const webhook = Redacted.make(discord.webhookUrl)

// The settings as a user's .env gives them, then the fakes' addresses, as the demo does.
const config = Layer.effect(
  AppConfig,
  Effect.map(AppConfig, (loaded) => ({
    ...loaded,
    // On the fast clock a 15 s timeout would be over in milliseconds of real time.
    httpTimeoutSeconds: 300,
    discordHealthWebhookUrl: Option.none()
  }))
).pipe(
  Layer.provide(testConfigLayer({
    SOFASCORE_BASE_URL: sofascore.baseUrl,
    DISCORD_WEBHOOK_URL: discord.webhookUrl,
    DB_PATH: NodePath.join(dir, "soak.db"),
    TOP_PREDICTORS_LIMIT: String(users),
    FIRST_POLL: "silent"
  }))
)

// The production Discord notifier, its pacing on the real clock (Discord's limits are in real time).
const notifier = Layer.effect(
  Notifier,
  Effect.map(makeDiscordNotifier(webhook, { timeoutMs: 15_000 }), (client) => ({
    ...client,
    send: (message) => Effect.withClock(client.send(message), Clock.make())
  }))
).pipe(Layer.provide(FetchHttpClient.layer))

const layers = monitorLayer(config, { notifier }).pipe(Layer.provideMerge(Layer.setClock(fastClock.clock)))

interface Sample {
  readonly cycle: number
  readonly rssMb: number
  readonly heapMb: number
  readonly seconds: number
}
const samples: Array<Sample> = []
const started = performance.now()
const totals = { newAlerts: 0, lineMoves: 0, delivered: 0, failures: 0 }
let done = 0
let overLimit = 0

const sample = (cycle: number) => {
  gc()
  const m = process.memoryUsage()
  const s = {
    cycle,
    rssMb: m.rss / 1048576,
    heapMb: m.heapUsed / 1048576,
    seconds: (performance.now() - started) / 1000
  }
  samples.push(s)
  process.stdout.write(
    `cycle ${String(cycle).padStart(5)}  rss ${s.rssMb.toFixed(1)} MB  heap ${s.heapMb.toFixed(1)} MB  ${
      s.seconds.toFixed(0)
    } s  alerts ${totals.newAlerts} new, ${totals.lineMoves} moves, ${totals.delivered} delivered, ${
      overLimit + discord.rateLimitViolations
    } over the limit\n`
  )
}

const program = Effect.gen(function*() {
  let finished: () => void = () => undefined
  const allDone = new Promise<void>((resolve) => (finished = resolve))
  const run = daemon({
    aroundCycle: fastClock.frozen,
    onCycle: (report) =>
      Effect.sync(() => {
        totals.newAlerts += report.newAlerts
        totals.lineMoves += report.lineMoves
        totals.delivered += report.delivery?.delivered ?? 0
        if (report.failure !== undefined || report.failed > 0) totals.failures += 1
        if (done % sampleEvery === 0 || done === cycles - 1) sample(done)
        done += 1
        // The fakes' own records would grow with the run: only the daemon is being measured.
        sofascore.resetStats()
        if (done % 100 === 0) {
          overLimit += discord.rateLimitViolations
          discord.resetStats()
        }
        if (done >= cycles) finished()
        else advance(done)
      })
  })
  yield* Effect.raceFirst(run, Effect.promise(() => allDone))
}).pipe(
  Effect.provide(layers),
  Logger.withMinimumLogLevel(LogLevel.Warning)
)

await Effect.runPromise(program)
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
const simulatedHours = (simNow() - startAt) / hour
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
    } MB per 1,000 cycles\n`
)
