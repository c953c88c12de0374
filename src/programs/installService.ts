// `install-service` and `uninstall-service`: the unit rendered for this machine, installed, enabled
// and started; and all of it undone.
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { inlineCommentWarning } from "../domain/dotenv.js"
import {
  defaultHeapMb,
  lidSwitchDropIn,
  lidSwitchDropInPath,
  renderUnit,
  unitName,
  unitPath
} from "../domain/systemdUnit.js"
import { loadConfig, logWarnings, readSettings } from "../layers/DotEnvConfigProvider.js"
import { HostError, isRoot, mustRun, projectDir, removeFile, runCommand, systemdRunning, writeFile } from "./host.js"

export interface InstallOptions {
  readonly user: string | undefined
  readonly dryRun: boolean
  readonly lidSwitch: boolean
}

const fail = (message: string) => Effect.fail(new HostError({ message }))

const requireRootAndSystemd = (what: string) =>
  Effect.gen(function*() {
    if (!(yield* isRoot)) {
      return yield* fail(`${what} changes /etc/systemd: run it as root (sudo node dist/main.js ${what})`)
    }
    if (!(yield* systemdRunning)) {
      return yield* fail(`systemd is not running on this machine (no /run/systemd/system); ${what} needs it`)
    }
  })

/** Owned by the service's user, so the hardened service can write there and nowhere else. */
const ensureWritableDir = (dir: string, user: string, group: string) =>
  Effect.zipRight(
    Effect.try({
      try: () => NodeFs.mkdirSync(dir, { recursive: true, mode: 0o750 }),
      catch: (error) => new HostError({ message: `cannot create ${dir}: ${(error as Error).message}` })
    }),
    mustRun("chown", [`${user}:${group}`, dir])
  )

/** The user's home as systemd sets HOME for User=: where `~` in DB_PATH points for the service. */
const homeOf = (user: string) =>
  Effect.flatMap(runCommand("getent", ["passwd", user]), (result) => {
    const home = result.stdout.trim().split(":")[5]
    return result.code === 0 && home !== undefined && home !== ""
      ? Effect.succeed(home)
      : fail(`cannot find the home directory of ${user} (getent passwd ${user})`)
  })

/**
 * The configuration as the service will read it: the project's .env and nothing else, relative paths
 * from the project directory (its WorkingDirectory=), `~` as the service user's home. What would make
 * the service read something else than this is said first.
 */
const serviceConfig = Effect.fn("InstallService.serviceConfig")(function*(directory: string, user: string) {
  const settings = yield* readSettings({ directory, home: yield* homeOf(user), environment: false })
  const config = yield* loadConfig(settings)
  yield* logWarnings([...settings.warnings, ...settings.dotEnv.inlineComments.map(inlineCommentWarning)])
  return config
})

export const renderForThisMachine = (options: InstallOptions) =>
  Effect.gen(function*() {
    const dir = yield* projectDir
    const user = options.user ?? process.env["SUDO_USER"] ?? (options.dryRun ? process.env["USER"] : undefined)
    if (user === undefined || user === "" || user === "root") {
      return yield* fail(
        "which user should the service run as? Run it with sudo from that user's shell, or pass --user NAME (not root)"
      )
    }
    const groupLookup = yield* runCommand("id", ["-gn", user])
    if (groupLookup.code !== 0) return yield* fail(`no such user: ${user}`)
    const config = yield* serviceConfig(dir, user)
    const template = yield* Effect.try({
      try: () => NodeFs.readFileSync(NodePath.join(dir, "systemd", unitName), "utf8"),
      catch: () =>
        new HostError({ message: `the unit template is missing: ${NodePath.join(dir, "systemd", unitName)}` })
    })
    const values = {
      user,
      group: groupLookup.stdout.trim(),
      projectDir: dir,
      node: process.execPath,
      dataDir: NodePath.dirname(config.dbPath),
      logsDir: NodePath.join(dir, "logs"),
      heapMb: defaultHeapMb
    }
    const rendered = renderUnit(template, values)
    if (rendered._tag === "Invalid") return yield* fail(rendered.reason)
    return { unit: rendered.unit, values }
  })

export const installService = (options: InstallOptions) =>
  Effect.gen(function*() {
    if (!options.dryRun) yield* requireRootAndSystemd("install-service")
    const { unit, values } = yield* renderForThisMachine(options)
    if (options.dryRun) {
      yield* Console.log(unit)
      if (options.lidSwitch) yield* Console.log(`# ${lidSwitchDropInPath}\n${lidSwitchDropIn}`)
      return
    }
    yield* ensureWritableDir(values.dataDir, values.user, values.group)
    yield* ensureWritableDir(values.logsDir, values.user, values.group)
    yield* writeFile(unitPath, unit, 0o644)
    yield* Console.log(`wrote ${unitPath} (user ${values.user}, project ${values.projectDir})`)
    if (options.lidSwitch) {
      yield* writeFile(lidSwitchDropInPath, lidSwitchDropIn, 0o644)
      yield* mustRun("systemctl", ["restart", "systemd-logind"])
      yield* Console.log(
        `wrote ${lidSwitchDropInPath} and restarted systemd-logind: closing the lid no longer suspends`
      )
    }
    yield* mustRun("systemctl", ["daemon-reload"])
    yield* mustRun("systemctl", ["enable", "--now", unitName])
    const active = yield* runCommand("systemctl", ["is-active", unitName])
    yield* Console.log(`enabled and started ${unitName}: ${active.stdout.trim()}`)
    yield* Console.log(
      `logs: journalctl -u sofascore-monitor -f    checks: sudo node ${values.projectDir}/dist/main.js doctor`
    )
  })

export const uninstallService = Effect.gen(function*() {
  yield* requireRootAndSystemd("uninstall-service")
  yield* runCommand("systemctl", ["disable", "--now", unitName])
  const removedUnit = yield* removeFile(unitPath)
  yield* mustRun("systemctl", ["daemon-reload"])
  yield* runCommand("systemctl", ["reset-failed", unitName])
  yield* Console.log(removedUnit ? `stopped, disabled and removed ${unitPath}` : `${unitPath} was not installed`)
  if (yield* removeFile(lidSwitchDropInPath)) {
    yield* mustRun("systemctl", ["restart", "systemd-logind"])
    yield* Console.log(`removed ${lidSwitchDropInPath} and restarted systemd-logind`)
  }
  yield* Console.log("the database and .env are left in place")
})
