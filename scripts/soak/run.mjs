// `npm run soak`: bundles scripts/soak/soak.ts (the daemon's real cycle loop, see there) and runs it
// with the systemd unit's node flags and --expose-gc (so each heap sample follows a full collection).
// SOAK_CYCLES and SOAK_USERS override the 2,000 cycles and 50 predictors; SOAK_SAMPLE_EVERY the
// 50 cycles between samples. The samples and the slopes go to stdout, the daemon's warnings to stderr.
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")
const out = path.join(root, "dist", "soak.mjs")
await build({
  entryPoints: [path.join(root, "scripts/soak/soak.ts")],
  outfile: out,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  external: ["better-sqlite3", "impit", "@opentelemetry/*"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning"
})
const result = spawnSync(
  process.execPath,
  ["--max-semi-space-size=4", "--max-old-space-size=192", "--expose-gc", out],
  {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: process.env
  }
)
process.exit(result.status ?? 1)
