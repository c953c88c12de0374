// Health notices as plain Discord messages on DISCORD_HEALTH_WEBHOOK_URL; nothing when it is unset.
// The same problem is reported at most once an hour, so a long outage does not flood the channel.
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { escapeMarkdown, truncate } from "../domain/discordMarkdown.js"
import { AppConfig } from "../services/AppConfig.js"
import { HealthNotices } from "../services/HealthNotices.js"

const repeatProblemAfterMs = 60 * 60_000
const noticeTimeout = Duration.seconds(5)
const icons = { started: "🟢", stopped: "⚪", problem: "🔴" } as const

export const HealthNoticesLive: Layer.Layer<HealthNotices, never, AppConfig | HttpClient.HttpClient> = Layer
  .unwrapEffect(
    Effect.gen(function*() {
      const config = yield* AppConfig
      if (Option.isNone(config.discordHealthWebhookUrl)) {
        return HealthNotices.silent
      }
      const webhook = config.discordHealthWebhookUrl.value
      return Layer.effect(
        HealthNotices,
        Effect.gen(function*() {
          const client = (yield* HttpClient.HttpClient).pipe(HttpClient.withTracerDisabledWhen(() => true))
          const lastSent = yield* Ref.make(new Map<string, number>())
          const notice = Effect.fn("notifier.health")(
            function*(kind: "started" | "stopped" | "problem", text: string) {
              // Effect.fn takes no per-call attributes: set it first, as withSpan's attributes were.
              yield* Effect.annotateCurrentSpan("kind", kind)
              const now = yield* Clock.currentTimeMillis
              if (kind === "problem") {
                const previous = (yield* Ref.get(lastSent)).get(text)
                if (previous !== undefined && now - previous < repeatProblemAfterMs) return
                yield* Ref.update(lastSent, (m) => new Map(m).set(text, now))
              }
              const request = HttpClientRequest.post(Redacted.value(webhook)).pipe(
                HttpClientRequest.bodyUnsafeJson({
                  content: truncate(`${icons[kind]} sofascore-monitor: ${escapeMarkdown(text)}`, 2000),
                  allowed_mentions: { parse: [] }
                })
              )
              const response = yield* client.execute(request).pipe(Effect.timeout(noticeTimeout), Effect.scoped)
              if (response.status >= 300) yield* Effect.logWarning(`Health notice not accepted (${response.status})`)
            },
            // Errors of the HTTP client name the URL, which holds the webhook's token: only say that it failed.
            // A pipeable of Effect.fn runs inside the span, so the span never ends with that error either.
            Effect.catchAllCause(() => Effect.logWarning("Health notice could not be sent"))
          )
          return HealthNotices.of({ notice })
        })
      )
    })
  )
