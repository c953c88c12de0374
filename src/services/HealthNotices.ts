// Start, stop and trouble notices for the operator, on a second webhook when one is set, so that a
// silent monitor can be told apart from a quiet leaderboard. Notices are best effort: they never
// hold up or fail the monitor.
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"

export interface HealthNoticesShape {
  readonly notice: (kind: "started" | "stopped" | "problem", text: string) => Effect.Effect<void>
}

export class HealthNotices extends Context.Tag("sofascore-monitor/HealthNotices")<HealthNotices, HealthNoticesShape>() {
  /** No health channel: what the monitor runs with when none is set, and in the demo and simulations. */
  static readonly silent = Layer.succeed(HealthNotices, HealthNotices.of({ notice: () => Effect.void }))
}
