// Start, stop and trouble notices for the operator, on a second webhook when one is set, so that a
// silent monitor can be told apart from a quiet leaderboard. Notices are best effort: they never
// hold up or fail the monitor.
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"

export interface HealthNoticesShape {
  readonly notice: (kind: "started" | "stopped" | "problem", text: string) => Effect.Effect<void>
}

export class HealthNotices
  extends Context.Tag("sofascore-monitor/HealthNotices")<HealthNotices, HealthNoticesShape>()
{}
