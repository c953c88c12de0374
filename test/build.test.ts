import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe, expect, it } from "vitest"

// V8 holds a script's source as one-byte text only when all of it is Latin-1: a single "…" in a
// regular expression (esbuild escapes strings, not regular expressions) doubles a chunk's memory.
describe("the built program", () => {
  it("is ASCII only, so V8 keeps every file's source one byte a character", () => {
    const files = ["dist/main.js", "dist/app.js", ...NodeFs.readdirSync("dist/chunks").map((f) => `dist/chunks/${f}`)]
      .filter((file) => file.endsWith(".js"))
    expect(files.length).toBeGreaterThan(3)
    const offending = files.flatMap((file) => {
      const text = NodeFs.readFileSync(file, "utf8")
      const at = text.search(/[^\x00-\x7f]/)
      return at === -1
        ? []
        : [`${NodePath.basename(file)}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 10))}`]
    })
    expect(offending).toEqual([])
  })
})
