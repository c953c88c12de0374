// Traces over OTLP/HTTP (JSON) to a local collector with @effect/opentelemetry's own light exporter,
// which needs no OpenTelemetry SDK at run time. Unset OTEL_EXPORTER_OTLP_ENDPOINT: no tracer, no cost —
// the exporter's code (OtlpExport.ts) is not even loaded. A collector that is down or slow must
// change nothing for the monitor: exports run in their own fiber, each is cut off after a few
// seconds, and the exporter drops spans rather than queue them while the collector is failing, so
// memory stays bounded.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { AppConfig } from "../services/AppConfig.js"
import { version } from "../version.js"

export const tracesUrl = (endpoint: string): string => `${endpoint.replace(/\/+$/, "")}/v1/traces`

export const TracingLive: Layer.Layer<never, never, AppConfig> = Layer.unwrapEffect(
  Effect.flatMap(AppConfig, (config) =>
    Option.match(config.otlpEndpoint, {
      onNone: () => Effect.succeed(Layer.empty),
      onSome: (endpoint) =>
        Effect.map(
          Effect.promise(() => import("./OtlpExport.js")),
          ({ otlpTracing }) =>
            otlpTracing(tracesUrl(endpoint), { serviceName: config.otelServiceName, serviceVersion: version })
        )
    }))
)
