import * as NodeFs from "node:fs"
import * as NodeOs from "node:os"
import * as NodePath from "node:path"
import { afterEach } from "vitest"

const made: Array<string> = []

/** A fresh folder under the system temp dir, removed after the test. */
export const tempDir = (prefix = "sofascore-monitor-"): string => {
  const dir = NodeFs.mkdtempSync(NodePath.join(NodeOs.tmpdir(), prefix))
  made.push(dir)
  return dir
}

afterEach(() => {
  for (const dir of made.splice(0)) NodeFs.rmSync(dir, { recursive: true, force: true })
})
