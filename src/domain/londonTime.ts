// Kick-off times as an operator in the UK reads them, whatever the host's time zone.

const kickOffFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  weekday: "short",
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZoneName: "short"
})

/** e.g. "Thu 1 Jan, 02:00 GMT" or "Sat 28 Mar, 18:30 BST". */
export const formatLondon = (epochMs: number): string => {
  const parts = Object.fromEntries(kickOffFormat.formatToParts(epochMs).map((p) => [p.type, p.value]))
  return `${parts["weekday"]} ${parts["day"]} ${parts["month"]}, ${parts["hour"]}:${parts["minute"]} ${parts["timeZoneName"]}`
}
