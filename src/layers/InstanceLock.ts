// One monitor per database: a second `run` or `once` on the same file would send every alert twice.
// A lock file beside the database holds the owner's pid; it is removed on a clean stop, and a lock
// left by a process that no longer runs (after a SIGKILL or a power cut) is taken over.
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeFs from "node:fs"
import { AppConfig } from "../services/AppConfig.js"
import { ensureFolderFor } from "./folders.js"

export class AlreadyRunning
  extends Data.TaggedError("AlreadyRunning")<{ readonly pid: number; readonly file: string }>
{
  override get message() {
    return `another sofascore-monitor (pid ${this.pid}) is already using ${this.file}; stop it first (e.g. systemctl stop sofascore-monitor)`
  }
}

export class LockError extends Data.TaggedError("LockError")<{ readonly message: string }> {}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
  // The pid may have been reused by an unrelated program since a crash.
  try {
    return NodeFs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("main.js")
  } catch {
    return true
  }
}

const tryCreate = (lockFile: string): boolean => {
  try {
    const fd = NodeFs.openSync(lockFile, "wx", 0o600)
    NodeFs.writeSync(fd, `${process.pid}\n`)
    NodeFs.closeSync(fd)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false
    throw error
  }
}

export const acquireInstanceLock = (dbPath: string) => {
  const lockFile = `${dbPath}.lock`
  return Effect.acquireRelease(
    Effect.gen(function*() {
      for (let attempt = 0; attempt < 3; attempt++) {
        const created = yield* Effect.try({
          try: () => {
            ensureFolderFor(lockFile)
            return tryCreate(lockFile)
          },
          catch: (error) => new LockError({ message: `cannot create ${lockFile}: ${(error as Error).message}` })
        })
        if (created) return lockFile
        const owner = Number.parseInt(NodeFs.readFileSync(lockFile, "utf8"), 10)
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          return yield* Effect.fail(new AlreadyRunning({ pid: owner, file: dbPath }))
        }
        yield* Effect.logWarning(
          `Taking over the lock left by pid ${Number.isInteger(owner) ? owner : "?"}, which is no longer running`
        )
        yield* Effect.sync(() => NodeFs.rmSync(lockFile, { force: true }))
      }
      return yield* Effect.fail(new LockError({ message: `cannot take ${lockFile}` }))
    }),
    (file) => Effect.sync(() => NodeFs.rmSync(file, { force: true }))
  )
}

export const InstanceLockLive: Layer.Layer<never, AlreadyRunning | LockError, AppConfig> = Layer.scopedDiscard(
  Effect.flatMap(AppConfig, ({ dbPath }) => acquireInstanceLock(dbPath))
)
