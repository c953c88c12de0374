// The reasons come from real fetch() failures where this machine can produce them, and from the
// shape Node gives the rest (DNS and certificate errors need a network or a CA the tests lack).
import * as NodeHttp from "node:http"
import type * as NodeNet from "node:net"
import { afterEach, describe, expect, it } from "vitest"
import { describeFetchFailure } from "../../src/domain/fetchFailure.js"
import { closedPort } from "../support/ports.js"

const servers: Array<NodeHttp.Server> = []
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    server.close()
  }
})

/** A server that accepts and never answers. */
const silentServer = () =>
  new Promise<number>((resolve) => {
    const server = NodeHttp.createServer(() => {})
    servers.push(server)
    server.listen(0, "127.0.0.1", () => resolve((server.address() as NodeNet.AddressInfo).port))
  })

const failureOf = async (url: string, init?: RequestInit): Promise<unknown> => {
  try {
    await fetch(url, init)
  } catch (error) {
    return error
  }
  throw new Error(`${url} answered`)
}

const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause })
const systemError = (code: string) => Object.assign(new Error(`${code} something`), { code })

describe("describeFetchFailure", () => {
  it("says connection refused, not TypeError", async () => {
    const error = await failureOf(`http://127.0.0.1:${await closedPort()}/`)
    expect((error as Error).name).toBe("TypeError")
    expect(describeFetchFailure(error, 10)).toBe("connection refused")
  })

  it("says TLS when the other end does not speak it", async () => {
    const error = await failureOf(`https://127.0.0.1:${await silentServer()}/`)
    expect(describeFetchFailure(error, 10)).toMatch(/^TLS failed \((ERR_SSL_|ECONNRESET)/)
  })

  it("says timed out, with the limit", async () => {
    const error = await failureOf(`http://127.0.0.1:${await silentServer()}/`, { signal: AbortSignal.timeout(100) })
    expect(describeFetchFailure(error, 10)).toBe("timed out after 10 s")
  })

  it("names DNS, certificate, connect-timeout and unreachable failures", () => {
    expect(describeFetchFailure(fetchFailed(systemError("ENOTFOUND")), 10)).toBe("DNS lookup failed (ENOTFOUND)")
    expect(describeFetchFailure(fetchFailed(systemError("EAI_AGAIN")), 10)).toBe("DNS lookup failed (EAI_AGAIN)")
    expect(describeFetchFailure(fetchFailed(systemError("CERT_HAS_EXPIRED")), 10)).toBe("TLS failed (CERT_HAS_EXPIRED)")
    expect(describeFetchFailure(fetchFailed(systemError("UNABLE_TO_VERIFY_LEAF_SIGNATURE")), 10)).toBe(
      "TLS failed (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"
    )
    expect(describeFetchFailure(fetchFailed(systemError("UND_ERR_CONNECT_TIMEOUT")), 10)).toBe(
      "connection timed out (UND_ERR_CONNECT_TIMEOUT)"
    )
    expect(describeFetchFailure(fetchFailed(systemError("ENETUNREACH")), 10)).toBe("network unreachable (ENETUNREACH)")
    const perAddress = new AggregateError([systemError("ECONNREFUSED"), systemError("ECONNREFUSED")])
    expect(describeFetchFailure(fetchFailed(perAddress), 10)).toBe("connection refused")
  })

  it("falls back to the code, then the cause's message", () => {
    expect(describeFetchFailure(fetchFailed(systemError("EWHATEVER")), 10)).toBe("EWHATEVER")
    expect(describeFetchFailure(fetchFailed(new Error("bad port")), 10)).toBe("bad port")
    expect(describeFetchFailure(new Error("odd"), 10)).toBe("odd")
  })
})
