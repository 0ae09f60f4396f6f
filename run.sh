#!/usr/bin/env bash
# shellcheck disable=SC2317 # cleanup/on_signal/stop_pids are invoked from traps
# Run the booking engine locally: private PostgreSQL, N Orleans silos, the Api.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

usage() {
    cat <<'EOF'
Usage: ./run.sh [--port N] [--demo] [--silos N] [--no-build] [--help]
       ./run.sh --join

Builds the solution (Release), starts a private PostgreSQL instance
(127.0.0.1:55432, data in .data/pg), N silos and the Api, waits until the Api
is ready, prints its URLs and runs until Ctrl-C (then stops everything).

While it runs it supervises the silos: a silo that exits on its own with a
non-zero code (crash, SIGKILL, out of memory, voted dead by the cluster) is
started again on the same ports after a short backoff (1, 2, 4, 8 s), one log
line per restart, while the others and the Api keep serving. A silo that
crashes 5 times within 60 s is given up on (the rest keep running). A silo
drained with SIGTERM (exit code 0) stays stopped. If the Api exits, or no silo
is left (silos added with --join count), everything stops.

Options:
  --port N    Api port on 127.0.0.1 (default 5080; overrides ASPNETCORE_URLS)
  --silos N   number of silo processes (default 1); silo i uses silo port
              11111+i and gateway port 30000+i (bases: $BOOKING_SILO_PORT_BASE,
              $BOOKING_GATEWAY_PORT_BASE); its /metrics and /health/* on
              port 8100+i ($BOOKING_SILO_HTTP_PORT_BASE)
  --no-build  use the existing Release build (web app and solution) as it is
  --demo      after start-up, create 3 demo doctors working every day
              09:00-17:00 in 30-minute slots, through the API (the load
              tool's seed-demo command; doctors already there are kept)
  --join      start ONE more silo in the foreground that joins the cluster a
              running ./run.sh started (same database, first free port pair
              from the bases); Ctrl-C or SIGTERM drains and stops it, and so
              does stopping the ./run.sh whose cluster it joined. Needs a
              build (run ./run.sh first). The Api finds it through the
              membership table within seconds.
  --help      show this help

Environment:
  ConnectionStrings__Booking  database to use; when set, no private instance
                              is started (default: the private instance)
  BOOKING_PG_PORT             port of the private instance (default 55432)
  BOOKING_LOG_DIR             folder of the processes' logs (default .data/logs)
  ASPNETCORE_URLS             Api listen URL(s) when --port is not given
  Auth__SigningKey, Auth__AdminPassword, RateLimit__ExemptKey
                              override the development secrets that run.sh
                              generates into .data/auth.env on first start
  BOOKING_MAIL_SMTP_PORT, BOOKING_MAIL_UI_PORT
                              ports of the local mail catcher (smtp4dev) that
                              receives every e-mail the silos send (default
                              2525 and 5081); BOOKING_MAIL_CATCHER=0 starts
                              none (a Notifications__Smtp__Host of your own
                              also skips it)
  anything else (e.g. Booking__HoldDuration) is passed through to the processes

Logs: .data/logs/silo-<i>.log (a restarted silo appends), .data/logs/api.log,
      .data/logs/mail.log, .data/pg.log
Secrets: .data/auth.env (development only; git-ignored, mode 600)
EOF
}

PG_PORT=${BOOKING_PG_PORT:-55432}
SILO_PORT_BASE=${BOOKING_SILO_PORT_BASE:-11111}
GATEWAY_PORT_BASE=${BOOKING_GATEWAY_PORT_BASE:-30000}
SILO_HTTP_PORT_BASE=${BOOKING_SILO_HTTP_PORT_BASE:-8100}
PG_DATA="$ROOT/.data/pg"
LOG_DIR=${BOOKING_LOG_DIR:-$ROOT/.data/logs}
MAIL_SMTP_PORT=${BOOKING_MAIL_SMTP_PORT:-2525}
MAIL_UI_PORT=${BOOKING_MAIL_UI_PORT:-5081}
# The mail catcher runs unless turned off or the silos are given an SMTP server of their own.
MAIL_CATCHER=${BOOKING_MAIL_CATCHER:-1}
if [ -n "${Notifications__Smtp__Host:-}" ]; then MAIL_CATCHER=0; fi
SMTP4DEV_VERSION=3.15.0
SMTP4DEV_DIR="$ROOT/.data/tools/smtp4dev"
API_PORT=""
SILOS=1
DEMO=0
JOIN=0
BUILD=1
# A silo that crashes RESTART_LIMIT times within RESTART_WINDOW seconds is given up on.
RESTART_LIMIT=5
RESTART_WINDOW=60

die() { printf 'run.sh: error: %s\n' "$*" >&2; exit 1; }
say() { printf '==> %s\n' "$*"; }

while [ $# -gt 0 ]; do
    case $1 in
        --port) [ $# -ge 2 ] || die "--port needs a value"; API_PORT=$2; shift 2 ;;
        --port=*) API_PORT=${1#--port=}; shift ;;
        --silos) [ $# -ge 2 ] || die "--silos needs a value"; SILOS=$2; shift 2 ;;
        --silos=*) SILOS=${1#--silos=}; shift ;;
        --demo) DEMO=1; shift ;;
        --no-build) BUILD=0; shift ;;
        --join) JOIN=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument: $1" ;;
    esac
done
case $SILOS in '' | *[!0-9]* | 0*) die "--silos must be a positive integer (got '$SILOS')" ;; esac
if [ -n "$API_PORT" ]; then
    case $API_PORT in '' | *[!0-9]* | 0*) die "--port must be a port number (got '$API_PORT')" ;; esac
    [ "$API_PORT" -le 65535 ] || die "--port must be <= 65535"
fi

command -v dotnet >/dev/null 2>&1 || die "dotnet (the .NET 10 SDK) is not on PATH"
command -v curl >/dev/null 2>&1 || die "curl is required (apt-get install -y curl)"

# shellcheck source=database/local-postgres.sh
source "$ROOT/database/local-postgres.sh"

SOLUTION=Booking.sln
[ -f "$SOLUTION" ] || { [ -f Booking.slnx ] && SOLUTION=Booking.slnx; } || die "Booking.sln not found in $ROOT"
SILO_DIR="$ROOT/Silo/bin/Release/net10.0"
API_DIR="$ROOT/Api/bin/Release/net10.0"

# A silo added with --join leaves its pid in JOINED_DIR, under the key of its cluster and database, so that the
# ./run.sh running that cluster stops it too, before it stops the database the silo needs.
JOINED_DIR="$ROOT/.data/run"
JOINED_KEY="$(printf '%s' "${Orleans__ClusterId:-booking}" | tr -c 'A-Za-z0-9._-' '_')-$(
    printf '%s' "${ConnectionStrings__Booking:-$(pg_connection_string "$PG_PORT")}" | cksum | cut -d' ' -f1)"

# ---------------------------------------------------------------- --join
if [ "$JOIN" -eq 1 ]; then
    [ -f "$SILO_DIR/Booking.Silo.dll" ] || die "$SILO_DIR/Booking.Silo.dll not found: start the cluster with ./run.sh first"
    for ((i = 0; i < 100; i++)); do
        if ! local_port_in_use $((SILO_PORT_BASE + i)) && ! local_port_in_use $((GATEWAY_PORT_BASE + i)) &&
            ! local_port_in_use $((SILO_HTTP_PORT_BASE + i)); then break; fi
    done
    [ "$i" -lt 100 ] || die "no free silo/gateway/HTTP port triple in the first 100 from $SILO_PORT_BASE/$GATEWAY_PORT_BASE/$SILO_HTTP_PORT_BASE"
    say "joining silo (silo port $((SILO_PORT_BASE + i)), gateway port $((GATEWAY_PORT_BASE + i)), HTTP port $((SILO_HTTP_PORT_BASE + i))); Ctrl-C or SIGTERM (kill -TERM $$) drains it"
    # The links a silo mails are signed with the cluster's key; its mail goes to the running catcher, if any.
    if [ -z "${Auth__SigningKey:-}" ] && [ -f "$ROOT/.data/auth.env" ]; then
        # shellcheck source=/dev/null
        source "$ROOT/.data/auth.env"
        export Auth__SigningKey="$BOOKING_DEV_SIGNING_KEY"
    fi
    if [ "$MAIL_CATCHER" -eq 1 ] && local_port_in_use "$MAIL_SMTP_PORT"; then
        export Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$MAIL_SMTP_PORT" Notifications__Smtp__Security=None
    fi
    mkdir -p "$JOINED_DIR"
    printf '%s\n' "$$" >"$JOINED_DIR/$JOINED_KEY.joined.$$" # exec keeps the pid: it is the silo's
    cd "$SILO_DIR"
    unset ASPNETCORE_URLS
    ConnectionStrings__Booking="${ConnectionStrings__Booking:-$(pg_connection_string "$PG_PORT")}" \
        Orleans__SiloPort=$((SILO_PORT_BASE + i)) Orleans__GatewayPort=$((GATEWAY_PORT_BASE + i)) \
        Silo__HttpPort=$((SILO_HTTP_PORT_BASE + i)) exec dotnet Booking.Silo.dll
fi

# ---------------------------------------------------------------- lifecycle
SILO_PIDS=()    # by silo index; "" once the silo is stopped for good (drained, or given up on)
SILO_CRASHES=() # by silo index; the times ($SECONDS) of its recent crashes, space-separated
JOINED_ONLY=0   # 1 once every silo of this run.sh has stopped while silos added with --join still run
API_PID=""
MAIL_PID=""
PG_STARTED=0
CLEANED=0

# stop_pids PID...: SIGTERM, wait up to 15 s, then SIGKILL.
stop_pids() {
    local pid alive i
    [ $# -gt 0 ] || return 0
    for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 30; i++)); do
        alive=0
        for pid in "$@"; do
            if kill -0 "$pid" 2>/dev/null; then alive=1; fi
        done
        [ "$alive" -eq 1 ] || break
        sleep 0.5
    done
    for pid in "$@"; do
        if kill -0 "$pid" 2>/dev/null; then
            printf 'run.sh: pid %s did not stop within 15 s; killing it\n' "$pid" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    for pid in "$@"; do wait "$pid" 2>/dev/null || true; done
}

cleanup() {
    [ "$CLEANED" -eq 0 ] || return 0
    CLEANED=1
    set +e
    trap '' INT TERM
    if [ -n "$API_PID" ]; then
        say "stopping Api"
        stop_pids "$API_PID"
    fi
    live_silos
    joined_silos
    if [ ${#JOINED[@]} -gt 0 ] && [ ${#LIVE[@]} -gt 0 ]; then
        say "stopping ${#LIVE[@]} silo(s) and ${#JOINED[@]} added with --join"
    elif [ ${#JOINED[@]} -gt 0 ]; then
        say "stopping ${#JOINED[@]} silo(s) added with --join"
    elif [ ${#LIVE[@]} -gt 0 ]; then
        say "stopping ${#LIVE[@]} silo(s)"
    fi
    stop_pids "${LIVE[@]}" "${JOINED[@]}"
    joined_silos # removes the stopped ones' pid files
    if [ -n "$MAIL_PID" ]; then
        say "stopping the mail catcher"
        stop_pids "$MAIL_PID"
    fi
    if [ "$PG_STARTED" -eq 1 ]; then
        say "stopping PostgreSQL"
        pg_stop "$PG_DATA"
    fi
}
# live_silos: sets LIVE to the pids of the silos still running (or being restarted).
live_silos() {
    local pid
    LIVE=()
    for pid in "${SILO_PIDS[@]}"; do
        if [ -n "$pid" ]; then LIVE+=("$pid"); fi
    done
}
# joined_silos: sets JOINED to the pids of the silos that ./run.sh --join added to this cluster and that still run
# (the pid file of one that is gone, or whose pid is no silo any more, is removed).
joined_silos() {
    local file pid
    JOINED=()
    for file in "$JOINED_DIR/$JOINED_KEY".joined.*; do
        [ -f "$file" ] || continue
        pid=${file##*.}
        if grep -qa 'Booking.Silo.dll' "/proc/$pid/cmdline" 2>/dev/null; then JOINED+=("$pid"); else rm -f -- "$file"; fi
    done
}
on_signal() {
    printf '\n'
    cleanup
    exit 0
}
trap cleanup EXIT
trap on_signal INT TERM

show_tail() { # show_tail FILE
    printf -- '----- last lines of %s -----\n' "$1" >&2
    tail -n 40 -- "$1" >&2 || true
    printf -- '-----\n' >&2
}

# ---------------------------------------------------------------- ports
check_port_free() { # check_port_free PORT WHAT
    if local_port_in_use "$1"; then
        printf 'run.sh: error: port %s (%s) on 127.0.0.1 is already in use:\n' "$1" "$2" >&2
        _pg_port_owner "$1"
        exit 1
    fi
}

if [ -n "$API_PORT" ]; then
    ASPNETCORE_URLS="http://127.0.0.1:$API_PORT"
elif [ -z "${ASPNETCORE_URLS:-}" ]; then
    ASPNETCORE_URLS="http://127.0.0.1:5080"
fi
export ASPNETCORE_URLS
# Base URL to talk to: the first listen URL, with wildcard hosts made concrete.
BASE_URL=${ASPNETCORE_URLS%%;*}
BASE_URL=${BASE_URL%/}
BASE_URL=$(printf '%s' "$BASE_URL" | sed -E 's#^(https?)://(\*|\+|0\.0\.0\.0|\[::\])(:|$)#\1://127.0.0.1\3#')
api_port_only=$(printf '%s' "$BASE_URL" | sed -nE 's#^https?://[^/]*:([0-9]+)$#\1#p')

# Fail fast if a port we need is taken.
for ((i = 0; i < SILOS; i++)); do
    check_port_free $((SILO_PORT_BASE + i)) "silo $i silo port"
    check_port_free $((GATEWAY_PORT_BASE + i)) "silo $i gateway port"
    check_port_free $((SILO_HTTP_PORT_BASE + i)) "silo $i HTTP port"
done
if [ -n "$api_port_only" ]; then check_port_free "$api_port_only" "Api"; fi
if [ "$MAIL_CATCHER" -eq 1 ]; then
    check_port_free "$MAIL_SMTP_PORT" "mail catcher SMTP (BOOKING_MAIL_SMTP_PORT)"
    check_port_free "$MAIL_UI_PORT" "mail catcher web UI (BOOKING_MAIL_UI_PORT)"
fi

# ---------------------------------------------------------------- database
# A database given in ConnectionStrings__Booking is used as it is; otherwise the private instance.
if [ -z "${ConnectionStrings__Booking:-}" ]; then
    pg_ensure_installed
    PG_STARTED=1
    pg_start "$PG_DATA" "$PG_PORT"
    DATABASE="PostgreSQL on 127.0.0.1:$PG_PORT"
else
    DATABASE="the database in ConnectionStrings__Booking"
fi

# ---------------------------------------------------------------- build
if [ "$BUILD" -eq 1 ]; then
    # The web app first: the Api build copies web/dist into its wwwroot.
    if ! web/build.sh; then
        die "the web app did not build (see above); it needs npm (Node.js 20.19 or later)"
    fi
    say "building $SOLUTION (Release)"
    if ! dotnet build "$SOLUTION" -c Release -nologo -v quiet; then
        die "build failed (see the errors above)"
    fi
fi
hint=""
[ "$BUILD" -eq 1 ] || hint=" (run ./run.sh without --no-build to build it)"
[ -f "$SILO_DIR/Booking.Silo.dll" ] || die "$SILO_DIR/Booking.Silo.dll not found$hint"
[ -f "$API_DIR/Booking.Api.dll" ] || die "$API_DIR/Booking.Api.dll not found$hint"

# ---------------------------------------------------------------- dev secrets
# A signing key, the dev admin's password and a rate-limit exemption key for the load tool, made once
# per checkout from the system's CSPRNG and kept in .data/auth.env (git-ignored); the environment wins.
AUTH_ENV="$ROOT/.data/auth.env"
random_secret() { head -c "$1" /dev/urandom | base64 | tr -d '\n'; }
if [ -n "${Auth__SigningKey:-}" ] && [ -n "${Auth__AdminPassword:-}" ] && [ -n "${RateLimit__ExemptKey:-}" ]; then
    AUTH_ENV=/dev/null # all three given: no file needed
elif [ ! -f "$AUTH_ENV" ]; then
    mkdir -p "$ROOT/.data"
    (
        umask 077
        {
            printf '# Development secrets made by run.sh on %s. Delete this file to make new ones.\n' "$(date -u +%FT%TZ)"
            printf 'BOOKING_DEV_SIGNING_KEY=%s\n' "$(random_secret 32)"
            printf 'BOOKING_DEV_ADMIN_PASSWORD=%s\n' "$(random_secret 18 | tr '+/' '-_')"
            printf 'BOOKING_DEV_RATELIMIT_EXEMPT_KEY=%s\n' "$(random_secret 24 | tr '+/' '-_')"
        } >"$AUTH_ENV"
    )
    say "generated development secrets in ${AUTH_ENV#"$ROOT"/}"
fi
# shellcheck source=/dev/null
source "$AUTH_ENV"
export Auth__SigningKey="${Auth__SigningKey:-${BOOKING_DEV_SIGNING_KEY:-}}"
export Auth__AdminPassword="${Auth__AdminPassword:-${BOOKING_DEV_ADMIN_PASSWORD:-}}"
export RateLimit__ExemptKey="${RateLimit__ExemptKey:-${BOOKING_DEV_RATELIMIT_EXEMPT_KEY:-}}"

# ---------------------------------------------------------------- mail catcher
# smtp4dev (a .NET tool from NuGet, installed into .data/tools, not globally) receives every e-mail the silos
# send and shows it in a web UI. Without it the silos run with e-mail off (webhooks still work).
MAIL_URL=""
if [ "$MAIL_CATCHER" -eq 1 ]; then
    mkdir -p "$LOG_DIR"
    if [ ! -x "$SMTP4DEV_DIR/smtp4dev" ]; then
        say "installing the mail catcher (smtp4dev $SMTP4DEV_VERSION) into ${SMTP4DEV_DIR#"$ROOT"/}"
        dotnet tool install Rnwood.Smtp4dev --version "$SMTP4DEV_VERSION" --tool-path "$SMTP4DEV_DIR" >"$LOG_DIR/mail-install.log" 2>&1 ||
            printf 'run.sh: warning: could not install smtp4dev (see %s); e-mail stays off\n' "$LOG_DIR/mail-install.log" >&2
    fi
    if [ -x "$SMTP4DEV_DIR/smtp4dev" ]; then
        say "starting the mail catcher (SMTP 127.0.0.1:$MAIL_SMTP_PORT, web UI http://127.0.0.1:$MAIL_UI_PORT, log ${LOG_DIR#"$ROOT"/}/mail.log)"
        mkdir -p "$ROOT/.data/smtp4dev"
        "$SMTP4DEV_DIR/smtp4dev" --smtpport="$MAIL_SMTP_PORT" --bindaddress=127.0.0.1 --urls="http://127.0.0.1:$MAIL_UI_PORT" \
            --imapport= --pop3port= --db= --nousersettings --baseappdatapath="$ROOT/.data/smtp4dev" >"$LOG_DIR/mail.log" 2>&1 </dev/null &
        MAIL_PID=$!
        start=$SECONDS
        until local_port_in_use "$MAIL_SMTP_PORT"; do
            if ! kill -0 "$MAIL_PID" 2>/dev/null || ((SECONDS - start >= 90)); then
                show_tail "$LOG_DIR/mail.log"
                printf 'run.sh: warning: the mail catcher did not start; e-mail stays off\n' >&2
                stop_pids "$MAIL_PID"
                MAIL_PID=""
                break
            fi
            sleep 0.5
        done
        if [ -n "$MAIL_PID" ]; then
            MAIL_URL="http://127.0.0.1:$MAIL_UI_PORT/"
            export Notifications__Smtp__Host=127.0.0.1 Notifications__Smtp__Port="$MAIL_SMTP_PORT" Notifications__Smtp__Security=None
        fi
    fi
fi
# Links in e-mails point at this Api unless configured otherwise.
export Notifications__PublicBaseUrl="${Notifications__PublicBaseUrl:-$BASE_URL}"

# ---------------------------------------------------------------- silos
export ConnectionStrings__Booking="${ConnectionStrings__Booking:-$(pg_connection_string "$PG_PORT")}"
mkdir -p "$LOG_DIR"

# wait_for_log PID LOGFILE PATTERN TIMEOUT NAME
wait_for_log() {
    local pid=$1 log=$2 pattern=$3 timeout=$4 name=$5 start=$SECONDS
    while ! grep -qF -- "$pattern" "$log" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            local rc=0
            wait "$pid" 2>/dev/null || rc=$?
            show_tail "$log"
            die "$name exited during start-up (exit code $rc)"
        fi
        if ((SECONDS - start >= timeout)); then
            show_tail "$log"
            die "$name did not log '$pattern' within ${timeout} s"
        fi
        sleep 0.5
    done
}

silo_log() { printf '%s/silo-%s.log' "$LOG_DIR" "$1"; }

# start_silo I: starts silo I on its ports (base + I) in the background and sets SILO_PIDS[I]. Its log is
# started afresh, or appended to when the silo is restarted, so that the crash stays readable.
start_silo() {
    local i=$1 log
    log=$(silo_log "$i")
    if [ -z "${SILO_PIDS[$i]+set}" ]; then : >"$log"; else printf -- '----- run.sh restarted this silo at %s -----\n' "$(date -u +%FT%TZ)" >>"$log"; fi
    # Run from the output folder so that appsettings*.json are found.
    (
        cd "$SILO_DIR"
        unset ASPNETCORE_URLS # exported for the Api; the silo listens on Silo__HttpPort only
        Orleans__SiloPort=$((SILO_PORT_BASE + i)) Orleans__GatewayPort=$((GATEWAY_PORT_BASE + i)) Silo__HttpPort=$((SILO_HTTP_PORT_BASE + i)) \
            exec dotnet Booking.Silo.dll
    ) >>"$log" 2>&1 </dev/null &
    SILO_PIDS[i]=$!
}

for ((i = 0; i < SILOS; i++)); do
    check_port_free $((SILO_PORT_BASE + i)) "silo $i silo port"
    check_port_free $((GATEWAY_PORT_BASE + i)) "silo $i gateway port"
    log=$(silo_log "$i")
    say "starting silo $i (silo port $((SILO_PORT_BASE + i)), gateway port $((GATEWAY_PORT_BASE + i)), log ${log#"$ROOT"/})"
    start_silo "$i"
    SILO_CRASHES[i]=""
    # One at a time: the first silo applies the migrations, the others join it.
    wait_for_log "${SILO_PIDS[$i]}" "$log" "Silo ready" 90 "silo $i"
done

# ---------------------------------------------------------------- api
if [ -n "$api_port_only" ]; then check_port_free "$api_port_only" "Api"; fi
API_LOG="$LOG_DIR/api.log"
# The Api finds the silos' gateways in the membership table (ConnectionStrings__Booking), also silos added later.
say "starting Api on $ASPNETCORE_URLS (gateways from the membership table, log ${API_LOG#"$ROOT"/})"
(
    cd "$API_DIR"
    exec dotnet Booking.Api.dll
) >"$API_LOG" 2>&1 </dev/null &
API_PID=$!

start=$SECONDS
until [ "$(curl -sk -o /dev/null -w '%{http_code}' --max-time 3 "$BASE_URL/health/ready" 2>/dev/null)" = 200 ]; do
    if ! kill -0 "$API_PID" 2>/dev/null; then
        rc=0
        wait "$API_PID" 2>/dev/null || rc=$?
        API_PID=""
        show_tail "$API_LOG"
        die "the Api exited during start-up (exit code $rc)"
    fi
    if ((SECONDS - start >= 60)); then
        show_tail "$API_LOG"
        die "the Api did not answer 200 on $BASE_URL/health/ready within 60 s"
    fi
    sleep 0.5
done

# ---------------------------------------------------------------- demo data
# The load tool's seed-demo command creates the demo doctors and their working hours through the API (see its --help);
# a doctor already there is kept, so --demo can be given at every start. A failure is a warning: the system runs on.
if [ "$DEMO" -eq 1 ]; then
    SEED_DLL="$ROOT/tests/Booking.LoadTest/bin/Release/net10.0/Booking.LoadTest.dll"
    if [ ! -f "$SEED_DLL" ]; then
        printf 'run.sh: warning: demo data skipped: %s not found%s\n' "${SEED_DLL#"$ROOT"/}" "$hint" >&2
    # --allow-remote: the Api is the one started above, whatever address ASPNETCORE_URLS gives it.
    elif ! BOOKING_ADMIN_PASSWORD="$Auth__AdminPassword" BOOKING_RATELIMIT_EXEMPT_KEY="$RateLimit__ExemptKey" \
        dotnet "$SEED_DLL" seed-demo --url "$BASE_URL" --allow-remote </dev/null; then
        printf 'run.sh: warning: demo data incomplete (see above); the system runs on\n' >&2
    fi
fi

# ---------------------------------------------------------------- running
if [ -n "$MAIL_URL" ]; then
    MAIL_LINE="$MAIL_URL  (smtp4dev: read every e-mail the silos send; SMTP 127.0.0.1:$MAIL_SMTP_PORT)"
elif [ -n "${Notifications__Smtp__Host:-}" ]; then
    MAIL_LINE="sent through ${Notifications__Smtp__Host}:${Notifications__Smtp__Port:-587}"
else
    MAIL_LINE="off: no mail catcher (set Notifications__Smtp__Host for a server of your own)"
fi
DASHBOARD_LINE="$BASE_URL/dashboard/"
if [ "$(printf '%s' "${Telemetry__Dashboard:-true}" | tr '[:upper:]' '[:lower:]')" = false ]; then
    DASHBOARD_LINE="off (Telemetry__Dashboard=false)"
fi
if [ "$Auth__AdminPassword" != "${BOOKING_DEV_ADMIN_PASSWORD:-}" ]; then
    ADMIN_LINE="Admin sign-in: user admin, the password you gave in Auth__AdminPassword; API examples in README.md."
else
    ADMIN_LINE="Admin sign-in: user admin, password BOOKING_DEV_ADMIN_PASSWORD in ${AUTH_ENV#"$ROOT"/} (there too: the signing key
and the load tool's rate-limit exemption key); API examples in README.md."
fi
cat <<EOF

Booking engine is running ($SILOS silo(s), $DATABASE).
  Web app     $BASE_URL/
  API         $BASE_URL/api
  API docs    $BASE_URL/scalar
  OpenAPI     $BASE_URL/openapi/v1.json
  Health      $BASE_URL/health/ready
  Metrics     $BASE_URL/metrics, silos: http://127.0.0.1:$SILO_HTTP_PORT_BASE/metrics (+i for silo i)
  Dashboard   $DASHBOARD_LINE
  Mail        $MAIL_LINE
  Logs        ${LOG_DIR#"$ROOT"/}/
  Silo pids   ${SILO_PIDS[*]}

Add a silo:    BOOKING_PG_PORT=$PG_PORT BOOKING_SILO_PORT_BASE=$SILO_PORT_BASE BOOKING_GATEWAY_PORT_BASE=$GATEWAY_PORT_BASE BOOKING_SILO_HTTP_PORT_BASE=$SILO_HTTP_PORT_BASE BOOKING_MAIL_SMTP_PORT=$MAIL_SMTP_PORT ./run.sh --join
Drain a silo:  kill -TERM <silo pid>   (in-flight calls finish, its grains move to the others; it stays stopped)
A silo that crashes is restarted on its ports ($RESTART_LIMIT crashes within $RESTART_WINDOW s and run.sh gives up on it).

$ADMIN_LINE

Press Ctrl-C to stop.
EOF

# Supervise until Ctrl-C (which runs on_signal), looking at the children once a second. A silo that exits 0 was
# drained (SIGTERM) and stays stopped; one that exits otherwise crashed and is started again on its ports, unless
# it keeps crashing. The Api exiting, or the last silo going, stops everything.
# (A poll, not `wait -n`: bash's `wait -n` misses a child that exited while the script was busy elsewhere.)
# exited PID: true, with its exit code in RC, when the child PID has exited.
exited() {
    RC=0
    if kill -0 "$1" 2>/dev/null; then return 1; fi
    wait "$1" 2>/dev/null || RC=$?
}
# on_silo_exit I PID: drained, restarted or given up on, by RC and the silo's recent crashes.
on_silo_exit() {
    local i=$1 pid=$2 t crashes="" delay log
    local -a recent
    log=$(silo_log "$i")
    if [ "$RC" -eq 0 ]; then
        SILO_PIDS[i]=""
        live_silos
        say "silo $i (pid $pid) stopped gracefully (drained); it stays stopped; ${#LIVE[@]} silo(s) left"
        return
    fi
    # The crashes of the last RESTART_WINDOW seconds, this one included.
    for t in ${SILO_CRASHES[$i]} "$SECONDS"; do
        if ((SECONDS - t < RESTART_WINDOW)); then crashes+="$t "; fi
    done
    SILO_CRASHES[i]=$crashes
    read -ra recent <<<"$crashes"
    if [ ${#recent[@]} -ge "$RESTART_LIMIT" ]; then
        SILO_PIDS[i]=""
        live_silos
        show_tail "$log"
        printf 'run.sh: error: silo %s crashed %s times within %s s (pid %s, exit code %s); giving up on it (log %s); %s silo(s) left\n' \
            "$i" "${#recent[@]}" "$RESTART_WINDOW" "$pid" "$RC" "${log#"$ROOT"/}" "${#LIVE[@]}" >&2
        return
    fi
    # Back off 1, 2, 4, 8 s by the number of recent crashes; Ctrl-C interrupts the wait.
    delay=$((1 << (${#recent[@]} - 1)))
    sleep "$delay" &
    wait $! 2>/dev/null || true # (quiet: bash would report a killed child here)
    start_silo "$i"
    say "silo $i (pid $pid) exited with code $RC; restarted after $delay s on the same ports as pid ${SILO_PIDS[$i]} (crash ${#recent[@]} of $RESTART_LIMIT allowed within $RESTART_WINDOW s)"
}

while true; do
    sleep 1 &
    wait $! 2>/dev/null || true
    if exited "$API_PID"; then
        died=$API_PID
        API_PID=""
        show_tail "$API_LOG"
        printf 'run.sh: error: the Api (pid %s) exited unexpectedly with code %s; stopping the rest\n' "$died" "$RC" >&2
        exit 1
    fi
    for ((i = 0; i < SILOS; i++)); do
        pid=${SILO_PIDS[$i]}
        if [ -n "$pid" ] && exited "$pid"; then on_silo_exit "$i" "$pid"; fi
    done
    live_silos
    if [ ${#LIVE[@]} -eq 0 ]; then
        # Silos added with --join count: an operator may have drained the first ones after adding new ones.
        joined_silos
        if [ ${#JOINED[@]} -eq 0 ]; then
            printf 'run.sh: error: no silo is left; stopping the rest\n' >&2
            exit 1
        fi
        if [ "$JOINED_ONLY" -eq 0 ]; then
            say "only the ${#JOINED[@]} silo(s) added with --join are left; they keep serving"
            JOINED_ONLY=1
        fi
    fi
done
