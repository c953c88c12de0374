// Loaded with `node --require` into the measured process: counts SQLite statement executions by kind
// and, at exit, writes peak RSS and CPU time to the file BENCH_PROBE_OUT names. The program itself
// has no knowledge of being measured.
const fs = require("node:fs")
const Database = require(require.resolve("better-sqlite3", { paths: [process.cwd(), __dirname] }))

const counts = {}
const probe = Database.prototype.prepare
Database.prototype.prepare = function(sql, ...rest) {
  const statement = probe.call(this, sql, ...rest)
  const kind = sql.replace(/\s+/g, " ").trim()
  for (const method of ["run", "all", "get", "iterate"]) {
    const original = statement[method]
    statement[method] = function(...args) {
      counts[kind] = (counts[kind] ?? 0) + 1
      return original.apply(this, args)
    }
  }
  return statement
}

process.on("exit", () => {
  const usage = process.resourceUsage()
  fs.writeFileSync(
    process.env.BENCH_PROBE_OUT,
    JSON.stringify({
      maxRssKb: usage.maxRSS,
      cpuUserUs: usage.userCPUTime,
      cpuSystemUs: usage.systemCPUTime,
      heapUsed: process.memoryUsage().heapUsed,
      statements: counts
    })
  )
})
