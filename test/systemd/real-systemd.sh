#!/usr/bin/env bash
# The service under a real systemd: boots Debian bookworm with systemd 252 in systemd-nspawn, installs
# the built project and the fake Sofascore and Discord servers into it, runs `install-service`, and
# checks what the operators' runbook checks. Needs root; skips (saying so, not passing) only where
# systemd-nspawn cannot run. Cleans up after itself, also on failure.
set -euo pipefail

PROJECT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${SYSTEMD_TEST_WORK:-${TMPDIR:-/tmp}/sofascore-systemd-test}
ROOT=$WORK/root
CGNAME=sofascore-systemd-test
CONTROLLERS="memory cpu cpuacct pids blkio systemd unified"
APP=/home/app/sofascore-monitor
T0=$EPOCHREALTIME
step() { printf '[%6.1fs] %s\n' "$(awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN{print b-a}')" "$*"; }
skip() { echo "SKIPPED (not passed): $*"; exit 0; }
fail() { echo "FAIL: $*"; [ -n "${CT:-}" ] && { ct journalctl -u sofascore-monitor --no-pager -n 60 -o short-monotonic || true; }; exit 1; }

[ "$(id -u)" = 0 ] || skip "the test under a real systemd needs root (to boot a container)"
if ! command -v systemd-nspawn >/dev/null || ! command -v debootstrap >/dev/null; then
  step "installing systemd-container and debootstrap"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq systemd-container debootstrap >/dev/null; } \
    || skip "systemd-nspawn cannot be installed here"
fi
[ -f "$PROJECT/dist/main.js" ] || node "$PROJECT/scripts/build.mjs"

# ---- a minimal bookworm with systemd (kept between runs in $WORK) ----
mkdir -p "$WORK"
if [ ! -x "$ROOT/lib/systemd/systemd" ]; then
  step "debootstrap bookworm (about a minute)"
  rm -rf "$ROOT"
  debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,libpam-systemd,procps \
    bookworm "$ROOT" http://deb.debian.org/debian > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; skip "debootstrap failed: no Debian mirror reachable"; }
  rm -f "$ROOT"/var/cache/apt/archives/*.deb
fi

# ---- payload: the built project, the fakes, a user ----
step "installing the project into the container"
chroot "$ROOT" id app >/dev/null 2>&1 || chroot "$ROOT" useradd --create-home --shell /bin/bash app
rm -rf "$ROOT$APP" "$ROOT/opt/fakes" "$ROOT/opt/fixtures" "$ROOT/var/lib/fakes"
mkdir -p "$ROOT$APP/node_modules" "$ROOT/opt/fakes" "$ROOT/var/lib/fakes"
cp -a "$PROJECT/dist" "$PROJECT/systemd" "$PROJECT/package.json" "$PROJECT/README.md" "$ROOT$APP/"
for m in better-sqlite3 bindings file-uri-to-path impit impit-linux-x64-gnu; do
  [ -d "$PROJECT/node_modules/$m" ] && cp -a "$PROJECT/node_modules/$m" "$ROOT$APP/node_modules/"
done

node -e '
  require("esbuild").buildSync({ entryPoints: [process.argv[1]], outfile: process.argv[2], bundle: true, platform: "node", format: "esm", logLevel: "warning" })
' "$PROJECT/test/systemd/fakes.ts" "$ROOT/opt/fakes/fakes.mjs"
cat > "$ROOT$APP/.env" <<ENV
SOFASCORE_BASE_URL=http://127.0.0.1:18080/api/v1
DISCORD_WEBHOOK_URL=http://127.0.0.1:18081/api/webhooks/123456/secret-token
HTTP_TIMEOUT_SECONDS=5
FIRST_POLL=alerts
ENV
chroot "$ROOT" chown -R app:app "$APP"
touch "$ROOT/usr/bin/node"
# nspawn mounts the cgroup v1 controllers read-only; systemd inside needs them writable to enforce limits.
cat > "$ROOT/usr/local/sbin/cg-rw-init" <<'SH'
#!/bin/sh
for c in memory cpu cpuacct pids blkio; do [ -d /sys/fs/cgroup/$c ] && mount -o remount,bind,rw /sys/fs/cgroup/$c; done
exec /lib/systemd/systemd "$@"
SH
chmod +x "$ROOT/usr/local/sbin/cg-rw-init"
rm -rf "$ROOT"/var/log/journal/* "$ROOT/etc/systemd/system/sofascore-monitor.service" "$ROOT/etc/systemd/logind.conf.d"

# ---- boot ----
cg_cleanup() {
  for c in $CONTROLLERS; do
    local base; base=$(awk -F: -v c="$c" '($2==c || $2=="name="c || (c=="unified" && $1=="0")){print $3}' /proc/self/cgroup | head -1)
    local d=/sys/fs/cgroup/$c${base%/}/$CGNAME
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}
NSPAWN_PID=
CT=
cleanup() {
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    kill -TERM "$NSPAWN_PID"
    for _ in $(seq 1 80); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$NSPAWN_PID" 2>/dev/null && kill -KILL "$NSPAWN_PID"
    sleep 0.5
  fi
  cg_cleanup
  rm -rf "$ROOT$APP" "$ROOT/opt/fakes"
}
trap cleanup EXIT
cg_cleanup
step "booting systemd in the container"
setsid bash -c '
  for c in '"$CONTROLLERS"'; do
    base=$(awk -F: -v c="$c" '"'"'($2==c || $2=="name="c || (c=="unified" && $1=="0")){print $3}'"'"' /proc/self/cgroup | head -1)
    d=/sys/fs/cgroup/$c${base%/}/'"$CGNAME"'; mkdir -p "$d"; echo $$ > "$d/cgroup.procs"
  done
  exec systemd-nspawn -D "$1" --register=no --keep-unit --console=read-only --private-network \
       --kill-signal=SIGRTMIN+3 --bind-ro=/usr/bin/node /usr/local/sbin/cg-rw-init' _ "$ROOT" > "$WORK/boot.log" 2>&1 &
NSPAWN_PID=$!
st=
for _ in $(seq 1 240); do
  CT=$(pgrep -P "$NSPAWN_PID" -x systemd || true)
  if [ -n "$CT" ]; then st=$(nsenter -t "$CT" -a systemctl is-system-running 2>/dev/null || true)
    [[ $st == running || $st == degraded ]] && break; fi
  sleep 0.25
done
[[ $st == running || $st == degraded ]] || { cat "$WORK/boot.log"; skip "systemd-nspawn could not boot a container here"; }
ct() { nsenter -t "$CT" -a "$@"; }
show() { ct systemctl show sofascore-monitor -p "$1" --value; }
journal() { ct journalctl -u sofascore-monitor --no-pager -o cat; }
wait_for() { # pattern, seconds
  for _ in $(seq 1 $(( $2 * 4 ))); do journal | grep -q "$1" && return 0; sleep 0.25; done
  fail "no \"$1\" in the journal within $2 s"
}
step "container up (systemd $st)"

# ---- install ----
ct systemd-run --unit=fakes --quiet /usr/bin/node /opt/fakes/fakes.mjs
for _ in $(seq 1 40); do [ -s "$ROOT/var/lib/fakes/stats.json" ] && break; sleep 0.25; done
ct sh -c "cd $APP && node dist/main.js install-service --user app --lid-switch" || fail "install-service failed"
[ "$(show ActiveState)" = active ] || fail "service not active after install"
[ "$(show SubState)" = running ] || fail "service not running after install"
step "install-service: active (running)"

wait_for "Starting Async Monitor" 20
wait_for "Discovered 10 users meeting criteria" 30
wait_for "Next poll in" 60
journal | grep -q '^<' && fail "journald shows raw priority prefixes"
ct journalctl -u sofascore-monitor -p info --no-pager -o cat | grep -q "Next poll in" || fail "log priorities not applied"
step "journal: Starting Async Monitor, Discovered, Next poll in"

[ "$(show MemoryMax)" = 419430400 ] || fail "MemoryMax=$(show MemoryMax)"
[ "$(show MemoryHigh)" = 367001600 ] || fail "MemoryHigh=$(show MemoryHigh)"
[ "$(show CPUQuotaPerSecUSec)" = 400ms ] || fail "CPUQuota=$(show CPUQuotaPerSecUSec)"
[ "$(show TasksMax)" = 50 ] || fail "TasksMax=$(show TasksMax)"
mem=$(show MemoryCurrent)
[ "$mem" != "[not set]" ] && [ "$mem" -lt 367001600 ] || fail "MemoryCurrent=$mem"
step "limits read back; MemoryCurrent $((mem / 1024 / 1024)) MB, TasksCurrent $(show TasksCurrent)"

alerts=0
for _ in $(seq 1 40); do  # the fakes write their stats file twice a second
  alerts=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).discordAlerts)' "$ROOT/var/lib/fakes/stats.json")
  [ "$alerts" = 8 ] && break; sleep 0.25
done
[ "$alerts" = 8 ] || fail "the fake Discord received $alerts alerts, expected 8"
step "fake Discord received $alerts alerts"

pid=$(show MainPID)
ct nsenter -t "$pid" -m -- sh -c "touch $APP/outside-data 2>/dev/null" && fail "the service could write outside data/"
ct nsenter -t "$pid" -m -- sh -c "touch /etc/outside 2>/dev/null" && fail "the service could write to /etc"
ct nsenter -t "$pid" -m -- sh -c "touch $APP/data/inside && rm $APP/data/inside" || fail "the service cannot write to data/"
step "sandbox: data/ writable, the project and /etc read-only"

ct sh -c "cd $APP && node dist/main.js doctor" > "$WORK/doctor.txt" 2>&1 || { cat "$WORK/doctor.txt"; fail "doctor failed"; }
cat "$WORK/doctor.txt"
step "doctor: all checks passed"

started=$EPOCHREALTIME
ct systemctl stop sofascore-monitor
took=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.1f", b-a}')
[ "$(show Result)" = success ] && [ "$(show ExecMainStatus)" = 0 ] || fail "stop: Result=$(show Result) ExecMainStatus=$(show ExecMainStatus)"
awk -v t="$took" 'BEGIN{exit !(t < 20)}' || fail "stop took $took s"
integrity=$(ct sh -c "cd $APP && node -e 'const D=require(\"better-sqlite3\"); const d=new D(\"data/sofascore_monitor.db\",{readonly:true}); console.log(d.pragma(\"integrity_check\",{simple:true}))'")
[ "$integrity" = ok ] || fail "integrity_check: $integrity"
[ ! -s "$ROOT$APP/data/sofascore_monitor.db-wal" ] || fail "WAL content left after a clean stop"
step "systemctl stop: status 0 in $took s, integrity_check ok, no WAL left"

ct systemctl start sofascore-monitor
wait_for "Next poll in" 60
before=$(show NRestarts)
ct systemctl kill -s SIGKILL sofascore-monitor
killed=$EPOCHREALTIME
for _ in $(seq 1 300); do [ "$(show NRestarts)" -gt "$before" ] && [ "$(show ActiveState)" = active ] && break; sleep 0.25; done
gap=$(awk -v a="$killed" -v b="$EPOCHREALTIME" 'BEGIN{printf "%.0f", b-a}')
[ "$(show NRestarts)" -gt "$before" ] || fail "no restart after SIGKILL"
[ "$gap" -ge 59 ] || fail "restarted after $gap s, before RestartSec=60"
step "SIGKILL: restarted after $gap s (RestartSec=60)"

cp "$ROOT$APP/.env" "$WORK/env.good"
echo "MIN_ROI=abc" >> "$ROOT$APP/.env"
ct systemctl restart sofascore-monitor || true
for _ in $(seq 1 40); do [ "$(show ActiveState)" = failed ] && break; sleep 0.25; done
sleep 3
[ "$(show ActiveState)" = failed ] && [ "$(show ExecMainStatus)" = 78 ] || fail "bad .env: ActiveState=$(show ActiveState) ExecMainStatus=$(show ExecMainStatus)"
# With a restart coming, the unit would sit in "auto-restart" with a job queued; a failed unit with no job will not restart.
[ "$(show SubState)" = failed ] || fail "bad .env: SubState=$(show SubState)"
[ -z "$(ct systemctl list-jobs --no-legend sofascore-monitor.service)" ] || fail "bad .env: a restart is queued"
journal | grep -q 'config error: MIN_ROI: expected a number, got "abc"' || fail "bad .env: the key is not named in the journal"
step "bad .env: exit 78, no restart loop, the key named"

cp "$WORK/env.good" "$ROOT$APP/.env"
ct systemctl reset-failed sofascore-monitor
ct sh -c "cd $APP && node dist/main.js uninstall-service" || fail "uninstall-service failed"
[ ! -e "$ROOT/etc/systemd/system/sofascore-monitor.service" ] && [ ! -e "$ROOT/etc/systemd/logind.conf.d/sofascore-monitor-lid-switch.conf" ] \
  || fail "uninstall-service left files behind"
step "uninstall-service: unit and lid drop-in removed"
echo "ALL CHECKS PASSED"
