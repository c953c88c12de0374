// The service unit and the logind drop-in, rendered from values the installer gathers. Pure, so the
// rendering is tested without root and without systemd.

export interface UnitValues {
  readonly user: string
  readonly group: string
  readonly projectDir: string
  readonly node: string
  readonly dataDir: string
  readonly logsDir: string
  /** V8's old-space limit in MB. */
  readonly heapMb: number
}

export type RenderResult = { readonly _tag: "Rendered"; readonly unit: string } | {
  readonly _tag: "Invalid"
  readonly reason: string
}

/** Default heap cap: room for the program's ~100 MB working set, far below MemoryHigh=350M. */
export const defaultHeapMb = 192

const namePattern = /^[a-z_][a-z0-9_-]{0,31}\$?$/i

/**
 * Paths go into unit lines that systemd splits at whitespace and expands at "%": such paths (and
 * relative ones) are refused rather than quoted, so what is installed is what was meant.
 */
const badPath = (path: string): boolean => !path.startsWith("/") || /[\s%"'\\\u0000-\u001f]/.test(path)

export const renderUnit = (template: string, values: UnitValues): RenderResult => {
  if (!namePattern.test(values.user)) {
    return { _tag: "Invalid", reason: `not a user name: ${JSON.stringify(values.user)}` }
  }
  if (!namePattern.test(values.group)) {
    return { _tag: "Invalid", reason: `not a group name: ${JSON.stringify(values.group)}` }
  }
  for (
    const [key, path] of [["project directory", values.projectDir], ["node", values.node], [
      "data directory",
      values.dataDir
    ], ["logs directory", values.logsDir]] as const
  ) {
    if (badPath(path)) {
      return {
        _tag: "Invalid",
        reason: `the ${key} must be an absolute path without spaces or %: ${JSON.stringify(path)}`
      }
    }
  }
  const replacements: Record<string, string> = {
    "@USER@": values.user,
    "@GROUP@": values.group,
    "@PROJECT_DIR@": values.projectDir,
    "@NODE@": values.node,
    "@DATA_DIR@": values.dataDir,
    "@LOGS_DIR@": values.logsDir,
    "@HEAP_MB@": String(values.heapMb)
  }
  const unit = template.replace(/@[A-Z_]+@/g, (placeholder) => replacements[placeholder] ?? placeholder)
  const left = /@[A-Z_]+@/.exec(unit)
  return left === null
    ? { _tag: "Rendered", unit }
    : { _tag: "Invalid", reason: `the template has an unknown placeholder ${left[0]}` }
}

export const unitName = "sofascore-monitor.service"
export const unitPath = `/etc/systemd/system/${unitName}`
export const lidSwitchDropInPath = "/etc/systemd/logind.conf.d/sofascore-monitor-lid-switch.conf"

/** Keeps the laptop running with its lid closed, on battery, on mains and docked. */
export const lidSwitchDropIn = [
  "# Written by sofascore-monitor install-service --lid-switch; removed by uninstall-service.",
  "[Login]",
  "HandleLidSwitch=ignore",
  "HandleLidSwitchExternalPower=ignore",
  "HandleLidSwitchDocked=ignore",
  ""
].join("\n")
