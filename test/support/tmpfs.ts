// Small tmpfs mounts for the storage fault tests: a read-only folder and a full disk that even root
// cannot write past. Needs root (and mount); tests skip, saying so, where that is not possible.
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { afterEach } from "vitest"
import { tempDir } from "./tempDir.js"

const mounted: Array<string> = []

const probe = (): boolean => {
  if (process.getuid?.() !== 0) return false
  const dir = tempDir("sofascore-tmpfs-probe-")
  const ok = NodeChild.spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir]).status === 0
  if (ok) NodeChild.spawnSync("umount", [dir])
  return ok
}

export const canMount = probe()

export const mountTmpfs = (options: { readonly sizeKb: number; readonly readOnly?: boolean }): string => {
  const dir = tempDir("sofascore-tmpfs-")
  const opts = `size=${options.sizeKb}k,mode=0777${options.readOnly ? ",ro" : ""}`
  const result = NodeChild.spawnSync("mount", ["-t", "tmpfs", "-o", opts, "tmpfs", dir], { encoding: "utf8" })
  if (result.status !== 0) throw new Error(`mount failed: ${result.stderr}`)
  mounted.push(dir)
  return dir
}

/** Fills the file system holding `dir` until it has no room left. */
export const fillUp = (dir: string) => {
  const filler = NodePath.join(dir, "filler")
  const fd = NodeFs.openSync(filler, "w")
  const block = Buffer.alloc(4096, 1)
  try {
    for (;;) NodeFs.writeSync(fd, block)
  } catch {
    // ENOSPC: full.
  } finally {
    NodeFs.closeSync(fd)
  }
}

afterEach(() => {
  for (const dir of mounted.splice(0)) NodeChild.spawnSync("umount", ["-l", dir])
})
