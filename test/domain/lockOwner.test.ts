import { describe, expect, it } from "vitest"
import { isMonitorCommandLine, lockOwner } from "../../src/domain/lockOwner.js"

describe("lockOwner", () => {
  it("is gone when no process has the pid", () => {
    expect(lockOwner({ alive: false, commandLine: undefined })).toEqual({ _tag: "Gone" })
  })

  it("is a monitor when the process runs this program's run or once", () => {
    for (
      const args of [
        ["/usr/bin/node", "--max-old-space-size=192", "/home/alice/sofascore-monitor/dist/main.js", "run"],
        ["node", "dist/main.js", "once"],
        ["/usr/bin/node", "/usr/local/bin/sofascore-monitor", "run"]
      ]
    ) {
      expect(lockOwner({ alive: true, commandLine: args })).toEqual({ _tag: "Monitor" })
    }
  })

  it("is another program when the pid was reused", () => {
    expect(lockOwner({ alive: true, commandLine: ["/usr/bin/sleep", "30"] })).toEqual({
      _tag: "OtherProgram",
      program: "sleep"
    })
    expect(lockOwner({ alive: true, commandLine: ["node", "dist/main.js", "status"] })).toMatchObject({
      _tag: "OtherProgram"
    })
    expect(lockOwner({ alive: true, commandLine: ["node", "server.js", "run"] })).toMatchObject({
      _tag: "OtherProgram",
      program: "node"
    })
    expect(lockOwner({ alive: true, commandLine: [] })).toEqual({ _tag: "OtherProgram", program: "an exited process" })
  })

  it("is taken for a monitor when a live process cannot be inspected, to be safe", () => {
    expect(lockOwner({ alive: true, commandLine: undefined })).toEqual({ _tag: "Monitor" })
  })

  it("recognises the monitor's own command lines only", () => {
    expect(isMonitorCommandLine(["node", "dist/main.js", "run"])).toBe(true)
    expect(isMonitorCommandLine(["node", "dist/main.js", "doctor"])).toBe(false)
    expect(isMonitorCommandLine(["bash", "-c", "run"])).toBe(false)
  })
})
