import { describe, expect, it } from "vitest"
import { foreignHost, isWebhookPath } from "../../src/domain/discordWebhook.js"

describe("Discord webhook URLs", () => {
  it("knows the webhook path, with or without an API version", () => {
    expect(isWebhookPath(new URL("https://discord.com/api/webhooks/1/tok"))).toBe(true)
    expect(isWebhookPath(new URL("https://discord.com/api/v10/webhooks/1/tok-_A?wait=true"))).toBe(true)
    expect(isWebhookPath(new URL("https://discord.com/api/webhooks/1/tok/"))).toBe(false)
    expect(isWebhookPath(new URL("https://discord.com/api/vX/webhooks/1/tok"))).toBe(false)
    expect(isWebhookPath(new URL("https://discord.com/webhooks/1/tok"))).toBe(false)
  })
  it("names a host that is not Discord's", () => {
    for (const host of ["discord.com", "discordapp.com", "canary.discord.com", "ptb.discord.com", "discord.com."]) {
      expect(foreignHost(new URL(`https://${host}/api/webhooks/1/t`))).toBeUndefined()
    }
    expect(foreignHost(new URL("http://127.0.0.1:8080/api/webhooks/1/t"))).toBe("127.0.0.1")
    expect(foreignHost(new URL("https://discord.com.evil.example/api/webhooks/1/t"))).toBe("discord.com.evil.example")
  })
})
