// The fake Sofascore and Discord servers as one process, for the test under a real systemd: it runs
// inside the container on fixed loopback ports and writes what it saw to a file the test reads.
import * as NodeFs from "node:fs"
import { startFakeDiscord } from "../support/fakeDiscord.js"
import { startFakeSofascore } from "../support/fakeSofascore.js"

const statsFile = process.env["FAKES_STATS"] ?? "/var/lib/fakes/stats.json"

const sofascore = await startFakeSofascore({ port: 18080 })
sofascore.loadFixtures()
sofascore.setNow(Math.floor(Date.now() / 1000))
// The fixtures' other watched users answer an empty list.
for (
  const id of [
    "65d4c3b2a1908f7e6d5c4b3a",
    "65a1b2c3d4e5f60718293a4b",
    "65c3d4e5f60718293a4b5c6d",
    "6612ab34cd56ef7890a1b2c3",
    "65e9f8a7b6c5d4e3f2a1b0c9",
    "65c0ffee00112233445566aa",
    "66bb22cc33dd44ee55ff6600"
  ]
) {
  sofascore.setPredictions(id, [{ predictions: [] }])
}
const discord = await startFakeDiscord({ port: 18081 })

const write = () =>
  NodeFs.writeFileSync(
    statsFile,
    JSON.stringify({
      discordMessages: discord.messages.length,
      discordGets: discord.getRequests,
      sofascoreRequests: sofascore.requests.length
    })
  )
write()
setInterval(write, 500)
console.log(`fakes: sofascore ${sofascore.baseUrl}, discord ${discord.webhookUrl}`)
