// The SQLite storage on real files: migrations, WAL, every method, backups, concurrent access.
import { expect, it } from "@effect/vitest"
import Database from "better-sqlite3"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Scope from "effect/Scope"
import * as TestClock from "effect/TestClock"
import * as NodeChild from "node:child_process"
import * as NodeFs from "node:fs"
import * as NodePath from "node:path"
import { describe } from "vitest"
import { alertMatch } from "../src/domain/alert.js"
import type { Alert } from "../src/domain/alert.js"
import { openDatabase } from "../src/layers/SqliteDatabase.js"
import { makeStorage } from "../src/layers/SqliteStorage.js"
import type { PollRecord } from "../src/services/Storage.js"
import { predictor as predictorCard } from "./support/alertBuilders.js"
import { tempDir } from "./support/tempDir.js"

const open = (file: string) =>
  Effect.map(openDatabase(file), ({ opened, sql }) => ({ opened, storage: makeStorage(sql, file) }))

const predictor = predictorCard({
  allTimeYieldPct: 12.81,
  currentYieldPct: 24.8,
  profitUnits: 52.76,
  totalPredictions: 412
})
const match = (eventId: number) => ({
  eventId,
  homeTeam: "Home",
  awayTeam: "Away",
  sportSlug: "football",
  eventSlug: "home-away",
  customId: "Abc",
  startAt: 7_200_000
})
const newBets = (eventId: number): Alert => ({
  _tag: "NewBets",
  predictor,
  match: match(eventId),
  picks: [{ market: "1", pick: "1", odds: 1.8 }],
  detectedAt: 1000
})
const key = (eventId: number, pick = "1") => ({ userId: predictor.id, eventId, market: "1", pick })

const poll = (at: number, eventIds: ReadonlyArray<number>, odds = 1.8): PollRecord => ({
  userId: predictor.id,
  userName: predictor.name,
  at,
  seen: eventIds.map((eventId) => ({ key: key(eventId), startAt: at + 3_600_000, alerted: true })),
  odds: eventIds.map((eventId) => ({ key: key(eventId), track: { baseline: odds, current: odds } })),
  alerts: eventIds.map(newBets),
  follow: [],
  followUpdates: []
})

const journalMode = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma("journal_mode", { simple: true })
  } finally {
    db.close()
  }
}

describe("SQLite storage", () => {
  it.scoped("creates a new file in WAL mode, owner-only, with the runbook's tables", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "nested", "dir", "monitor.db")
      const { opened, storage } = yield* open(file)
      expect(opened).toEqual({
        file,
        created: true,
        appliedMigrations: ["0001_create_tables", "0002_outbox_kick_off", "0003_followed_picks"],
        backupFile: null
      })
      expect(NodeFs.statSync(file).mode & 0o777).toBe(0o600)
      expect(journalMode(file)).toBe("wal")
      const stats = yield* storage.stats
      expect(stats.journalMode).toBe("wal")
      expect(Object.keys(stats.tables)).toEqual(
        expect.arrayContaining(["seen_bets", "user_status", "latest_odds", "alert_outbox"])
      )
    }))

  it.scoped("sets the connection up for a long-running writer: busy timeout, synchronous NORMAL, foreign keys", () =>
    Effect.gen(function*() {
      const { sql } = yield* openDatabase(NodePath.join(tempDir(), "monitor.db"))
      expect(yield* sql.unsafe("PRAGMA busy_timeout")).toEqual([{ timeout: 10_000 }])
      expect(yield* sql.unsafe("PRAGMA synchronous")).toEqual([{ synchronous: 1 }])
      expect(yield* sql.unsafe("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }])
      expect(yield* sql.unsafe("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }])
    }))

  it.effect("is idempotent on an existing file and makes no backup when nothing is migrated", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "monitor.db")
      yield* Effect.scoped(Effect.flatMap(open(file), ({ storage }) => storage.recordPoll(poll(1000, [1]))))
      const again = yield* Effect.scoped(
        Effect.flatMap(open(file), ({ opened, storage }) => Effect.map(storage.stats, (stats) => ({ opened, stats })))
      )
      expect(again.opened).toEqual({ file, created: false, appliedMigrations: [], backupFile: null })
      expect(again.stats.tables["seen_bets"]).toBe(1)
      expect(NodeFs.existsSync(`${file}.backup`)).toBe(false)
    }))

  it.scoped("migrates a database left by the Python version: backup first, legacy tables kept, seen bets carried over", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "sofascore_monitor.db")
      const legacy = new Database(file)
      legacy.pragma("journal_mode = WAL")
      legacy.exec(`
        CREATE TABLE seen_bets (id TEXT PRIMARY KEY, user_id TEXT, created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE user_status (user_id TEXT PRIMARY KEY, failures INTEGER DEFAULT 0, paused_until TIMESTAMP, last_updated TIMESTAMP);
        CREATE TABLE latest_odds (bet_id TEXT PRIMARY KEY, odds REAL NOT NULL, previous_odds REAL, updated_at INTEGER NOT NULL, alert_sent INTEGER DEFAULT 0) WITHOUT ROWID;
        INSERT INTO seen_bets (id, user_id, created_at) VALUES
          ('13900101_1', '65f1c0a2b3d4e5f60718293a', '2026-01-01 00:00:00'),
          ('880001001', '66a0b1c2d3e4f5061728394b', '2026-01-01 00:00:00'),
          ('13900102_X', '65f1c0a2b3d4e5f60718293a', '2026-01-01 00:00:00');
      `)
      legacy.close()

      const { opened, storage } = yield* open(file)
      expect(opened.backupFile).toBe(`${file}.backup`)
      expect(opened.appliedMigrations).toEqual(["0001_create_tables", "0002_outbox_kick_off", "0003_followed_picks"])
      const backup = new Database(`${file}.backup`, { readonly: true })
      expect(backup.prepare("SELECT count(*) AS n FROM seen_bets").get()).toEqual({ n: 3 })
      backup.close()

      const stats = yield* storage.stats
      expect(stats.tables["legacy_seen_bets"]).toBe(3)
      expect(stats.tables["legacy_user_status"]).toBe(0)
      expect(stats.tables["seen_bets"]).toBe(2)
      const known = yield* storage.knownPredictions("65f1c0a2b3d4e5f60718293a", [13900101, 13900102])
      expect(known.map((k) => `${k.eventId}:${k.pick}`).sort()).toEqual(["13900101:1", "13900102:X"])
    }))

  it.scoped("imports the Python version's alerted bets with the statuses they recorded", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "sofascore_monitor.db")
      const legacy = new Database(file)
      legacy.exec(`
        CREATE TABLE alerted_bets (
          id INTEGER PRIMARY KEY, user_id TEXT, event_id INTEGER, market TEXT, selection TEXT, odds REAL,
          stake REAL, status TEXT, profit REAL, alerted_at TIMESTAMP
        );
        INSERT INTO alerted_bets (user_id, event_id, market, selection, odds, stake, status, profit, alerted_at) VALUES
          ('65f1c0a2b3d4e5f60718293a', 13900101, '1', '1', 1.8, 1, 'WON', 0.8, '2026-01-01 10:00:00'),
          ('65f1c0a2b3d4e5f60718293a', 13900102, NULL, 'X', 3.4, 1, 'LOST', -1, 1767261600),
          ('66a0b1c2d3e4f5061728394b', 13900201, '1', '2', NULL, 1, 'VOID', 0, 1767261600000),
          ('66a0b1c2d3e4f5061728394b', 13900202, '1', 'X', 3.1, 1, 'PENDING', NULL, '2026-01-02T08:00:00Z'),
          ('66a0b1c2d3e4f5061728394b', 13900203, '1', '1', 2.0, 1, 'WHATEVER', NULL, '2026-01-02T08:00:00Z');
      `)
      legacy.close()
      const { opened } = yield* open(file)
      expect(opened.backupFile).toBe(`${file}.backup`)
      const db = new Database(file, { readonly: true })
      expect(
        db.prepare(
          "SELECT user_id, event_id, market, pick, alert_odds, status, profit, alerted_at, source FROM followed_picks ORDER BY event_id"
        ).all()
      ).toEqual([
        {
          user_id: "65f1c0a2b3d4e5f60718293a",
          event_id: 13900101,
          market: "1",
          pick: "1",
          alert_odds: 1.8,
          status: "won",
          profit: 0.8,
          alerted_at: Date.UTC(2026, 0, 1, 10),
          source: "legacy"
        },
        {
          user_id: "65f1c0a2b3d4e5f60718293a",
          event_id: 13900102,
          market: "1",
          pick: "X",
          alert_odds: 3.4,
          status: "lost",
          profit: -1,
          alerted_at: 1767261600000,
          source: "legacy"
        },
        {
          user_id: "66a0b1c2d3e4f5061728394b",
          event_id: 13900201,
          market: "1",
          pick: "2",
          alert_odds: null,
          status: "void",
          profit: 0,
          alerted_at: 1767261600000,
          source: "legacy"
        },
        {
          user_id: "66a0b1c2d3e4f5061728394b",
          event_id: 13900202,
          market: "1",
          pick: "X",
          alert_odds: 3.1,
          status: "pending",
          profit: null,
          alerted_at: Date.UTC(2026, 0, 2, 8),
          source: "legacy"
        }
      ])
      // The old table is kept under its legacy name, as the others are.
      expect(db.prepare("SELECT count(*) AS n FROM legacy_alerted_bets").get()).toEqual({ n: 5 })
      db.close()
    }))

  it.scoped("records a poll in one transaction and reads it back by event", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      expect(yield* storage.knownPredictions(predictor.id, [1, 2])).toEqual([])
      yield* storage.recordPoll(poll(1000, [1, 2], 2.0))
      yield* storage.recordPoll({
        ...poll(2000, [], 0),
        odds: [{ key: key(1), track: { baseline: 2.0, current: 2.1 } }]
      })
      const known = yield* storage.knownPredictions(predictor.id, [1, 2, 3])
      expect(known).toEqual([
        { eventId: 1, market: "1", pick: "1", alerted: true, odds: { baseline: 2.0, current: 2.1 } },
        { eventId: 2, market: "1", pick: "1", alerted: true, odds: { baseline: 2.0, current: 2.0 } }
      ])
      // Another user's rows never leak into this user's answer.
      expect(yield* storage.knownPredictions("66a0b1c2d3e4f5061728394b", [1, 2])).toEqual([])
      const statuses = yield* storage.userStatuses([predictor.id, "nobody"])
      expect(statuses.get(predictor.id)).toMatchObject({
        name: "NorthernLights",
        consecutiveFailures: 0,
        lastSuccessAt: 2000
      })
      expect(statuses.has("nobody")).toBe(false)
    }))

  it.scoped("writes nothing of a poll that fails halfway", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      // An odds row for a prediction that was never seen breaks the foreign key after the seen rows went in.
      const broken: PollRecord = { ...poll(1000, [1]), odds: [{ key: key(99), track: { baseline: 2, current: 2 } }] }
      const result = yield* Effect.exit(storage.recordPoll(broken))
      expect(Exit.isFailure(result)).toBe(true)
      if (Exit.isFailure(result)) expect(JSON.stringify(result.cause)).toContain("StorageError")
      const stats = yield* storage.stats
      expect(stats.tables["seen_bets"]).toBe(0)
      expect(stats.tables["alert_outbox"]).toBe(0)
    }))

  it.scoped("counts failures, pauses after the limit or at once, and clears on success", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      const failure = {
        userId: predictor.id,
        userName: predictor.name,
        error: "ServerError: 503",
        pauseAfter: 3,
        pauseForMs: 1_800_000,
        pauseNow: false
      }
      expect(yield* storage.recordFailure({ ...failure, at: 1 })).toMatchObject({
        consecutiveFailures: 1,
        pausedUntil: null
      })
      expect(yield* storage.recordFailure({ ...failure, at: 2 })).toMatchObject({
        consecutiveFailures: 2,
        pausedUntil: null
      })
      expect(yield* storage.recordFailure({ ...failure, at: 3 })).toMatchObject({
        consecutiveFailures: 0,
        pausedUntil: 1_800_003,
        lastError: "ServerError: 503"
      })
      yield* storage.recordPoll(poll(4, []))
      expect((yield* storage.userStatuses([predictor.id])).get(predictor.id)).toMatchObject({
        consecutiveFailures: 0,
        pausedUntil: null,
        lastError: null
      })
      expect(yield* storage.recordFailure({ ...failure, at: 5, error: "NotFound", pauseNow: true })).toMatchObject({
        pausedUntil: 1_800_005
      })
      const stats = yield* storage.stats
      expect(stats.pausedUsers.map((u) => u.userId)).toEqual([predictor.id])
    }))

  it.scoped("keeps the outbox in order until each alert is delivered or given up", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      yield* storage.recordPoll(poll(1000, [1, 2, 3]))
      const pending = yield* storage.pendingAlerts(10)
      expect(pending.map((e) => alertMatch(e.alert)?.eventId)).toEqual([1, 2, 3])
      expect(pending[0]?.alert).toEqual(newBets(1))
      yield* storage.recordDeliveryAttempt([pending[0]!.id], "Discord 503")
      yield* storage.markDelivered([pending[1]!.id], 2000)
      yield* storage.markFailed(pending[2]!.id, 2000, "Discord 400: Invalid Form Body")
      const left = yield* storage.pendingAlerts(10)
      expect(left.map((e) => [alertMatch(e.alert)?.eventId, e.attempts])).toEqual([[1, 1]])
      expect(yield* storage.pendingAlerts(0)).toEqual([])
      const stats = yield* storage.stats
      expect([stats.pendingAlerts, stats.failedAlerts]).toEqual([1, 1])
    }))

  it.scoped("sets aside an outbox entry it cannot read instead of blocking the queue", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "monitor.db")
      const { storage } = yield* open(file)
      yield* storage.recordPoll(poll(1000, [1, 2]))
      const other = new Database(file)
      other.prepare("UPDATE alert_outbox SET payload = '{\"_tag\":\"Unknown\"}' WHERE event_id = 1").run()
      other.close()
      expect((yield* storage.pendingAlerts(10)).map((e) => alertMatch(e.alert)?.eventId)).toEqual([2])
      expect((yield* storage.stats).failedAlerts).toBe(1)
    }))

  it.scoped("deletes old rows but keeps predictions whose match is still ahead and undelivered alerts", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      const day = 86_400_000
      yield* storage.recordPoll(poll(1 * day, [1, 2]))
      const future: PollRecord = { ...poll(1 * day, []), seen: [{ key: key(3), startAt: 100 * day, alerted: true }] }
      yield* storage.recordPoll(future)
      const [first] = yield* storage.pendingAlerts(1)
      yield* storage.markDelivered([first!.id], 1 * day)
      yield* storage.recordPoll(poll(40 * day, [4]))
      const removed = yield* storage.cleanup(10 * day, 10 * day)
      expect(removed).toEqual({ seenBets: 2, latestOdds: 2, alerts: 1, followedPicks: 0 })
      const stats = yield* storage.stats
      expect(stats.tables["seen_bets"]).toBe(2)
      expect(stats.tables["latest_odds"]).toBe(1)
      expect(stats.pendingAlerts).toBe(2)
    }))

  it.scoped("keeps followed picks for their own period, a pending one however old, and the seen row it needs", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      const day = 86_400_000
      const follow = (eventId: number) => ({
        key: key(eventId),
        alertOdds: 2,
        startAt: 1 * day + 3_600_000,
        source: "alert" as const
      })
      yield* storage.recordPoll({ ...poll(1 * day, [1, 2, 3]), follow: [follow(1), follow(2), follow(3)] })
      // 1 won, 2 void; 3 is still pending.
      yield* storage.recordPoll({
        ...poll(2 * day, []),
        followUpdates: [
          { key: key(1), startAt: 1 * day, closingOdds: null, settled: { status: "won", profit: 1, note: undefined } },
          { key: key(2), startAt: 1 * day, closingOdds: null, settled: { status: "void", profit: 0, note: "canceled" } }
        ]
      })
      // Seen rows go after 30 days; results after 365: at day 100 the results stay, the seen rows
      // go, but not the one a pending followed pick needs.
      const early = yield* storage.cleanup(70 * day, -1)
      expect(early).toMatchObject({ seenBets: 2, followedPicks: 0 })
      expect((yield* storage.knownPredictions(predictor.id, [1, 2, 3])).map((k) => k.eventId)).toEqual([3])
      const late = yield* storage.cleanup(70 * day, 70 * day)
      expect(late).toMatchObject({ followedPicks: 2 })
      const left = yield* storage.followedPicks({ since: null })
      expect(left.map((f) => [f.eventId, f.status])).toEqual([[3, "pending"]])
    }))

  it.scoped("keeps monitor state and reports the last poll", () =>
    Effect.gen(function*() {
      const { storage } = yield* open(NodePath.join(tempDir(), "monitor.db"))
      expect(yield* storage.getState("last_cycle_at")).toBeNull()
      expect((yield* storage.stats).lastPollAt).toBeNull()
      yield* storage.setState("last_cycle_at", "5000")
      yield* storage.setState("last_cycle_at", "6000")
      expect(yield* storage.getState("last_cycle_at")).toBe("6000")
      yield* TestClock.setTime(7000)
      expect((yield* storage.stats).lastPollAt).toBe(6000)
    }))

  it.effect("checkpoints the WAL into the file when the scope closes", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "monitor.db")
      const scope = yield* Scope.make()
      const { storage } = yield* Scope.extend(open(file), scope)
      yield* storage.recordPoll(poll(1000, [1, 2, 3]))
      expect(NodeFs.statSync(`${file}-wal`).size).toBeGreaterThan(0)
      yield* Scope.close(scope, Exit.void)
      const walLeft = NodeFs.existsSync(`${file}-wal`) ? NodeFs.statSync(`${file}-wal`).size : 0
      expect(walLeft).toBe(0)
      const db = new Database(file, { readonly: true })
      expect(db.prepare("SELECT count(*) AS n FROM seen_bets").get()).toEqual({ n: 3 })
      db.close()
    }))

  it.scoped("writes on while another connection holds a read transaction open", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "monitor.db")
      const { storage } = yield* open(file)
      yield* storage.recordPoll(poll(1000, [1]))
      const reader = new Database(file, { readonly: true })
      reader.exec("BEGIN")
      expect(reader.prepare("SELECT count(*) AS n FROM seen_bets").get()).toEqual({ n: 1 })
      yield* storage.recordPoll(poll(2000, [2, 3]))
      // The reader's snapshot is stable while the writer commits; a new read sees the writes.
      expect(reader.prepare("SELECT count(*) AS n FROM seen_bets").get()).toEqual({ n: 1 })
      reader.exec("COMMIT")
      expect(reader.prepare("SELECT count(*) AS n FROM seen_bets").get()).toEqual({ n: 3 })
      reader.close()
    }))

  it.live("waits out another process holding the write lock instead of failing with 'database is locked'", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "monitor.db")
      const { storage } = yield* open(file)
      const holder = NodeChild.spawn(process.execPath, [
        "-e",
        `
        const Database = require("better-sqlite3")
        const db = new Database(${JSON.stringify(file)})
        db.exec("BEGIN IMMEDIATE")
        process.stdout.write("locked\\n")
        setTimeout(() => { db.exec("COMMIT"); db.close() }, 1500)
      `
      ], { cwd: process.cwd(), stdio: ["ignore", "pipe", "inherit"] })
      yield* Effect.async<void>((resume) => {
        holder.stdout.once("data", () => resume(Effect.void))
      })
      yield* storage.recordPoll(poll(1000, [1, 2]))
      expect((yield* storage.stats).tables["seen_bets"]).toBe(2)
      yield* Effect.async<void>((resume) => {
        if (holder.exitCode !== null) resume(Effect.void)
        else holder.once("exit", () => resume(Effect.void))
      })
    }).pipe(Effect.scoped))

  it.effect("names the file when it is not a database", () =>
    Effect.gen(function*() {
      const file = NodePath.join(tempDir(), "corrupt.db")
      NodeFs.writeFileSync(file, "this is not a database, just text that fills the header and more ".repeat(100))
      const error = yield* Effect.flip(Effect.scoped(open(file)))
      expect(error._tag).toBe("StorageError")
      expect(error.message).toContain(file)
      expect(error.message).toMatch(/not a database/)
    }))

  it.effect("names the folder when it cannot be created", () =>
    Effect.gen(function*() {
      const blocker = NodePath.join(tempDir(), "a-file")
      NodeFs.writeFileSync(blocker, "")
      const file = NodePath.join(blocker, "sub", "monitor.db")
      const error = yield* Effect.flip(Effect.scoped(open(file)))
      expect(error.message).toContain(file)
      expect(error.message).toMatch(/ENOTDIR|not a directory/)
    }))
})
