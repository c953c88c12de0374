// The fixture files read from disk, a fresh copy per call (safe to change), for tests that edit them or
// check the module that serves them against the files themselves.
import * as NodeFs from "node:fs"

export const readFixture = <A = unknown>(name: string): A =>
  JSON.parse(NodeFs.readFileSync(new URL(`../../src/programs/fakes/fixtures/${name}`, import.meta.url), "utf8")) as A
