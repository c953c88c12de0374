// `node scripts/bench/http-clients.mjs`: the HTTP clients the Discord notifier could post through,
// measured on the same batch. Each run is a fresh node (with the program's memory limits) that loads
// impit as the monitor does for Sofascore, then sends HTTP_POSTS messages (default 100) of ten embeds
// through the project's Discord notifier to the project's fake Discord on loopback. The notifier's
// pace is reset before each post, so that 100 posts need not wait out the channel's 30 a minute; it
// is still computed and recorded as in the monitor. Per client: time to the first post confirmed
// (building the notifier included), CPU per post overall (the first post's warm-up included) and
// steady (after the first HTTP_WARM posts, default 10), resident memory before and at the peak, and
// what the client adds to a bundle; min / median / max over HTTP_RUNS runs (default 5), the clients
// taking turns so that a drift of the machine's speed touches them alike. HTTP_CPU_PROF=<dir> writes
// a `node --cpu-prof` profile of each run there; HTTP_CLIENTS=impit-thin,fetch runs only those.
import { build } from "esbuild"
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")
const runs = Number(process.env.HTTP_RUNS ?? 5)
const posts = Number(process.env.HTTP_POSTS ?? 100)
const warm = Math.min(Number(process.env.HTTP_WARM ?? 10), posts - 1)
const profileDir = process.env.HTTP_CPU_PROF === undefined ? undefined : path.resolve(process.env.HTTP_CPU_PROF)
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sofascore-http-"))

const allClients = {
  fetch: {
    imports: "import * as FetchHttpClient from \"@effect/platform/FetchHttpClient\"",
    layer: "FetchHttpClient.layer"
  },
  "node:http": {
    imports: "import * as NodeHttpClient from \"@effect/platform-node/NodeHttpClient\"",
    layer: "NodeHttpClient.layer"
  },
  "impit+fetch": {
    // The posts' client before the thin one: FetchHttpClient with impit's fetch in place of the
    // global one. The notifier adds its Effect timeout to it, as to every client here but the thin one.
    imports: "import * as FetchHttpClient from \"@effect/platform/FetchHttpClient\"",
    layer: `Layer.provide(FetchHttpClient.layer, Layer.sync(FetchHttpClient.Fetch, () => {
      const discord = new Impit({ browser: "chrome", timeout })
      return ((url, init) => discord.fetch(String(url), { ...init, timeout }))
    }))`
  },
  "impit-thin": {
    // The project's client (src/layers/DiscordHttpClient.ts): HttpClient.makeWith over impit's fetch.
    imports: "import { discordHttpClientLayer } from \"./src/layers/DiscordHttpClient.ts\"",
    layer: "discordHttpClientLayer(timeout)"
  }
}
const clients = process.env.HTTP_CLIENTS === undefined
  ? allClients
  : Object.fromEntries(process.env.HTTP_CLIENTS.split(",").map((name) => [name, allClients[name]]))

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
const url = process.argv[2], n = Number(process.argv[3]), warm = Number(process.argv[4])
// Built first, so that only the posting is measured.
const messages = Array.from({ length: n }, (_, i) => message(i))
const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}
const rssBefore = process.memoryUsage().rss
const cpu0 = cpuMs()
const t0 = performance.now()
let firstMs = NaN, firstCpuMs = NaN, cpuWarm = NaN
await Effect.runPromise(Effect.gen(function*() {
  const notifier = yield* makeDiscordNotifier(Redacted.make(url), { timeoutMs: timeout })
  for (let i = 0; i < n; i++) {
    yield* notifier.resumePace([])
    yield* notifier.send(messages[i])
    if (i === 0) {
      firstMs = performance.now() - t0
      firstCpuMs = cpuMs() - cpu0
    }
    if (i === warm - 1) cpuWarm = cpuMs()
  }
}).pipe(Effect.provide(${client.layer}), Effect.scoped))
const cpuEnd = cpuMs()
process.stdout.write(JSON.stringify({
  firstMs, firstCpuMs, cpuMs: cpuEnd - cpu0, steadyCpuMs: (cpuEnd - cpuWarm) / (n - warm),
  rssBeforeMb: rssBefore / 2 ** 20, peakMb: process.resourceUsage().maxRSS / 1024
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
      ...(profileDir === undefined ? [] : ["--cpu-prof", "--cpu-prof-interval=100", `--cpu-prof-dir=${profileDir}`]),
      file,
      discord.webhookUrl,
      String(posts),
      String(warm)
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
console.log(
  `\n${posts} messages of 10 embeds a run to the fake Discord, ${runs} runs a client; min / median / max; ` +
    `steady = after the first ${warm} posts\n`
)
const columns = [
  ["first post (ms)", (r) => r.firstMs, 0],
  ["first post CPU (ms)", (r) => r.firstCpuMs, 0],
  ["CPU/post (ms)", (r) => r.cpuMs / posts, 2],
  ["steady CPU/post (ms)", (r) => r.steadyCpuMs, 2],
  ["RSS before (MB)", (r) => r.rssBeforeMb, 1],
  ["peak RSS (MB)", (r) => r.peakMb, 1]
]
const width = 22
console.log(
  `${"client".padEnd(12)} ${"bundle".padStart(7)}   ${columns.map(([title]) => title.padEnd(width)).join(" ")}`
)
for (const [name, rows] of Object.entries(results)) {
  const cells = columns.map(([, of, digits]) => cell(rows.map(of), digits).padEnd(width))
  console.log(`${name.padEnd(12)} ${`${bundles[name].kb.toFixed(0)} kB`.padStart(7)}   ${cells.join(" ")}`)
}
