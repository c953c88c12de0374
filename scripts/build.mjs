// One tree-shaken ESM bundle: loading one file with only the code the program reaches keeps the
// daemon's resident memory far below what importing every package's index would cost.
import { build } from "esbuild"

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  treeShaking: true,
  sourcemap: "linked",
  legalComments: "none",
  // Native addons stay outside the bundle; the OpenTelemetry SDK is never loaded at run time.
  external: ["better-sqlite3", "impit", "@opentelemetry/*"],
  banner: {
    js: [
      "#!/usr/bin/env node",
      // Bundled CommonJS dependencies call require(); give them one in this ES module.
      "import { createRequire as __createRequire } from 'node:module';",
      "const require = __createRequire(import.meta.url);"
    ].join("\n")
  },
  logLevel: "warning"
})
