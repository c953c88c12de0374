// The fake Sofascore and Discord servers as one process, for the test under a real systemd: it runs
// inside the container on fixed loopback ports and writes what it saw to a file the test reads.
import * as NodeFs from "node:fs"
import { startFakeSofascore } from "../../src/programs/fakes/fakeSofascore.js"
import { startFakeDiscord } from "../support/fakeDiscord.js"

const statsFile = process.env["FAKES_STATS"] ?? "/var/lib/fakes/stats.json"

const sofascore = await startFakeSofascore({ port: 18080 })
sofascore.loadFixtures()
sofascore.setNow(Math.floor(Date.now() / 1000))
const discord = await startFakeDiscord({ port: 18081 })

const write = () =>
  NodeFs.writeFileSync(
    statsFile,
    JSON.stringify({
      discordAlerts: discord.alerts.length,
      discordGets: discord.getRequests,
      sofascoreRequests: sofascore.requests.length
    })
  )
write()
setInterval(write, 500)
console.log(`fakes: sofascore ${sofascore.baseUrl}, discord ${discord.webhookUrl}`)
