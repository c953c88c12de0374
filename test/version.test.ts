import * as NodeFs from "node:fs"
import { expect, it } from "vitest"
import { version } from "../src/version.js"

it("reports the version package.json declares", () => {
  const pkg = JSON.parse(NodeFs.readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string
  }
  expect(version).toBe(pkg.version)
})
