// What a Discord webhook URL looks like. The path is checked when the configuration is read (a wrong
// one would lose or stall every alert); the host only warned about, since tests and the systemd check
// point the monitor at a fake on loopback.

/** `/api/webhooks/<id>/<token>`, or with an API version, `/api/v10/webhooks/<id>/<token>`, which Discord serves too. */
const webhookPath = /^\/api(?:\/v\d+)?\/webhooks\/\d+\/[^/]+$/

const discordHosts: ReadonlySet<string> = new Set([
  "discord.com",
  "discordapp.com",
  "canary.discord.com",
  "ptb.discord.com"
])

export const isWebhookPath = (url: URL): boolean => webhookPath.test(url.pathname)

/** The host when it is not one of Discord's, for a warning; the host holds no secret, the path does. */
export const foreignHost = (url: URL): string | undefined =>
  discordHosts.has(url.hostname.replace(/\.$/, "")) ? undefined : url.hostname
