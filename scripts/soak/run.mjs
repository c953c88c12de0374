// `npm run soak`: bundles the soak (scripts/soak/soak.ts, the fakes and the pages) and the daemon it
// measures (scripts/soak/daemon.ts, tree-shaken and minified as the program is, in one file) and
// runs them; the soak starts the daemon with the systemd unit's node flags. SOAK_CYCLES and
// SOAK_USERS override the 2,000 cycles and 50 predictors; SOAK_SAMPLE_EVERY the 50 cycles between
// samples; SOAK_NODE_FLAGS the daemon's node flags (to compare); SOAK_SMAPS=file keeps the daemon's
// /proc smaps at the end. The samples and the slopes go to stdout, the daemon's warnings and errors
// to stderr.
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import * as path from "node:path"

const root = path.resolve(import.meta.dirname, "../..")
// Beside node_modules (the native addons stay external), and out of dist, which every build empties.
const out = path.join(root, "node_modules", ".cache", "soak")
const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  treeShaking: true,
  // As scripts/build.mjs minifies the program.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  external: ["better-sqlite3", "impit", "@opentelemetry/*"],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: "warning"
}
await build({
  ...common,
  entryPoints: [path.join(root, "scripts/soak/soak.ts")],
  outfile: path.join(out, "soak.mjs")
})
await build({
  ...common,
  entryPoints: [path.join(root, "scripts/soak/daemon.ts")],
  outfile: path.join(out, "soak-daemon.mjs")
})
const result = spawnSync(process.execPath, [path.join(out, "soak.mjs")], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: process.env
})
process.exit(result.status ?? 1)
