// Traces over OTLP/HTTP (JSON) to a local collector with @effect/opentelemetry's own light exporter,
// which needs no OpenTelemetry SDK at run time. Unset OTEL_EXPORTER_OTLP_ENDPOINT: no tracer, no cost.
// A collector that is down or slow must change nothing for the monitor: exports run in their own
// fiber, each is cut off after a few seconds, and the exporter drops spans rather than queue them
// while the collector is failing, so memory stays bounded.
import * as OtlpSerialization from "@effect/opentelemetry/OtlpSerialization"
import * as OtlpTracer from "@effect/opentelemetry/OtlpTracer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { AppConfig } from "../services/AppConfig.js"
import { version } from "../version.js"

const exportTimeout = Duration.seconds(4)

/** The HTTP client the exporter posts with, each request cut off after exportTimeout. */
const ExportHttpClient = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    client.pipe(
      HttpClient.transform((response, request) =>
        Effect.timeoutFail(response, {
          duration: exportTimeout,
          onTimeout: () =>
            new HttpClientError.RequestError({ request, reason: "Transport", description: "export timed out" })
        })
      ),
      HttpClient.withTracerDisabledWhen(() => true)
    ))
).pipe(Layer.provide(FetchHttpClient.layer))

export const tracesUrl = (endpoint: string): string => `${endpoint.replace(/\/+$/, "")}/v1/traces`

export const TracingLive: Layer.Layer<never, never, AppConfig> = Layer.unwrapEffect(
  Effect.map(AppConfig, (config) =>
    Option.match(config.otlpEndpoint, {
      onNone: () => Layer.empty,
      onSome: (endpoint) =>
        OtlpTracer.layer({
          url: tracesUrl(endpoint),
          resource: { serviceName: config.otelServiceName, serviceVersion: version },
          exportInterval: Duration.seconds(5),
          // SIGTERM flushes what is buffered, within the 5 s the operator can count on.
          shutdownTimeout: Duration.seconds(5)
        }).pipe(Layer.provide(ExportHttpClient), Layer.provide(OtlpSerialization.layerJson))
    }))
)
