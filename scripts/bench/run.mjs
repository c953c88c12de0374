// `npm run bench`: what a user runs, measured. The built program, started as a user or cron starts it
// (`node dist/main.js once`, no extra flags), against the project's fake Sofascore and a fake Discord
// that enforces Discord's limits (5 posts per 2 s, 30 a minute), on a load where every cycle has work:
// 50 predictors × 50 predictions, and before each later cycle 2 new picks per predictor and about 10 %
// of the open picks' odds moved by 20 %. Per cycle it prints wall time, CPU, peak RSS, messages,
// embeds, 429s, and the alert latency from detection to Discord's confirmation. Figures, not
// assertions: this machine is shared. BENCH_CYCLES (default 5), BENCH_USERS (50), BENCH_ALERTS=0 to
// skip the FIRST_POLL=alerts run (about five minutes at Discord's pace). The program gives node its
// memory limits itself; to compare, BENCH_NODE_FLAGS puts flags before dist/main.js and
// SOFASCORE_MONITOR_RELAUNCHED=1 runs it in one process without them. `npm run bench:daemon`
// (BENCH_DAEMON_MINUTES=15) runs `node dist/main.js run` instead, as the service does, on the same
// load changed after every cycle, and samples the program's RSS every 5 s.
import { build } from "esbuild"
import { execFileSync, spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { createInterface } from "node:readline"

const root = path.resolve(import.meta.dirname, "../..")
const users = Number(process.env.BENCH_USERS ?? 50)
const perUser = 50
const cycles = Number(process.env.BENCH_CYCLES ?? 5)
const hour = 3_600_000
const nodeFlags = (process.env.BENCH_NODE_FLAGS ?? "").split(/\s+/).filter((flag) => flag !== "")
const main = process.env.BENCH_MAIN ?? "dist/main.js"

execFileSync(process.execPath, [path.join(root, "scripts/build.mjs")], { stdio: "inherit" })
const work = fs.mkdtempSync(path.join(os.tmpdir(), "sofascore-bench-"))
// The project's own fakes, bundled for this plain script.
await build({
  stdin: {
    contents: [
      "export * from \"./src/programs/fakes/fakeSofascore.ts\"",
      "export * from \"./src/programs/fakes/sofascoreFixtures.ts\"",
      "export * from \"./test/support/fakeDiscord.ts\""
    ].join("\n"),
    resolveDir: root,
    loader: "ts"
  },
  outfile: path.join(work, "fakes.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  logLevel: "warning"
})
const fakes = await import(path.join(work, "fakes.mjs"))

/** The load: each predictor's page, newest first, changed before each cycle after the first. */
const scenario = () => {
  const start = Date.now()
  const pages = Array.from({ length: users }, (_, u) =>
    Array.from({ length: perUser }, (_, i) => ({
      eventId: 20_000_000 + u * 10_000 + i,
      // 30 of the 50 kick off within the 24 h the monitor alerts on.
      startAt: start + hour + i * 47 * 60_000,
      vote: ["1", "X", "2"][i % 3],
      odds: 1.5 + (i % 20) / 10
    })))
  let next = perUser
  let step = 0
  return {
    publish(fake) {
      for (let u = 0; u < users; u++) {
        const items = pages[u].map((p) => fakes.predictionItem({ ...p, odds: Math.round(p.odds * 100) / 100 }))
        fake.setPredictions(fakes.syntheticUserId(u), [{ predictions: items }])
      }
    },
    advance() {
      step += 1
      const now = Date.now()
      for (let u = 0; u < users; u++) {
        const page = pages[u]
        // About 10 % of the picks still ahead move by 20 %, up or down.
        page.forEach((p, i) => {
          if ((i + u + step) % 10 === 0 && p.startAt > now + hour) p.odds = step % 2 === 0 ? p.odds * 1.2 : p.odds / 1.2
        })
        for (let k = 0; k < 2; k++) {
          page.unshift({
            eventId: 20_000_000 + u * 10_000 + next + k,
            startAt: now + 2 * hour + k * 600_000,
            vote: "1",
            odds: 2.1
          })
        }
        page.length = perUser
      }
      next += 2
    }
  }
}

const timeAvailable = fs.existsSync("/usr/bin/time")

/** One `once`, as a user starts it; CPU and peak RSS from GNU time when the machine has it. */
const once = (env, label, discord) =>
  new Promise((resolve, reject) => {
    const before = discord.posts.length
    const beforeMessages = discord.messages.length
    const beforeViolations = discord.rateLimitViolations
    const timeFile = path.join(work, "time.txt")
    const command = timeAvailable
      ? ["/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, process.execPath, ...nodeFlags, main, "once"]]
      : [process.execPath, [...nodeFlags, main, "once"]]
    const started = performance.now()
    const child = spawn(command[0], command[1], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.on("error", reject)
    child.on("close", (code) => {
      const wallMs = performance.now() - started
      if (code !== 0) return reject(new Error(`once exited ${code}:\n${stderr.slice(-2000)}`))
      const [rssKb, user, sys] = timeAvailable ? fs.readFileSync(timeFile, "utf8").trim().split(/\s+/).map(Number) : []
      const messages = discord.messages.slice(beforeMessages)
      const latencies = messages.flatMap((m) =>
        (m.body.embeds ?? []).map((e) => performance.timeOrigin + m.receivedAt - Date.parse(String(e.timestamp)))
      ).sort((a, b) => a - b)
      resolve({
        label,
        wallMs,
        cpuMs: timeAvailable ? (user + sys) * 1000 : NaN,
        rssMb: timeAvailable ? rssKb / 1024 : NaN,
        posts: discord.posts.length - before,
        messages: messages.length,
        embeds: messages.reduce((n, m) => n + (m.body.embeds?.length ?? 0), 0),
        limited: discord.rateLimitViolations - beforeViolations,
        latencyMedianS: latencies.length === 0 ? NaN : latencies[Math.floor(latencies.length / 2)] / 1000,
        latencyMaxS: latencies.length === 0 ? NaN : latencies.at(-1) / 1000
      })
    })
  })

/** The fakes with the load published, and the settings that point the program at them on `database`. */
const startLoad = async (database) => {
  const sofascore = await fakes.startFakeSofascore()
  const discord = await fakes.startFakeDiscord({ enforceRateLimit: fakes.discordRateLimits })
  sofascore.setRanking(fakes.syntheticRanking(users))
  const load = scenario()
  load.publish(sofascore)
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    SOFASCORE_BASE_URL: sofascore.baseUrl,
    DISCORD_WEBHOOK_URL: discord.webhookUrl,
    DB_PATH: path.join(work, database),
    TOP_PREDICTORS_LIMIT: String(users)
  }
  return { sofascore, discord, load, env }
}

const run = async (firstPoll, count) => {
  const { discord, env: base, load, sofascore } = await startLoad(`bench-${firstPoll}.db`)
  const env = {
    ...base,
    FIRST_POLL: firstPoll,
    LOG_LEVEL: "ERROR",
    ...(process.env.SOFASCORE_MONITOR_RELAUNCHED === undefined
      ? {}
      : { SOFASCORE_MONITOR_RELAUNCHED: process.env.SOFASCORE_MONITOR_RELAUNCHED })
  }
  const results = []
  for (let c = 0; c < count; c++) {
    if (c > 0) {
      load.advance()
      load.publish(sofascore)
    }
    results.push(await once(env, c === 0 ? `first (${firstPoll})` : `cycle ${c + 1}`, discord))
  }
  await sofascore.close()
  await discord.close()
  return results
}

/** The program's pid under the launcher (its only child), or the launcher's when it runs in one process. */
const programPid = (launcher) => {
  const children = fs.readFileSync(`/proc/${launcher}/task/${launcher}/children`, "utf8").trim()
  return children === "" ? launcher : Number(children.split(" ")[0])
}

/** `run` as the service runs it, for `minutes`: RSS every 5 s, the load changed after every cycle. */
const daemon = async (minutes) => {
  const { discord, env: base, load, sofascore } = await startLoad("bench-run.db")
  // The shortest interval: a cycle every three minutes (the schedule's floor).
  const env = { ...base, SCAN_INTERVAL_MINUTES: "1" }
  const child = spawn(process.execPath, [...nodeFlags, path.resolve(root, main), "run"], {
    cwd: work,
    env,
    stdio: ["ignore", "ignore", "pipe"]
  })
  let cycles = 0
  let alerts = 0
  createInterface({ input: child.stderr }).on("line", (line) => {
    const done = /Cycle done: .* (\d+) new alerts, (\d+) line moves/.exec(line)
    if (done === null) return
    cycles += 1
    alerts += Number(done[1]) + Number(done[2])
    load.advance()
    load.publish(sofascore)
  })
  const samples = []
  let status = ""
  const started = performance.now()
  while (performance.now() - started < minutes * 60_000) {
    await new Promise((resolve) => setTimeout(resolve, 5000))
    status = fs.readFileSync(`/proc/${programPid(child.pid)}/status`, "utf8")
    // From the end of the first cycle: what the daemon holds while it runs.
    if (cycles > 0) samples.push(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024)
  }
  const [utime, stime] = fs.readFileSync(`/proc/${programPid(child.pid)}/stat`, "utf8").split(") ")[1].split(" ")
    .slice(11, 13).map(Number)
  const peakMb = Number(/VmHWM:\s+(\d+)/.exec(status)[1]) / 1024
  child.kill("SIGTERM")
  await new Promise((resolve) => child.on("close", resolve))
  await sofascore.close()
  await discord.close()
  fs.rmSync(work, { recursive: true, force: true })
  samples.sort((a, b) => a - b)
  console.log(
    `\n\`node ${
      [...nodeFlags, main].join(" ")
    } run\` for ${minutes} minutes, ${users} × ${perUser}, a cycle every 3 minutes`
  )
  console.log(
    `${cycles} cycles, ${alerts} alerts, ${discord.messages.length} messages, ${discord.rateLimitViolations} over Discord's limits`
  )
  console.log(
    `RSS every 5 s after the first cycle: ${samples[0].toFixed(1)} / ${
      samples[Math.floor(samples.length / 2)].toFixed(1)
    } / ${samples.at(-1).toFixed(1)} MB (min / median / max); peak ${peakMb.toFixed(1)} MB; CPU ${
      ((utime + stime) / 100).toFixed(1)
    } s in all`
  )
}

const daemonMinutes = Number(process.env.BENCH_DAEMON_MINUTES ?? 0)
if (daemonMinutes > 0) {
  await daemon(daemonMinutes)
  process.exit(0)
}

const rows = [...await run("digest", cycles)]
if (process.env.BENCH_ALERTS !== "0") rows.push(...await run("alerts", 1))
fs.rmSync(work, { recursive: true, force: true })

const fixed = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "–")
const command = [...nodeFlags, main].join(" ")
console.log(`\n${users} predictors × ${perUser} predictions; each cycle a fresh \`node ${command} once\``)
console.log("fake Discord enforcing 5 posts per 2 s and 30 a minute\n")
console.log("cycle              wall      CPU     peak RSS  messages  embeds  429s  latency median / max")
for (const r of rows) {
  console.log(
    `${r.label.padEnd(16)} ${`${fixed(r.wallMs / 1000, 1)} s`.padStart(7)} ${`${fixed(r.cpuMs)} ms`.padStart(9)} ${
      `${fixed(r.rssMb, 1)} MB`.padStart(10)
    } ${String(r.messages).padStart(9)} ${String(r.embeds).padStart(7)} ${String(r.limited).padStart(5)}  ${
      fixed(r.latencyMedianS, 1)
    } s / ${fixed(r.latencyMaxS, 1)} s`
  )
}
if (!timeAvailable) console.log("\n(CPU and peak RSS need GNU time: sudo apt install time)")
