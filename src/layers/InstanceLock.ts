// One monitor per database: a second `run` or `once` on the same file would send every alert twice.
// A lock file beside the database holds the owner's pid; it is removed on a clean stop, and a lock
// left by a process that no longer runs (after a SIGKILL or a power cut), or whose pid another program
// now has, is taken over with a warning that says which.
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as NodeFs from "node:fs"
import { type LockOwner, lockOwner } from "../domain/lockOwner.js"
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

/** Whether a process has that pid: signal 0 tests without sending; EPERM means another user's. */
const signalReaches = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/** What the kernel says about the pid: whether it runs, and its command line when that can be read. */
const probe = (pid: number): LockOwner => {
  if (!signalReaches(pid)) return lockOwner({ alive: false, commandLine: undefined })
  try {
    const args = NodeFs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((arg) => arg !== "")
    return lockOwner({ alive: true, commandLine: args })
  } catch {
    // Hidden (hidepid=, ProtectProc=) or ended between the two looks: the kernel is asked again.
    return lockOwner({ alive: signalReaches(pid), commandLine: undefined })
  }
}

const takeOverReason = (pid: number, owner: LockOwner): string =>
  owner._tag === "OtherProgram"
    ? `Taking over the lock left by pid ${pid}: that pid now belongs to another program (${owner.program}), so the monitor that held it is gone`
    : `Taking over the lock left by pid ${pid}, which is no longer running`

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
        const pid = Number.parseInt(NodeFs.readFileSync(lockFile, "utf8"), 10)
        if (!Number.isInteger(pid)) {
          yield* Effect.logWarning(`Taking over ${lockFile}, which holds no pid`)
        } else {
          // Our own pid there is a previous owner's, reused by this process after a reboot.
          const owner = pid === process.pid ? { _tag: "Gone" as const } : probe(pid)
          if (owner._tag === "Monitor") return yield* Effect.fail(new AlreadyRunning({ pid, file: dbPath }))
          yield* Effect.logWarning(takeOverReason(pid, owner))
        }
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
