// One tree-shaken ESM bundle: loading one file with only the code the program reaches keeps the
// daemon's resident memory far below what importing every package's index would cost. dist/main.js
// is a tiny launcher that gives node the program's memory limits (src/launcher.ts), dist/app.js the program.
import { build } from "esbuild"

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  treeShaking: true,
  legalComments: "none",
  logLevel: "warning"
}

await build({
  ...common,
  entryPoints: ["src/main.ts"],
  outfile: "dist/app.js",
  sourcemap: "linked",
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
