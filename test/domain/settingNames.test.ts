import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { closestSetting, misspeltSettingLine, misspeltSettings } from "../../src/domain/settingNames.js"
import { configKeys } from "../../src/services/AppConfig.js"

describe("closestSetting", () => {
  it("names the key a typo meant: a swap, a missing or extra word, another case", () => {
    expect(closestSetting("MIN_RIO", configKeys)).toBe("MIN_ROI")
    expect(closestSetting("DISCORD_WEBHOOK", configKeys)).toBe("DISCORD_WEBHOOK_URL")
    expect(closestSetting("SCAN_INTERVAL", configKeys)).toBe("SCAN_INTERVAL_MINUTES")
    expect(closestSetting("RETENTION", configKeys)).toBe("RETENTION_DAYS")
    expect(closestSetting("DISCORD", configKeys)).toBe("DISCORD_WEBHOOK_URL")
    expect(closestSetting("LOGLEVEL", configKeys)).toBe("LOG_LEVEL")
    expect(closestSetting("min_roi", configKeys)).toBe("MIN_ROI")
    expect(closestSetting("MIN_ROI_PCT", configKeys)).toBe("MIN_ROI")
    expect(closestSetting("DISCORD_HEALTH_WEBHOOK", configKeys)).toBe("DISCORD_HEALTH_WEBHOOK_URL")
    expect(closestSetting("HTTP_TIMEOUT_SECOND", configKeys)).toBe("HTTP_TIMEOUT_SECONDS")
  })

  it("says nothing of the known keys themselves", () => {
    for (const key of configKeys) expect(closestSetting(key, configKeys)).toBeUndefined()
  })

  it("leaves the rest of an environment alone", () => {
    for (
      const name of [
        "PATH",
        "HOME",
        "USER",
        "SHELL",
        "LANG",
        "TERM",
        "TZ",
        "PWD",
        "LOGNAME",
        "NODE_ENV",
        "NODE_PATH",
        "NODE_OPTIONS",
        "MANPATH",
        "GOPATH",
        "DB_PASS",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "JOURNAL_STREAM",
        "INVOCATION_ID",
        "SUDO_USER",
        "OTEL_EXPORTER_OTLP_HEADERS",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_RESOURCE_ATTRIBUTES",
        "PROXY",
        "LOG",
        "DB"
      ]
    ) {
      expect([name, closestSetting(name, configKeys)]).toEqual([name, undefined])
    }
  })

  it("answers as comparing every key in full would: skipping keys by length changes nothing", () => {
    // The distance in full (a swap of neighbours is one edit), with no shortcut.
    const distance = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i + j))
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
            d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1)
          }
        }
      }
      return d[a.length]![b.length]!
    }
    const keys: ReadonlyArray<string> = configKeys
    const reference = (name: string): string | undefined => {
      if (keys.includes(name)) return undefined
      const upper = name.toUpperCase()
      let best: { key: string; distance: number } | undefined
      for (const key of keys) {
        const [short, long] = upper.length <= key.length ? [upper, key] : [key, upper]
        const prefix = short.length >= 6 && long.startsWith(short) && long[short.length] === "_"
        const d = distance(upper, key)
        if ((d <= (key.length <= 8 ? 1 : 2) || prefix) && (best === undefined || d < best.distance)) {
          best = { key, distance: d }
        }
      }
      return best?.key
    }
    // Names made from the keys by a few edits, cuts and suffixes, and unrelated ones.
    const name = fc.oneof(
      fc.tuple(
        fc.constantFrom(...configKeys),
        fc.array(fc.nat(40), { maxLength: 3 }),
        fc.constantFrom("", "_X", "_PCT")
      )
        .map(([key, cuts, suffix]) =>
          cuts.reduce((k: string, at) => k.slice(0, at % (k.length + 1)) + k.slice((at % (k.length + 1)) + 1), key) +
          suffix
        ),
      fc.stringMatching(/^[A-Za-z_]{1,30}$/)
    )
    fc.assert(fc.property(name, (n) => closestSetting(n, configKeys) === reference(n)), { numRuns: 500 })
  })
})

describe("misspeltSettings", () => {
  it("reports each name once, for the first source that sets it", () => {
    const found = misspeltSettings(configKeys, [
      { source: ".env", names: ["MIN_RIO", "MIN_ROI", "PATH"] },
      { source: "the environment", names: ["MIN_RIO", "SCAN_INTERVAL", "HOME"] }
    ])
    expect(found.map(misspeltSettingLine)).toEqual([
      ".env sets MIN_RIO, which is not a setting; did you mean MIN_ROI?",
      "the environment sets SCAN_INTERVAL, which is not a setting; did you mean SCAN_INTERVAL_MINUTES?"
    ])
  })
})
