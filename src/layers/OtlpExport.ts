// The OTLP/HTTP (JSON) exporter behind TracingLive, in a module of its own: the bundle keeps it in a
// chunk that only a program with OTEL_EXPORTER_OTLP_ENDPOINT set loads.
import * as OtlpSerialization from "@effect/opentelemetry/OtlpSerialization"
import * as OtlpTracer from "@effect/opentelemetry/OtlpTracer"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

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

/** The tracer exporting to the collector's traces `url`, flushed when the layer closes. */
export const otlpTracing = (url: string, resource: { readonly serviceName: string; readonly serviceVersion: string }) =>
  OtlpTracer.layer({
    url,
    resource,
    exportInterval: Duration.seconds(5),
    // SIGTERM flushes what is buffered, within the 5 s the operator can count on.
    shutdownTimeout: Duration.seconds(5)
  }).pipe(Layer.provide(ExportHttpClient), Layer.provide(OtlpSerialization.layerJson))
