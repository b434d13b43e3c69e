# Shared helpers of the bench scripts in deploy/bench: the local stack's test lock, CPU of a process, of a
# process tree and of the machine (from /proc), the app's heap after a forced GC, the app's metrics, sipp's
# statistics CSV and percentiles. Source it: `. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`.
# It reads STATE (the local stack's state directory) and APP_URL, and sets them if unset.

STATE=${STATE:-${CALLBRIDGE_STATE:-/var/lib/callbridge-local}}
LOCK=${LOCK:-$STATE/test.lock}
APP_URL=${APP_URL:-http://127.0.0.1:8080}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}

# ---------------------------------------------------------------- the stack's test lock
# `deploy/local/stack test` holds $LOCK (flock) for a whole test run; a bench holds it while it measures,
# so that test runs and measurements do not share the CPU. The usual form: re-enter the script under
# `flock -w SECONDS "$LOCK" "$0" __something …`, and call lock_fds_close first thing in there.

# flock(1) hands its locked descriptor to the command it runs, and every process started from there would
# inherit it: an app started by `stack up` would then hold the test lock for as long as it runs.
lock_fds_close() {
  local fd
  for fd in /proc/$$/fd/*; do
    [ "$(readlink "$fd")" = "$LOCK" ] && eval "exec ${fd##*/}>&-"
  done
  return 0
}

# The processes that have $LOCK open, one per line (to say who holds it when waiting timed out).
lock_holders() {
  local p
  for p in /proc/[0-9]*; do
    ls -l "$p/fd" 2>/dev/null | grep -q " $LOCK\$" && echo "  ${p#/proc/} $(tr '\0' ' ' <"$p/cmdline" | cut -c1-120)"
  done
  return 0
}

# ---------------------------------------------------------------- CPU from /proc

# CPU ticks (1/100 s, utime + stime) of one process, its threads included; 0 if it is gone.
ticks() { [ -r "/proc/$1/stat" ] && awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat" || echo 0; }

# CPU ticks of a process and all its descendants (Kamailio forks its workers).
tree_ticks() {
  local pid=$1 total=0 p
  [ "${pid:-0}" -gt 1 ] || { echo 0; return; }
  for p in $(descendants "$pid"); do
    [ -r "/proc/$p/stat" ] || continue
    total=$((total + $(awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}
descendants() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do descendants "$c"; done; }

# CPU ticks of one process's threads, one "TID NAME USER SYSTEM" line each (ticks); in names, digits are folded
# to N ("ForkJoinPool-N-", "vert.x-eventloo": the kernel cuts names at 15 characters) but in the JVM's "C1 …",
# "C2 CompilerThre" and "G1 …", and spaces become _.
thread_ticks() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{
    name = $0; sub(/^[0-9]+ \(/, "", name); sub(/\) [^)]*$/, "", name)
    if (name !~ /^(C1|C2|G1) /) gsub(/[0-9]+/, "N", name); gsub(/ /, "_", name)
    rest = $0; sub(/.*\) /, "", rest); split(rest, f, " "); print $1, name, f[12], f[13] }' || true
}

# The change between two thread_ticks files, thread by thread (a thread that ended between the readings
# counts for nothing, one that started counts whole), summed by name: ms over the load, ms per UNIT (a call,
# a call-second) and the kernel's share, largest first: thread_delta BEFORE AFTER UNITS.
thread_delta() {
  awk -v units="$3" 'NR == FNR { u0[$1] = $3; s0[$1] = $4; next }
    { u[$2] += ($3 - u0[$1]) * 10; k[$2] += ($4 - s0[$1]) * 10 }
    END { for (n in u) { d = u[n] + k[n]
      if (d > 0) printf "%-20s %8d ms %8.2f  kernel %3d %%\n", n, d, (units > 0 ? d / units : 0), 100 * k[n] / d } }' "$1" "$2" \
    | sort -k2,2nr
}

# Busy and total ticks of the whole machine, all cores: "BUSY TOTAL".
machine_ticks() { awk '/^cpu / { print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8 }' /proc/stat; }

# The machine's busy share in % between two machine_ticks readings: busy_pct "$m0" "$m1".
busy_pct() {
  local b0 t0 b1 t1; read -r b0 t0 <<<"$1"; read -r b1 t1 <<<"$2"
  [ $((t1 - t0)) -gt 0 ] && echo $(( 100 * (b1 - b0) / (t1 - t0) )) || echo "?"
}

# ---------------------------------------------------------------- the app

# The app's heap in use, in KB, after a full GC (jcmd GC.run, then GC.heap_info).
heap_after_gc_kb() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$1" GC.heap_info | sed -n 's/.*heap.* used \([0-9]*\)K.*/\1/p' | head -1
}

# One unlabelled metric of the app's Prometheus endpoint, as an integer; empty if absent.
metric() { curl -sf -m 5 "$APP_URL/q/metrics" | awk -v m="$1" '$1 == m { print int($2) }' || true; }

# A metric summed over all its label sets (`name{…} v` and `name v`); empty if the app does not have it.
metric_sum() {
  curl -sf -m 5 "$APP_URL/q/metrics" \
    | awk -v m="$1" '{ n = $1; sub(/\{.*/, "", n) } n == m { s += $NF; seen = 1 } END { if (seen) printf "%.0f\n", s }' || true
}

# ---------------------------------------------------------------- Kamailio

# The benches' callers come from 127.0.0.1, which is no trunk, user or trusted peer: Kamailio lets them in
# only under the open inbound policy (kamailio/trunks.cfg: edge_flags inbound_open = 1), which the stack's app
# writes into the database Kamailio reads. After a Kamailio restart that database may be a test run's, without
# the row, and an app started with the default policy writes 0: inbound_open writes 1 into the database
# Kamailio reads now and has Kamailio load it. Returns non-zero when either step failed.
inbound_open() {
  local db; db=$(cat "$STATE/run/kamailio.db" 2>/dev/null || echo callbridge)
  runuser -u postgres -- psql -d "$db" -qtA -v ON_ERROR_STOP=1 -c "insert into kamailio.edge_flags (key_name, key_type,
    value_type, key_value) values ('inbound_open', 0, 1, '1') on conflict (key_name) do update set key_value = '1'" >/dev/null \
    && curl -sf -m 5 -d '{"jsonrpc":"2.0","method":"htable.reload","params":["edge_flags"],"id":1}' http://127.0.0.1:5066/RPC >/dev/null
}

# ---------------------------------------------------------------- sipp

# The last value of a column of sipp's statistics CSV (-trace_stat -stf FILE), by the column's name:
# sipp_stat FILE 'SuccessfulCall(C)'; "?" if the file or the column is missing.
sipp_stat() {
  [ -r "$1" ] || { echo "?"; return; }
  awk -F';' -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i } END { print (c && NR > 1 ? $c : "?") }' \
    "$1"
}

# ---------------------------------------------------------------- numbers

# Percentile (nearest rank) of the numbers on stdin: pct P ("-" when there are none).
pct() { sort -g | awk -v p="$1" '{ v[NR] = $1 } END { if (NR == 0) { print "-"; exit } i = int(p / 100 * NR + 0.999999); if (i < 1) i = 1; print v[i] }'; }
ms() { awk '{ printf "%.1f\n", $1 * 1000 }'; } # seconds to ms
