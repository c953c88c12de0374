import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as LogLevel from "effect/LogLevel"
import { describe, expect, it } from "vitest"
import {
  colorAllowed,
  detectLogFormat,
  fatalText,
  formatLine,
  loggerLayer,
  prettyLine
} from "../../src/layers/Logging.js"

const at = new Date("2026-12-02T00:56:01.123Z")

describe("log format", () => {
  it("is journald under journald, pretty on a terminal, plain otherwise", () => {
    expect(detectLogFormat({ JOURNAL_STREAM: "8:12345" }, true)).toBe("journald")
    expect(detectLogFormat({}, true)).toBe("pretty")
    expect(detectLogFormat({}, false)).toBe("plain")
  })

  const entry = (level: LogLevel.LogLevel, cause: Cause.Cause<unknown> = Cause.empty) => ({
    level,
    message: "Next poll in 240 seconds (adaptive interval)",
    annotations: HashMap.make(["user", "NorthernLights"], ["reason", "two words"]),
    cause,
    date: at
  })
  const line = (format: "plain" | "journald", level: LogLevel.LogLevel, cause?: Cause.Cause<unknown>) =>
    formatLine(format, entry(level, cause))

  it("plain lines carry an ISO timestamp, the level, the message and key=value annotations", () => {
    const text = line("plain", LogLevel.Info)
    expect(text).toMatch(/^2026-12-02T00:56:01\.123Z INFO Next poll in 240 seconds \(adaptive interval\) /)
    expect(text).toContain(" user=NorthernLights")
    expect(text).toContain(" reason=\"two words\"")
    expect(line("plain", LogLevel.Warning)).toMatch(/^\S+Z WARN /)
  })

  it("journald lines start with the syslog priority of their level", () => {
    expect(line("journald", LogLevel.Error)).toMatch(/^<3>Next poll/)
    expect(line("journald", LogLevel.Warning)).toMatch(/^<4>/)
    expect(line("journald", LogLevel.Info)).toMatch(/^<6>/)
    expect(line("journald", LogLevel.Debug)).toMatch(/^<7>/)
    expect(line("journald", LogLevel.Info)).not.toMatch(/\d{4}-\d\d-\d\d/)
  })

  it("keeps an entry on one line, with the first line of its cause", () => {
    const text = line("plain", LogLevel.Error, Cause.fail(new Error("boom\nsecond line")))
    expect(text.split("\n")).toHaveLength(1)
    expect(text).toContain("cause=\"Error: boom")
  })

  it("applies the configured level", () => {
    const lines: Array<string> = []
    Effect.runSync(
      Effect.all([Effect.logDebug("hidden"), Effect.logInfo("shown"), Effect.logWarning("also shown")]).pipe(
        Effect.provide(loggerLayer({ format: "plain", level: LogLevel.Info, write: (l) => lines.push(l) }))
      )
    )
    expect(lines.map((l) => l.replace(/^\S+ /, ""))).toEqual(["INFO shown", "WARN also shown"])
    lines.length = 0
    Effect.runSync(
      Effect.logDebug("now visible").pipe(
        Effect.provide(loggerLayer({ format: "journald", level: LogLevel.Debug, write: (l) => lines.push(l) }))
      )
    )
    expect(lines).toEqual(["<7>now visible"])
  })

  it("gives the lines of a fatal error the error priority under journald only", () => {
    expect(fatalText("journald", "config error: MIN_ROI: expected a number")).toBe(
      "<3>config error: MIN_ROI: expected a number"
    )
    expect(fatalText("journald", "Error: boom\n    at x")).toBe("<3>Error: boom\n<3>    at x")
    expect(fatalText("plain", "error: x")).toBe("error: x")
    expect(fatalText("pretty", "error: x")).toBe("error: x")
  })

  it("shows a terminal the time, level, message and annotations, with no fiber id, coloured on request", () => {
    const plain = prettyLine(entry(LogLevel.Warning), false)
    const time = [at.getHours(), at.getMinutes()].map((n) => String(n).padStart(2, "0")).join(":")
    expect(plain).toMatch(new RegExp(`^${time}:01\\.123 WARN  Next poll in 240 seconds \\(adaptive interval\\) `))
    expect(plain).toContain(" user=NorthernLights")
    expect(plain).toContain(" reason=\"two words\"")
    expect(plain).not.toMatch(/fiber|#\d/)
    expect(plain).not.toContain("\u001b[")
    const coloured = prettyLine(entry(LogLevel.Error, Cause.fail(new Error("boom"))), true)
    expect(coloured).toContain("\u001b[1;31mERROR\u001b[0m")
    expect(coloured.split("\n")[1]).toContain("Error: boom")
  })

  it("colours only a terminal, and not when NO_COLOR is set", () => {
    expect(colorAllowed({ isTTY: true }, {})).toBe(true)
    expect(colorAllowed({ isTTY: false }, {})).toBe(false)
    expect(colorAllowed({}, {})).toBe(false)
    expect(colorAllowed({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
  })
})
