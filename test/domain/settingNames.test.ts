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
