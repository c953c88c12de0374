import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as HashMap from "effect/HashMap"
import * as LogLevel from "effect/LogLevel"
import { describe, expect, it } from "vitest"
import { detectLogFormat, formatLine, loggerLayer } from "../../src/layers/Logging.js"

describe("log format", () => {
  it("is journald under journald, pretty on a terminal, plain otherwise", () => {
    expect(detectLogFormat({ JOURNAL_STREAM: "8:12345" }, true)).toBe("journald")
    expect(detectLogFormat({}, true)).toBe("pretty")
    expect(detectLogFormat({}, false)).toBe("plain")
  })

  const line = (format: "plain" | "journald", level: LogLevel.LogLevel, cause: Cause.Cause<unknown> = Cause.empty) =>
    formatLine({
      format,
      level,
      message: "Next poll in 240 seconds (adaptive interval)",
      annotations: HashMap.make(["user", "NorthernLights"], ["reason", "two words"]),
      cause
    })

  it("plain lines carry the level, the message and key=value annotations, and no timestamp", () => {
    const text = line("plain", LogLevel.Info)
    expect(text).toMatch(/^INFO Next poll in 240 seconds \(adaptive interval\) /)
    expect(text).toContain(" user=NorthernLights")
    expect(text).toContain(" reason=\"two words\"")
    expect(line("plain", LogLevel.Warning)).toMatch(/^WARN /)
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
        Effect.provide(loggerLayer({ format: "plain", level: "INFO", write: (l) => lines.push(l) }))
      )
    )
    expect(lines).toEqual(["INFO shown", "WARN also shown"])
    lines.length = 0
    Effect.runSync(
      Effect.logDebug("now visible").pipe(
        Effect.provide(loggerLayer({ format: "journald", level: "DEBUG", write: (l) => lines.push(l) }))
      )
    )
    expect(lines).toEqual(["<7>now visible"])
  })
})
