// The OTLP/HTTP (JSON) exporter behind TracingLive, in a module of its own: the bundle keeps it in a
// chunk that only a program with OTEL_EXPORTER_OTLP_ENDPOINT set loads.
import * as OtlpSerialization from "@effect/opentelemetry/OtlpSerialization"
import * as OtlpTracer from "@effect/opentelemetry/OtlpTracer"
import * as HttpClient from "@effect/platform/HttpClient"
import * as Duration from "effect/Duration"
import * as Layer from "effect/Layer"
import { impitHttpClient } from "./DiscordHttpClient.js"

const exportTimeout = Duration.seconds(4)

/**
 * The exporter posts through impit, as the Discord posts do: it is loaded for Sofascore anyway, where
 * Node's global fetch would add about 30 MB. Each request is cut off after exportTimeout.
 */
const ExportHttpClient = Layer.sync(
  HttpClient.HttpClient,
  () => impitHttpClient(Duration.toMillis(exportTimeout)).pipe(HttpClient.withTracerDisabledWhen(() => true))
)

/** The tracer exporting to the collector's traces `url`, flushed when the layer closes. */
export const otlpTracing = (url: string, resource: { readonly serviceName: string; readonly serviceVersion: string }) =>
  OtlpTracer.layer({
    url,
    resource,
    exportInterval: Duration.seconds(5),
    // SIGTERM flushes what is buffered, within the 5 s the operator can count on.
    shutdownTimeout: Duration.seconds(5)
  }).pipe(Layer.provide(ExportHttpClient), Layer.provide(OtlpSerialization.layerJson))
