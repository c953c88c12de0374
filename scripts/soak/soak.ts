// The soak: the monitor's real cycle, run back to back against the loopback fake Sofascore with 50
// predictors whose predictions keep changing (new picks every cycle, odds moving), the real impit
// client and the real SQLite storage. Samples heap (after a full GC) and RSS every 100 cycles.
// Bundled and run by scripts/soak/run.mjs; alerts go to the console, which the runner discards.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Logger from "effect/Logger"
import * as LogLevel from "effect/LogLevel"
import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { monitorLayer } from "../../src/layers/AppLayers.js"
import { ConsoleNotifierLive } from "../../src/layers/ConsoleNotifier.js"
import { SqliteStorageLive } from "../../src/layers/SqliteStorage.js"
import { startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { predictionItem, syntheticRanking, syntheticUserId } from "../../src/programs/fakes/sofascoreFixtures.js"
import { makeMonitor } from "../../src/programs/monitor.js"
import { HealthNotices } from "../../src/services/HealthNotices.js"
import { SofascoreTransport } from "../../src/services/SofascoreTransport.js"
import { testConfigLayer } from "../../test/support/testConfig.js"

const cycles = Number(process.env["SOAK_CYCLES"] ?? 2000)
const users = Number(process.env["SOAK_USERS"] ?? 50)
const perUser = 50
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

const fake = await startFakeSofascore()
fake.setRanking(syntheticRanking(users))

/** Each cycle every predictor has a new pick, and the odds of the others drift. */
const publish = (cycle: number) => {
  const now = Math.floor(Date.now() / 1000)
  for (let u = 0; u < users; u++) {
    fake.setPredictions(syntheticUserId(u), [{
      predictions: Array.from({ length: perUser }, (_, i) => {
        const eventId = 30_000_000 + u * 100_000 + cycle + i
        return predictionItem({
          eventId,
          startAt: (now + 3600 + i * 60) * 1000,
          vote: ["1", "X", "2"][eventId % 3]!,
          odds: 1.6 + ((cycle * 7 + i) % 25) / 10
        })
      })
    }])
  }
}

const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), "sofascore-soak-"))
// SOAK_TRANSPORT=memory answers from the fake's data without HTTP, to tell the client's memory from the rest.
const memoryTransport = Layer.succeed(SofascoreTransport, {
  get: (path) =>
    Effect.promise(async () => {
      const response = await fetch(`${fake.baseUrl}${path}`)
      return {
        status: response.status,
        contentType: "application/json",
        retryAfter: undefined,
        body: await response.text()
      }
    })
})
const layers = monitorLayer(
  testConfigLayer({
    SOFASCORE_BASE_URL: fake.baseUrl,
    DB_PATH: NodePath.join(dir, "soak.db"),
    TOP_PREDICTORS_LIMIT: String(users)
  }),
  {
    ...(process.env["SOAK_TRANSPORT"] === "memory" ? { transport: memoryTransport } : {}),
    notifier: ConsoleNotifierLive,
    health: HealthNotices.silent,
    storage: SqliteStorageLive
  }
)

const samples: Array<{ cycle: number; rssMb: number; heapMb: number; seconds: number }> = []
const started = performance.now()
await Effect.runPromise(
  Effect.gen(function*() {
    const monitor = yield* makeMonitor
    for (let cycle = 0; cycle < cycles; cycle++) {
      // The fake records every request it serves; only the monitor is being measured.
      fake.resetStats()
      if (cycle === 0 || process.env["SOAK_STATIC"] !== "1") publish(cycle)
      yield* monitor.cycle
      if (cycle % 100 === 0 || cycle === cycles - 1) {
        gc()
        const m = process.memoryUsage()
        samples.push({
          cycle,
          rssMb: m.rss / 1048576,
          heapMb: m.heapUsed / 1048576,
          seconds: (performance.now() - started) / 1000
        })
        process.stderr.write(
          `cycle ${String(cycle).padStart(5)}  rss ${(m.rss / 1048576).toFixed(1)} MB  heap ${
            (m.heapUsed / 1048576).toFixed(1)
          } MB  ${((performance.now() - started) / 1000).toFixed(0)} s\n`
        )
      }
    }
  }).pipe(
    Effect.provide(layers),
    Effect.provide(Logger.replace(Logger.defaultLogger, Logger.make(() => undefined))),
    Logger.withMinimumLogLevel(LogLevel.Error)
  )
)
await fake.close()
NodeFs.rmSync(dir, { recursive: true, force: true })

const afterWarmup = samples.filter((s) => s.cycle >= Math.min(300, cycles / 2))
const range = (xs: ReadonlyArray<number>) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)} MB`
process.stderr.write(
  `\n${cycles} cycles, ${users} predictors × ${perUser} predictions, ${samples.at(-1)!.seconds.toFixed(0)} s\n` +
    `after warm-up: RSS ${range(afterWarmup.map((s) => s.rssMb))}, heap after GC ${
      range(afterWarmup.map((s) => s.heapMb))
    }\n`
)
