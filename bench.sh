#!/usr/bin/env bash
# Measure the booking engine against its ceilings in one go (the load tool's "all" scenario).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

usage() {
    cat <<'EOF'
Usage: ./bench.sh [--port N] [--fresh] [--use-running] [--max-minutes N] [-- load tool options...]

Runs the whole comparison in one go: starts a private system with ./run.sh (its
PostgreSQL on 127.0.0.1:55432, data in .data/pg; one silo; the Api on
127.0.0.1:PORT), waits for /health/ready, runs

  dotnet run -c Release --project tests/Booking.LoadTest -- all \
      --url http://127.0.0.1:PORT --db "<run.sh's connection string>" --out .data/bench/<timestamp>

(HTTP ceiling, commit ceiling, hot, spread, read, lifecycle, side by side with
their ratios), then stops everything it started. Exit code: the load tool's
(0 all checks passed, 1 a check failed, 2 it could not run); 124 when the time
bound was hit; 3 when the system did not start.

Options:
  --port N         Api port for the private system (default 5080)
  --fresh          drop and re-create the run.sh database ("booking" on
                   127.0.0.1:55432) first: DELETES ALL its data
  --use-running    do not start anything: measure the system ./run.sh is
                   already running (Api on --port; its database on 55432)
  --max-minutes N  time bound for the load tool (default 30); start-up is
                   bounded separately (10 minutes, it includes the build)
  -- ...           passed to the load tool, e.g. -- --requests 1000

It cannot start a second system while ./run.sh runs in this checkout (the
ports are taken): stop it, or pass --use-running. The load tool leaves the
doctors, slots and appointments it created in the database.
Results: .data/bench/<timestamp>/result.md, result.json, throughput.png and,
per scenario, latency-over-time.png and latency-histogram.png. Logs of the
system: .data/logs/; of this script's run.sh: .data/bench/<timestamp>/run.log
EOF
}

die() { printf 'bench.sh: error: %s\n' "$*" >&2; exit "${2:-1}"; }
say() { printf '==> %s\n' "$*"; }

PORT=5080
FRESH=0
USE_RUNNING=0
MAX_MINUTES=30
PG_PORT=${BOOKING_PG_PORT:-55432}
EXTRA=()
while [ $# -gt 0 ]; do
    case $1 in
        --port) [ $# -ge 2 ] || die "--port needs a value"; PORT=$2; shift 2 ;;
        --port=*) PORT=${1#--port=}; shift ;;
        --fresh) FRESH=1; shift ;;
        --use-running) USE_RUNNING=1; shift ;;
        --max-minutes) [ $# -ge 2 ] || die "--max-minutes needs a value"; MAX_MINUTES=$2; shift 2 ;;
        --max-minutes=*) MAX_MINUTES=${1#--max-minutes=}; shift ;;
        -h | --help) usage; exit 0 ;;
        --) shift; EXTRA=("$@"); break ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
case $PORT in '' | *[!0-9]* | 0*) die "--port must be a port number (got '$PORT')" ;; esac
case $MAX_MINUTES in '' | *[!0-9]* | 0*) die "--max-minutes must be a positive whole number (got '$MAX_MINUTES')" ;; esac
if [ "$FRESH" -eq 1 ] && [ "$USE_RUNNING" -eq 1 ]; then die "--fresh and --use-running do not go together"; fi
command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"
command -v curl >/dev/null 2>&1 || die "curl is required"

# shellcheck source=database/local-postgres.sh
source "$ROOT/database/local-postgres.sh"

URL="http://127.0.0.1:$PORT"
DB=$(pg_connection_string "$PG_PORT")
OUT="$ROOT/.data/bench/$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"

RUN_PID=""
stop_system() {
    [ -n "$RUN_PID" ] || return 0
    local pid=$RUN_PID i
    RUN_PID=""
    say "stopping the system (run.sh pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 120; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        printf 'bench.sh: run.sh (pid %s) did not stop within 60 s; killing its process group\n' "$pid" >&2
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}
trap stop_system EXIT
trap 'printf "\n"; exit 130' INT TERM

ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$URL/health/ready" 2>/dev/null)" = 200 ]; }

if [ "$USE_RUNNING" -eq 1 ]; then
    ready || die "nothing answers 200 on $URL/health/ready; start ./run.sh --port $PORT first (or drop --use-running)" 3
    say "measuring the running system at $URL"
else
    if ready; then
        die "something already answers on $URL; stop it, pick another --port, or pass --use-running" 3
    fi
    if [ "$FRESH" -eq 1 ]; then
        pg_ensure_installed
        pg_start "$ROOT/.data/pg" "$PG_PORT"
        say "--fresh: dropping and re-creating database 'booking' on 127.0.0.1:$PG_PORT"
        pg_recreate_database "$PG_PORT"
        # run.sh reuses this running instance and stops it when it stops.
    fi
    say "starting ./run.sh --port $PORT (log ${OUT#"$ROOT"/}/run.log)"
    # Its own session, so that it and its children can be stopped together.
    setsid ./run.sh --port "$PORT" >"$OUT/run.log" 2>&1 </dev/null &
    RUN_PID=$!
    start=$SECONDS
    until ready; do
        if ! kill -0 "$RUN_PID" 2>/dev/null; then
            RUN_PID=""
            tail -n 30 "$OUT/run.log" >&2 || true
            die "run.sh exited during start-up (see above; is ./run.sh already running here?)" 3
        fi
        if ((SECONDS - start >= 600)); then
            tail -n 30 "$OUT/run.log" >&2 || true
            die "the system did not become ready within 10 minutes" 3
        fi
        sleep 1
    done
    say "the system is ready after $((SECONDS - start)) s"
fi

# The load tool signs in as the dev admin and skips the rate limits with the keys run.sh made.
AUTH_ENV="$ROOT/.data/auth.env"
[ -f "$AUTH_ENV" ] || die "$AUTH_ENV not found: the system was not started by ./run.sh in this checkout" 3
# shellcheck source=/dev/null
source "$AUTH_ENV"
export BOOKING_ADMIN_PASSWORD="${Auth__AdminPassword:-$BOOKING_DEV_ADMIN_PASSWORD}"
export BOOKING_RATELIMIT_EXEMPT_KEY="${RateLimit__ExemptKey:-$BOOKING_DEV_RATELIMIT_EXEMPT_KEY}"

say "running the comparison (bounded to $MAX_MINUTES minutes); results in ${OUT#"$ROOT"/}"
rc=0
timeout -k 30 "$((MAX_MINUTES * 60))" \
    dotnet run -c Release --project tests/Booking.LoadTest -- all --url "$URL" --db "$DB" --out "$OUT" "${EXTRA[@]}" || rc=$?
if [ "$rc" -eq 124 ]; then
    printf 'bench.sh: the load tool did not finish within %s minutes\n' "$MAX_MINUTES" >&2
fi
stop_system
[ ! -f "$OUT/result.md" ] || say "results: ${OUT#"$ROOT"/}/result.md"
exit "$rc"
