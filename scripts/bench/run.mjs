// `npm run bench`: the `once` cycle of the built program against the loopback fake Sofascore with
// 50 predictors × 50 predictions. Prints peak RSS, CPU time and requests per cycle, and how many
// database reads deduplication costs per predictor. Figures, not assertions: this machine is shared.
import { build } from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")
const users = Number(process.env.BENCH_USERS ?? 50)
const perUser = Number(process.env.BENCH_PREDICTIONS ?? 50)
const cycles = Number(process.env.BENCH_CYCLES ?? 4)
/**
 * The flags `npm start` and the systemd unit run the program with: a young generation of 4 MB
 * semi-spaces instead of 16 keeps peak RSS about 20 MB lower at no measurable CPU cost.
 */
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "--max-semi-space-size=4").split(" ").filter((f) => f !== "")

execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" })
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sofascore-bench-"))
// The project's one fake Sofascore and its synthetic-data builders, bundled for this plain script.
await build({
  stdin: {
    contents: "export * from \"./fakeSofascore.ts\"\nexport * from \"./sofascoreFixtures.ts\"",
    resolveDir: path.join(root, "src/programs/fakes"),
    loader: "ts"
  },
  outfile: path.join(work, "fakeSofascore.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning"
})
const { predictionItem, startFakeSofascore, syntheticRanking, syntheticUserId } = await import(
  path.join(work, "fakeSofascore.mjs")
)

const nowMs = Date.now()
const pageFor = (u) => ({
  predictions: Array.from({ length: perUser }, (_, i) =>
    predictionItem({
      eventId: 20_000_000 + u * 1000 + i,
      startAt: nowMs + 3600_000 + i * 600_000,
      vote: ["1", "X", "2"][i % 3],
      odds: 1.5 + (i % 20) / 10
    }))
})

const fake = await startFakeSofascore()
fake.setRanking(syntheticRanking(users))
for (let u = 0; u < users; u++) fake.setPredictions(syntheticUserId(u), [pageFor(u)])

const runOnce = (label, args = ["once"]) =>
  new Promise((resolve, reject) => {
    const out = path.join(work, `probe-${label}.json`)
    fake.resetStats()
    const started = performance.now()
    const child = spawn(process.execPath, [
      ...nodeFlags,
      "--require",
      path.join(root, "scripts/bench/probe.cjs"),
      path.join(root, "dist/main.js"),
      ...args
    ], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        SOFASCORE_BASE_URL: fake.baseUrl,
        DB_PATH: path.join(work, "bench.db"),
        TOP_PREDICTORS_LIMIT: String(users),
        LOG_LEVEL: "WARN",
        BENCH_PROBE_OUT: out
      },
      stdio: ["ignore", "ignore", "inherit"]
    })
    child.on("error", reject)
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`once exited ${code}`))
      const probe = JSON.parse(fs.readFileSync(out, "utf8"))
      resolve({ label, wallMs: performance.now() - started, requests: fake.requestCount(), ...probe })
    })
  })

const startup = await runOnce("startup only", ["--version"])
const results = []
for (let c = 0; c < cycles; c++) results.push(await runOnce(c === 0 ? "first (all new)" : `steady ${c}`))
await fake.close()
fs.rmSync(work, { recursive: true, force: true })

const dedupReads = (r) =>
  Object.entries(r.statements).filter(([sql]) => sql.includes("FROM seen_bets s LEFT JOIN latest_odds")).reduce(
    (n, [, c]) => n + c,
    0
  )
const mb = (kb) => (kb / 1024).toFixed(1)
console.log(`\n${users} predictors × ${perUser} predictions, ${cycles} runs of \`once\` (each a fresh process)\n`)
console.log("run               peak RSS   CPU (user+sys)   wall     requests   dedup reads/user   statements")
for (const r of results) {
  const cpuMs = (r.cpuUserUs + r.cpuSystemUs) / 1000
  const total = Object.values(r.statements).reduce((a, b) => a + b, 0)
  console.log(
    `${r.label.padEnd(17)} ${`${mb(r.maxRssKb)} MB`.padStart(9)}   ${`${cpuMs.toFixed(0)} ms`.padStart(14)}   ${
      `${r.wallMs.toFixed(0)} ms`.padStart(7)
    }   ${String(r.requests).padStart(8)}   ${(dedupReads(r) / users).toFixed(2).padStart(16)}   ${
      String(total).padStart(10)
    }`
  )
}
const worstRss = Math.max(...results.map((r) => r.maxRssKb)) / 1024
const cpu = (r) => (r.cpuUserUs + r.cpuSystemUs) / 1000
const worstCpu = Math.max(...results.map(cpu)) - cpu(startup)
console.log(
  `startup only: ${cpu(startup).toFixed(0)} ms CPU, ${mb(startup.maxRssKb)} MB (node flags: ${
    nodeFlags.join(" ") || "none"
  })`
)
console.log(
  `\ntargets: peak RSS < 120 MB (worst ${worstRss.toFixed(1)} MB); CPU < 1 s per cycle (worst ${
    worstCpu.toFixed(0)
  } ms without process start); one dedup read per user per cycle (${
    (Math.max(...results.map(dedupReads)) / users).toFixed(2)
  })`
)
