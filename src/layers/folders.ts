// Creating the folder a file will live in, with an error that says why when it cannot be: Node's
// recursive mkdir reports a read-only parent as "no such file or directory".
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
