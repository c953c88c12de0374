// Creating the folder a file will live in, and saying why a file cannot be opened, with errors that
// say why: Node's recursive mkdir reports a read-only parent as "no such file or directory", SQLite an
// unreadable file as "unable to open database file".
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"

export const ensureFolderFor = (file: string): void => {
  const dir = NodePath.dirname(file)
  try {
    NodeFs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (error) {
    let existing = dir
    while (!NodeFs.existsSync(existing)) existing = NodePath.dirname(existing)
    try {
      NodeFs.accessSync(existing, NodeFs.constants.W_OK)
    } catch (denied) {
      const code = (denied as NodeJS.ErrnoException).code
      throw new Error(
        `${existing} is not writable (${
          code === "EROFS" ? "read-only file system" : code === "EACCES" ? "permission denied" : code
        })`
      )
    }
    throw error
  }
}

const deniedCodes = new Set(["EACCES", "EPERM"])

/**
 * Why this process may not open `file` (and, to write, create SQLite's -wal and -shm files beside it),
 * when permissions are why; undefined otherwise. SQLite itself only says "unable to open database file".
 */
export const permissionProblem = (file: string, access: { readonly write: boolean }): string | undefined => {
  const uid = process.getuid?.()
  const runsAs = uid === undefined ? "" : `; this process runs as uid ${uid}`
  try {
    NodeFs.accessSync(file, access.write ? NodeFs.constants.R_OK | NodeFs.constants.W_OK : NodeFs.constants.R_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ""
    if (code === "EROFS") return `read-only file system`
    if (!deniedCodes.has(code)) return undefined
    try {
      const stat = NodeFs.statSync(file)
      return `permission denied (owned by uid ${stat.uid}, mode ${
        (stat.mode & 0o777).toString(8).padStart(3, "0")
      }${runsAs})`
    } catch {
      // A folder on the way cannot be searched: stat fails as access did.
      return `permission denied (a folder on its path cannot be searched${runsAs})`
    }
  }
  if (!access.write) return undefined
  const dir = NodePath.dirname(file)
  try {
    NodeFs.accessSync(dir, NodeFs.constants.W_OK | NodeFs.constants.X_OK)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ""
    if (deniedCodes.has(code)) {
      return `permission denied: SQLite cannot create its -wal and -shm files in ${dir}${runsAs}`
    }
  }
  return undefined
}
