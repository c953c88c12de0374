// A tree-shaken ESM bundle: loading only the code the program reaches keeps the daemon's resident
// memory far below what importing every package's index would cost. dist/main.js is a tiny launcher
// that gives node the program's memory limits (src/launcher.ts); dist/app.js is the program, and what
// only one command needs (the demo and its fixtures, the OTLP exporter, install-service, doctor, the
// monitor's layers) sits in chunks beside it, loaded by that command's dynamic import().
// BUILD_METAFILE=1 prints what each output is made of (esbuild's analysis).
import { analyzeMetafile, build } from "esbuild"
import * as fs from "node:fs"

// Chunks of an earlier build would linger beside the new ones.
fs.rmSync("dist", { recursive: true, force: true })

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  treeShaking: true,
  legalComments: "none",
  logLevel: "warning"
}

const result = await build({
  ...common,
  entryPoints: { app: "src/main.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  metafile: process.env.BUILD_METAFILE === "1",
  sourcemap: "linked",
  // Less source for node to read and parse: about 3 MB less resident memory for `status`. Identifiers
  // keep their names, so stack traces still name the functions (esbuild's keepNames, for fully
  // minified names, would cost most of that again).
  minifyWhitespace: true,
  minifySyntax: true,
  // Native addons stay outside the bundle; the OpenTelemetry SDK is never loaded at run time.
  external: ["better-sqlite3", "impit", "@opentelemetry/*"],
  banner: {
    js: [
      // Bundled CommonJS dependencies call require(); give them one in this ES module.
      "import { createRequire as __createRequire } from 'node:module';",
      "const require = __createRequire(import.meta.url);"
    ].join("\n")
  }
})

await build({
  ...common,
  entryPoints: ["src/launcher.ts"],
  outfile: "dist/main.js",
  banner: { js: "#!/usr/bin/env node" }
})

if (result.metafile) console.log(await analyzeMetafile(result.metafile))
