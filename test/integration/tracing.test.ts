// OTLP traces from the real program to a loopback receiver.
import { afterEach, describe, expect, it } from "vitest"
import { version } from "../../src/version.js"
import { startWorld } from "../support/monitorEnv.js"
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from "../support/otlpReceiver.js"
import { closedPort } from "../support/ports.js"
import { runCli, startCli } from "../support/runCli.js"

const receivers: Array<OtlpReceiver> = []
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()))
})
const receiver = async () => {
  const r = await startOtlpReceiver()
  receivers.push(r)
  return r
}

const byName = (spans: ReadonlyArray<ReceivedSpan>, name: string) => spans.filter((s) => s.name === name)
const parentOf = (spans: ReadonlyArray<ReceivedSpan>, span: ReceivedSpan) =>
  spans.find((s) => s.spanId === span.parentSpanId)
/** The nearest ancestor with one of these names. */
const ancestor = (
  spans: ReadonlyArray<ReceivedSpan>,
  span: ReceivedSpan,
  names: ReadonlyArray<string>
): ReceivedSpan | undefined => {
  let current = parentOf(spans, span)
  while (current !== undefined && !names.includes(current.name)) current = parentOf(spans, current)
  return current
}

describe("tracing", () => {
  it("sends one once run's spans, with the right parents and attributes, and no secret", async () => {
    const world = await startWorld()
    const otlp = await receiver()
    world.sofascore.fault("66a0b1c2d3e4f5061728394b", { status: 403, body: "json" }, { times: Infinity })
    const result = await runCli(["once"], {
      cwd: world.cwd,
      env: { ...world.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint }
    })
    expect(result.code).toBe(0)
    const spans = otlp.spans

    expect(spans.length).toBeGreaterThan(20)
    expect(spans[0]!.resource).toMatchObject({ "service.name": "sofascore-monitor", "service.version": version })
    const [cycle, ...moreCycles] = byName(spans, "monitor.cycle")
    expect(moreCycles).toEqual([])
    expect(cycle!.parentSpanId).toBeUndefined()
    expect(cycle!.attributes).toMatchObject({ users: 10, predictions: 13, "alerts.new": 5, "alerts.line_moves": 0 })
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([cycle!.traceId]))

    const discovery = byName(spans, "monitor.discovery")
    expect(discovery).toHaveLength(1)
    expect(discovery[0]!.parentSpanId).toBe(cycle!.spanId)
    expect(discovery[0]!.attributes).toMatchObject({ watched: 10 })

    const checks = byName(spans, "monitor.checkUser")
    expect(checks).toHaveLength(10)
    expect(checks.every((s) => s.parentSpanId === cycle!.spanId)).toBe(true)
    const blocked = checks.find((s) => s.attributes["user.id"] === "66a0b1c2d3e4f5061728394b")!
    expect(blocked.attributes).toMatchObject({ outcome: "failed", "error.tag": "Blocked" })
    expect(checks.find((s) => s.attributes["user.id"] === "65f1c0a2b3d4e5f60718293a")!.attributes).toMatchObject({
      outcome: "polled",
      predictions: 7
    })

    const fetches = byName(spans, "sofascore.fetch")
    expect(fetches.length).toBe(12)
    for (const fetch of fetches) {
      expect(fetch.attributes["http.path"]).toMatch(/^\/user(-account)?\//)
      expect(fetch.attributes["attempt"]).toBe(1)
      expect(ancestor(spans, fetch, ["monitor.checkUser", "monitor.discovery"])).toBeDefined()
    }
    const failedFetch = fetches.find((s) => String(s.attributes["http.path"]).includes("66a0b1c2d3e4f5061728394b"))!
    expect(failedFetch.attributes).toMatchObject({ "http.status": 403, "error.tag": "Blocked" })
    expect(failedFetch.statusCode).toBe(2)
    expect(fetches.find((s) => s.attributes["http.path"] === "/user-account/vote-ranking")!.attributes["http.status"])
      .toBe(200)

    const sql = spans.filter((s) =>
      s.attributes["db.system.name"] === "sqlite" || s.attributes["db.system"] === "sqlite"
    )
    expect(sql.length).toBeGreaterThan(10)
    expect(sql.some((s) => ancestor(spans, s, ["monitor.checkUser"]) !== undefined)).toBe(true)

    const deliver = byName(spans, "monitor.deliver")
    expect(deliver).toHaveLength(1)
    expect(deliver[0]!.parentSpanId).toBe(cycle!.spanId)
    expect(deliver[0]!.attributes).toMatchObject({ delivered: 5, messages: 1 })
    // The five alerts go out as one message of five embeds.
    const sends = byName(spans, "notifier.send")
    expect(sends).toHaveLength(1)
    expect(sends[0]!.attributes).toMatchObject({ alerts: 5, embeds: 5 })
    expect(sends.every((s) => s.parentSpanId === deliver[0]!.spanId && s.attributes["http.status"] === 200)).toBe(true)

    const everything = JSON.stringify(spans)
    expect(everything).not.toContain("secret-token")
    expect(everything).not.toContain("/api/webhooks")
    expect(everything).not.toContain(new URL(world.sofascore.baseUrl).host)
  })

  it("records a 429 from Discord with its retry_after", async () => {
    const world = await startWorld()
    const otlp = await receiver()
    world.discord.fault({ status: 429, retryAfterSeconds: 0.5 })
    expect(
      (await runCli(["once"], { cwd: world.cwd, env: { ...world.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint } }))
        .code
    ).toBe(0)
    const limited = byName(otlp.spans, "notifier.send").filter((s) => s.attributes["http.status"] === 429)
    expect(limited).toHaveLength(1)
    expect(limited[0]!.attributes["retry_after"]).toBe(0.5)
    expect(world.discord.alerts).toHaveLength(8)
  })

  it("changes nothing for the monitor when the collector refuses connections or hangs", async () => {
    for (const setup of ["refused", "hanging"] as const) {
      const world = await startWorld()
      const otlp = await receiver()
      if (setup === "hanging") otlp.hang(true)
      const endpoint = setup === "refused" ? `http://127.0.0.1:${await closedPort()}` : otlp.endpoint
      const started = performance.now()
      const result = await runCli(["once"], {
        cwd: world.cwd,
        env: { ...world.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }
      })
      expect([setup, result.code]).toEqual([setup, 0])
      expect([setup, world.discord.alerts.length]).toEqual([setup, 8])
      expect(result.stderr).not.toMatch(/ERROR/)
      // A hung collector costs at most the 5 s shutdown flush.
      expect(performance.now() - started).toBeLessThan(15_000)
    }
  })

  it("flushes the buffered spans on SIGTERM", async () => {
    const world = await startWorld()
    const otlp = await receiver()
    const daemon = startCli(["run"], {
      cwd: world.cwd,
      env: { ...world.env, OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint }
    })
    await daemon.waitFor(/Next poll in/)
    // Spans are exported every 5 s; stop before that, so only the shutdown flush can deliver them.
    expect(byName(otlp.spans, "monitor.cycle")).toHaveLength(0)
    const signalled = performance.now()
    daemon.child.kill("SIGTERM")
    const exit = await daemon.exited
    expect(exit.code).toBe(0)
    expect(exit.atMs - signalled).toBeLessThan(10_000)
    expect(byName(otlp.spans, "monitor.cycle")).toHaveLength(1)
  })
})
