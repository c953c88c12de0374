// The monitor's memory: which predictions it has seen, the odds it last saw, which predictors are
// paused, and the outbox of alerts that Discord has not yet confirmed. Every method is a batch, so a
// poll of one predictor costs one read and one write transaction whatever its number of predictions.
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import type * as Effect from "effect/Effect"
import type { Alert } from "../domain/alert.js"
import type { FollowedPick } from "../domain/followedReport.js"
import type { OddsTrack } from "../domain/lineMovement.js"
import type { PlannedFollow, PlannedFollowUpdate, PlannedOdds, PlannedSeen } from "../domain/pollPlan.js"

/** The monitor_state key under which each cycle records its start (epoch ms), for status and doctor. */
export const lastCycleStateKey = "last_cycle_at"

export class StorageError extends Data.TaggedError("StorageError")<{
  /** Names the database file and what SQLite said, e.g. "database or disk is full". */
  readonly message: string
  readonly file: string
  readonly cause?: unknown
}> {}

/**
 * `status` found nothing to read: no file at the path, or an empty one. Only `init-db`, `run` and
 * `once` create a database, so `status` reports this instead of filling the file.
 */
export class NoDatabase extends Data.TaggedError("NoDatabase")<{
  readonly file: string
  readonly state: "missing" | "empty"
}> {
  override get message() {
    return this.state === "missing"
      ? `no database at ${this.file}; run \`sofascore-monitor init-db\` or start the monitor first`
      : `database ${this.file} is empty (0 bytes); run \`sofascore-monitor init-db\` or start the monitor`
  }
}

/** A prediction the monitor has already recorded, with its odds track when it has one. */
export interface KnownPrediction {
  readonly eventId: number
  readonly market: string
  readonly pick: string
  /** Whether it was announced; line moves are only tracked for predictions that were. */
  readonly alerted: boolean
  readonly odds: OddsTrack | undefined
}

/** A prediction to remember, announced or not, as planPoll decided. */
export type SeenPrediction = PlannedSeen

/** A prediction's odds track to store. */
export type OddsSnapshot = PlannedOdds

/** Everything one successful poll of one predictor changes, written in one transaction. */
export interface PollRecord {
  readonly userId: string
  readonly userName: string
  readonly at: number
  readonly seen: ReadonlyArray<SeenPrediction>
  readonly odds: ReadonlyArray<OddsSnapshot>
  readonly alerts: ReadonlyArray<Alert>
  /** Picks announced in this poll, followed from now on. */
  readonly follow: ReadonlyArray<PlannedFollow>
  /** Closing odds and results of followed picks. */
  readonly followUpdates: ReadonlyArray<PlannedFollowUpdate>
}

export interface UserStatus {
  readonly userId: string
  readonly name: string | null
  readonly consecutiveFailures: number
  /** Epoch ms until which the predictor is skipped; null when not paused. */
  readonly pausedUntil: number | null
  readonly lastError: string | null
  readonly lastPolledAt: number | null
  readonly lastSuccessAt: number | null
  /** When pages past the third were last read for settled picks (epoch ms). */
  readonly deepReadAt: number | null
}

export interface FailureRecord {
  readonly userId: string
  readonly userName: string
  readonly at: number
  readonly error: string
  /** Pause after this many failures in a row. */
  readonly pauseAfter: number
  readonly pauseForMs: number
  /** Pause at once, whatever the count (a 404 on the first page). */
  readonly pauseNow: boolean
}

export interface OutboxEntry {
  readonly id: number
  readonly alert: Alert
  readonly createdAt: number
  readonly attempts: number
}

export interface CleanupResult {
  readonly seenBets: number
  readonly latestOdds: number
  readonly alerts: number
  readonly followedPicks: number
}

/** Which set-aside alerts `requeue` puts back. */
export type RequeueSelection =
  | { readonly _tag: "All" }
  /** Those set aside at or after this time (epoch ms). */
  | { readonly _tag: "SetAsideSince"; readonly at: number }
  | { readonly _tag: "Ids"; readonly ids: ReadonlyArray<number> }

export interface StorageStats {
  readonly file: string
  readonly journalMode: string
  /** Row count of every table, by name. */
  readonly tables: Readonly<Record<string, number>>
  readonly pendingAlerts: number
  readonly failedAlerts: number
  readonly pausedUsers: ReadonlyArray<UserStatus>
  readonly lastPollAt: number | null
}

export interface StorageShape {
  /** Of these events of one user, the predictions already recorded: one query. */
  readonly knownPredictions: (
    userId: string,
    eventIds: ReadonlyArray<number>
  ) => Effect.Effect<ReadonlyArray<KnownPrediction>, StorageError>
  /** Marks predictions seen, stores their odds, queues their alerts and clears the failure count. */
  readonly recordPoll: (record: PollRecord) => Effect.Effect<void, StorageError>
  readonly userStatuses: (
    userIds: ReadonlyArray<string>
  ) => Effect.Effect<ReadonlyMap<string, UserStatus>, StorageError>
  /** Counts a failed poll and pauses the predictor when due; returns the new status. */
  readonly recordFailure: (failure: FailureRecord) => Effect.Effect<UserStatus, StorageError>
  /** Undelivered alerts: oldest first, or soonest kick-off first (then oldest) for a backlog. */
  readonly pendingAlerts: (
    limit: number,
    order?: "queue" | "kickOff"
  ) => Effect.Effect<ReadonlyArray<OutboxEntry>, StorageError>
  /** How many alerts wait to be delivered (not delivered, not set aside): one query. */
  readonly countPendingAlerts: Effect.Effect<number, StorageError>
  /** The alerts one confirmed message carried, marked in one transaction. */
  readonly markDelivered: (ids: ReadonlyArray<number>, at: number) => Effect.Effect<void, StorageError>
  /** Gives up on one alert that Discord rejected for good (a 400), keeping the reason. */
  readonly markFailed: (id: number, at: number, reason: string) => Effect.Effect<void, StorageError>
  readonly recordDeliveryAttempt: (ids: ReadonlyArray<number>, error: string) => Effect.Effect<void, StorageError>
  /**
   * Sets aside the waiting line moves whose match has kicked off by `now`: news of a price nobody can
   * take any more. Returns how many.
   */
  readonly dropStartedLineMoves: (now: number) => Effect.Effect<number, StorageError>
  /**
   * Puts set-aside alerts back in the queue, in one statement; returns the ids put back. They keep
   * their place: the outbox is sent in id order, so they go out before newer alerts.
   */
  readonly requeueFailed: (selection: RequeueSelection) => Effect.Effect<ReadonlyArray<number>, StorageError>
  /**
   * Deletes what is older than the cutoff, alerts only once delivered or given up, and settled
   * followed picks alerted before `resultsCutoff`. A pending followed pick is never removed, nor the
   * seen prediction it needs.
   */
  readonly cleanup: (cutoff: number, resultsCutoff: number) => Effect.Effect<CleanupResult, StorageError>
  /** Followed picks alerted since `since` (all when null), of one predictor or of all. */
  readonly followedPicks: (
    filter: { readonly since: number | null; readonly userId?: string }
  ) => Effect.Effect<ReadonlyArray<FollowedPick>, StorageError>
  /** Records that pages past the third were read for this predictor now. */
  readonly recordDeepRead: (userId: string, at: number) => Effect.Effect<void, StorageError>
  /** Queues an alert (a report) and records a state value with it, in one transaction. */
  readonly queueWithState: (
    alert: Alert,
    at: number,
    state: { readonly key: string; readonly value: string }
  ) => Effect.Effect<void, StorageError>
  readonly setState: (key: string, value: string) => Effect.Effect<void, StorageError>
  readonly getState: (key: string) => Effect.Effect<string | null, StorageError>
  readonly stats: Effect.Effect<StorageStats, StorageError>
}

export class Storage extends Context.Tag("sofascore-monitor/Storage")<Storage, StorageShape>() {}

export interface OpenedDatabase {
  readonly file: string
  /** True when this start created the file. */
  readonly created: boolean
  readonly appliedMigrations: ReadonlyArray<string>
  /** Where the file was copied before it was migrated, if it was. */
  readonly backupFile: string | null
}

/** What opening the database did, for `init-db` to report. */
export class DatabaseOpened extends Context.Tag("sofascore-monitor/DatabaseOpened")<DatabaseOpened, OpenedDatabase>() {}
