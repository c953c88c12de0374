// Entry point (dist/app.js). `--version` is answered here, before anything else loads: as @effect/cli
// prints it (a paragraph, then console.log's newline), in about 25 MB less memory. Every other
// command line goes to the program.
import { version } from "./version.js"

const args = process.argv.slice(2)
if (args.length === 1 && args[0] === "--version") {
  process.stdout.write(`${version}\n\n`)
} else {
  await import("./program.js")
}
