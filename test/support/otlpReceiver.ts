// A local OTLP/HTTP receiver for the tracing tests: decodes the JSON the exporter posts to
// /v1/traces into plain spans. It can also refuse to answer, to play a collector that hangs.
import * as NodeHttp from "node:http"
import { listenOnLoopback } from "../../src/programs/fakes/loopback.js"

export interface ReceivedSpan {
  readonly traceId: string
  readonly spanId: string
  readonly parentSpanId: string | undefined
  readonly name: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly statusCode: number
  readonly resource: Readonly<Record<string, unknown>>
}

export interface OtlpReceiver {
  readonly endpoint: string
  readonly spans: ReadonlyArray<ReceivedSpan>
  readonly posts: number
  hang(value: boolean): void
  close(): Promise<void>
}

interface KeyValue {
  readonly key: string
  readonly value: Record<string, unknown>
}

const valueOf = (v: Record<string, unknown>): unknown => {
  if ("stringValue" in v) return v["stringValue"]
  if ("intValue" in v) return Number(v["intValue"])
  if ("doubleValue" in v) return Number(v["doubleValue"])
  if ("boolValue" in v) return v["boolValue"]
  if ("arrayValue" in v) {
    return ((v["arrayValue"] as { values?: Array<Record<string, unknown>> }).values ?? []).map(valueOf)
  }
  return v
}

const attributes = (list: ReadonlyArray<KeyValue> | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]))

export const startOtlpReceiver = async (): Promise<OtlpReceiver> => {
  const spans: Array<ReceivedSpan> = []
  let posts = 0
  let hanging = false
  const server = NodeHttp.createServer((req, res) => {
    req.on("error", () => undefined)
    let raw = ""
    req.on("data", (c: Buffer) => (raw += c.toString()))
    req.on("end", () => {
      if (req.url !== "/v1/traces" || req.method !== "POST") {
        res.writeHead(404)
        return void res.end()
      }
      posts += 1
      if (hanging) return
      const body = JSON.parse(raw) as {
        resourceSpans?: Array<{
          resource?: { attributes?: Array<KeyValue> }
          scopeSpans?: Array<
            {
              spans?: Array<
                {
                  traceId: string
                  spanId: string
                  parentSpanId?: string
                  name: string
                  attributes?: Array<KeyValue>
                  status?: { code?: number }
                }
              >
            }
          >
        }>
      }
      for (const rs of body.resourceSpans ?? []) {
        const resource = attributes(rs.resource?.attributes)
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId === undefined || s.parentSpanId === "" ? undefined : s.parentSpanId,
              name: s.name,
              attributes: attributes(s.attributes),
              statusCode: s.status?.code ?? 0,
              resource
            })
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" })
      res.end("{}")
    })
  })
  const listening = await listenOnLoopback(server)
  return {
    endpoint: `http://127.0.0.1:${listening.port}`,
    get spans() {
      return spans
    },
    get posts() {
      return posts
    },
    hang: (value) => void (hanging = value),
    close: listening.close
  }
}
