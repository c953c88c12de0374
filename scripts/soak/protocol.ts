// What the soak and the daemon it measures say to each other over IPC, once per cycle.

/** After each cycle: what it did, the simulated time, and every SOAK_SAMPLE_EVERY cycles its memory after a full GC. */
export interface FromDaemon {
  readonly cycle: number
  readonly now: number
  readonly newAlerts: number
  readonly lineMoves: number
  readonly delivered: number
  readonly failed: boolean
  readonly memory:
    | {
      readonly rss: number
      readonly heapUsed: number
      readonly heapTotal: number
      readonly external: number
      /** The daemon's CPU time since it started. */
      readonly cpuMs: number
    }
    | undefined
}

/** The reply, once the pages have changed: go on, or stop. */
export type ToDaemon = "next" | "stop"
