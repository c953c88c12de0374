// The webhook URLs' form is checked when the configuration is read, and a host other than Discord's
// is warned about when the monitor starts; neither ever shows the URL's path, which holds the token.
import { describe, expect, it } from "vitest"
import { startFakeDiscord } from "../support/fakeDiscord.js"
import { startWorld } from "../support/monitorEnv.js"
import { runCli, startCli, untimed } from "../support/runCli.js"
import { tempDir } from "../support/tempDir.js"

const notAWebhook = [
  "https://discord.com/channels/111/222",
  "https://discord.com/api/webhooks/111",
  "https://discord.com/api/webhooks/abc/SECRET-TOKEN-abc",
  "https://discord.com/api/webhooks/111/SECRET-TOKEN-abc/slack",
  "https://hooks.slack.com/services/T000/B000/SECRET-TOKEN-abc"
]

describe("webhook URL", () => {
  for (const key of ["DISCORD_WEBHOOK_URL", "DISCORD_HEALTH_WEBHOOK_URL"]) {
    it(`${key}: a path that is not a Discord webhook's stops the program with exit 78, value hidden`, async () => {
      const cwd = tempDir()
      for (const url of notAWebhook) {
        const result = await runCli(["once"], { cwd, env: { [key]: url } })
        expect([url, result.code]).toEqual([url, 78])
        expect(result.stderr).toBe(
          `config error: ${key}: expected a Discord webhook URL, https://discord.com/api/webhooks/<id>/<token>, (value hidden)\n`
        )
        expect(result.stdout).toBe("")
      }
    })
  }

  it("takes the forms Discord serves, with an API version and on its other hosts", async () => {
    const cwd = tempDir()
    expect((await runCli(["init-db"], { cwd })).code).toBe(0)
    for (
      const url of [
        "https://discord.com/api/webhooks/111/SECRET-TOKEN-abc",
        "https://discord.com/api/v10/webhooks/111/SECRET-TOKEN-abc",
        "https://discordapp.com/api/v9/webhooks/111/SECRET-TOKEN-abc?thread_id=5",
        "https://canary.discord.com/api/webhooks/111/SECRET-TOKEN-abc"
      ]
    ) {
      const result = await runCli(["status"], {
        cwd,
        env: { DISCORD_WEBHOOK_URL: url, DISCORD_HEALTH_WEBHOOK_URL: url }
      })
      expect([url, result.code, result.stderr]).toEqual([url, 0, ""])
    }
  })

  it("warns at the start of once and run when a webhook is not on Discord, naming the host only", async () => {
    const world = await startWorld()
    const health = await startFakeDiscord()
    const env = { ...world.env, DISCORD_HEALTH_WEBHOOK_URL: health.webhookUrl }
    const warnings = [
      "WARN DISCORD_WEBHOOK_URL points at 127.0.0.1, not Discord",
      "WARN DISCORD_HEALTH_WEBHOOK_URL points at 127.0.0.1, not Discord"
    ]
    const once = await runCli(["once"], { cwd: world.cwd, env })
    expect(once.code).toBe(0)
    expect(untimed(once.stderr).split("\n").filter((line) => line.startsWith("WARN"))).toEqual(warnings)
    const daemon = startCli(["run"], { cwd: world.cwd, env })
    await daemon.waitFor(/Next poll in/)
    daemon.child.kill("SIGTERM")
    await daemon.exited
    for (const warning of warnings) expect(daemon.output()).toContain(warning)
    expect(once.stderr + daemon.output()).not.toMatch(/secret-token|\/api\/webhooks/)
    await health.close()
  })
})
