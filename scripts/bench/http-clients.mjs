// `node scripts/bench/http-clients.mjs`: the HTTP clients the Discord notifier could post through,
// measured on the same batch. Each run is a fresh node (with the program's memory limits) that loads
// impit as the monitor does for Sofascore, then sends HTTP_POSTS messages of ten embeds through the
// project's Discord notifier (its pacing included) to the project's fake Discord on loopback. Per
// client: time to the first post confirmed, CPU per post, resident memory before and at the peak,
// and what the client adds to a bundle; min / median / max over HTTP_RUNS runs (default 5), the
// clients taking turns so that a drift of the machine's speed touches them alike.
import { build } from "esbuild"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")
const runs = Number(process.env.HTTP_RUNS ?? 5)
const posts = Number(process.env.HTTP_POSTS ?? 10)
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sofascore-http-"))

const clients = {
  fetch: {
    imports: "import * as FetchHttpClient from \"@effect/platform/FetchHttpClient\"",
    layer: "FetchHttpClient.layer"
  },
  "node:http": {
    imports: "import * as NodeHttpClient from \"@effect/platform-node/NodeHttpClient\"",
    layer: "NodeHttpClient.layer"
  },
  impit: {
    // impit's fetch in place of the global one, its own instance (Sofascore's proxy is not Discord's).
    imports: "import * as FetchHttpClient from \"@effect/platform/FetchHttpClient\"",
    layer: `Layer.provide(FetchHttpClient.layer, Layer.sync(FetchHttpClient.Fetch, () => {
      const discord = new Impit({ browser: "chrome", timeout })
      return ((url, init) => discord.fetch(String(url), { ...init, timeout }))
    }))`
  }
}

const probe = (client) => `
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Impit } from "impit"
import { makeDiscordNotifier } from "./src/layers/DiscordNotifier.ts"
${client.imports}
const timeout = 10_000
// As the monitor: impit is loaded and has an instance for Sofascore before anything is posted.
globalThis.sofascore = new Impit({ browser: "chrome", timeout })
const embed = (i, k) => ({
  title: "Arsenal – Chelsea", description: "Premier League · 1 @ 2.10 · kick-off in 3 h",
  color: 0x2ecc71, fields: [{ name: "Predictor", value: "#" + k, inline: true }, { name: "Record", value: "41-32", inline: true }],
  timestamp: new Date().toISOString(), footer: { text: "message " + i }
})
const message = (i) => ({ payload: { embeds: Array.from({ length: 10 }, (_, k) => embed(i, k)), allowed_mentions: { parse: [] } }, carries: [] })
const url = process.argv[2], n = Number(process.argv[3])
const rssBefore = process.memoryUsage().rss
const cpu0 = process.cpuUsage()
const t0 = performance.now()
let firstMs = NaN
await Effect.runPromise(Effect.gen(function*() {
  const notifier = yield* makeDiscordNotifier(Redacted.make(url), { timeoutMs: timeout })
  for (let i = 0; i < n; i++) {
    yield* notifier.send(message(i))
    if (i === 0) firstMs = performance.now() - t0
  }
}).pipe(Effect.provide(${client.layer}), Effect.scoped))
const cpu = process.cpuUsage(cpu0)
process.stdout.write(JSON.stringify({
  firstMs, cpuMs: (cpu.user + cpu.system) / 1000, rssBeforeMb: rssBefore / 2 ** 20,
  peakMb: process.resourceUsage().maxRSS / 1024
}))
process.exit(0)
`

const bundles = {}
for (const [name, client] of Object.entries(clients)) {
  const outfile = path.join(work, `${name.replace(/\W/g, "")}.mjs`)
  const result = await build({
    stdin: { contents: probe(client), resolveDir: root, loader: "ts" },
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    treeShaking: true,
    external: ["impit"],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    metafile: true,
    logLevel: "warning"
  })
  // Written beside node_modules, so that the external impit resolves.
  const target = path.join(root, "node_modules", ".cache", `http-probe-${path.basename(outfile)}`)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.copyFileSync(outfile, target)
  bundles[name] = { file: target, kb: fs.statSync(outfile).size / 1024 }
}

await build({
  stdin: { contents: "export * from \"./test/support/fakeDiscord.ts\"", resolveDir: root, loader: "ts" },
  outfile: path.join(work, "fakes.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning"
})
const { startFakeDiscord } = await import(path.join(work, "fakes.mjs"))
const discord = await startFakeDiscord()

const once = (file) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      "--max-semi-space-size=4",
      "--max-old-space-size=192",
      file,
      discord.webhookUrl,
      String(posts)
    ], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    let err = ""
    child.stdout.on("data", (c) => (out += c))
    child.stderr.on("data", (c) => (err += c))
    child.on(
      "close",
      (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`${file} exited ${code}: ${err}`)))
    )
  })

const results = Object.fromEntries(Object.keys(clients).map((name) => [name, []]))
for (let r = 0; r < runs; r++) {
  for (const name of Object.keys(clients)) {
    const before = discord.messages.length
    const result = await once(bundles[name].file)
    if (discord.messages.length - before !== posts) {
      throw new Error(`${name}: ${discord.messages.length - before} posts arrived`)
    }
    if (discord.messages.slice(before).some((m) => m.query !== "?wait=true")) throw new Error(`${name}: no ?wait=true`)
    results[name].push(result)
  }
}
await discord.close()
for (const { file } of Object.values(bundles)) fs.rmSync(file, { force: true })
fs.rmSync(work, { recursive: true, force: true })

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return [sorted[0], sorted[Math.floor(sorted.length / 2)], sorted.at(-1)]
}
const cell = (values, digits) => stats(values).map((v) => v.toFixed(digits)).join(" / ")
console.log(`\n${posts} messages of 10 embeds a run to the fake Discord, ${runs} runs a client; min / median / max\n`)
console.log(
  "client      bundle    first post (ms)        CPU per post (ms)    RSS before (MB)       peak RSS (MB)"
)
for (const [name, rows] of Object.entries(results)) {
  console.log(
    `${name.padEnd(10)} ${`${bundles[name].kb.toFixed(0)} kB`.padStart(7)}   ${
      cell(rows.map((r) => r.firstMs), 0).padEnd(21)
    } ${cell(rows.map((r) => r.cpuMs / posts), 1).padEnd(20)} ${cell(rows.map((r) => r.rssBeforeMb), 1).padEnd(21)} ${
      cell(rows.map((r) => r.peakMb), 1)
    }`
  )
}
