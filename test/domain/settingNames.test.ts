import { describe, expect, it } from "vitest"
import { closestSetting, misspeltSettingLine, misspeltSettings } from "../../src/domain/settingNames.js"
import { settingKeys } from "../../src/services/AppConfig.js"

describe("closestSetting", () => {
  it("names the key a typo meant: a swap, a missing or extra word, another case", () => {
    expect(closestSetting("MIN_RIO", settingKeys)).toBe("MIN_ROI")
    expect(closestSetting("DISCORD_WEBHOOK", settingKeys)).toBe("DISCORD_WEBHOOK_URL")
    expect(closestSetting("SCAN_INTERVAL", settingKeys)).toBe("SCAN_INTERVAL_MINUTES")
    expect(closestSetting("RETENTION", settingKeys)).toBe("RETENTION_DAYS")
    expect(closestSetting("DISCORD", settingKeys)).toBe("DISCORD_WEBHOOK_URL")
    expect(closestSetting("LOGLEVEL", settingKeys)).toBe("LOG_LEVEL")
    expect(closestSetting("min_roi", settingKeys)).toBe("MIN_ROI")
    expect(closestSetting("MIN_ROI_PCT", settingKeys)).toBe("MIN_ROI")
    expect(closestSetting("DISCORD_HEALTH_WEBHOOK", settingKeys)).toBe("DISCORD_HEALTH_WEBHOOK_URL")
    expect(closestSetting("HTTP_TIMEOUT_SECOND", settingKeys)).toBe("HTTP_TIMEOUT_SECONDS")
  })

  it("says nothing of the known keys themselves", () => {
    for (const key of settingKeys) expect(closestSetting(key, settingKeys)).toBeUndefined()
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
      expect([name, closestSetting(name, settingKeys)]).toEqual([name, undefined])
    }
  })
})

describe("misspeltSettings", () => {
  it("reports each name once, for the first source that sets it", () => {
    const found = misspeltSettings(settingKeys, [
      { source: ".env", names: ["MIN_RIO", "MIN_ROI", "PATH"] },
      { source: "the environment", names: ["MIN_RIO", "SCAN_INTERVAL", "HOME"] }
    ])
    expect(found.map(misspeltSettingLine)).toEqual([
      ".env sets MIN_RIO, which is not a setting; did you mean MIN_ROI?",
      "the environment sets SCAN_INTERVAL, which is not a setting; did you mean SCAN_INTERVAL_MINUTES?"
    ])
  })
})
