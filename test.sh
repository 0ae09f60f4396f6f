#!/usr/bin/env bash
# shellcheck disable=SC2317 # cleanup/on_signal are invoked from traps
# Build the solution and run every test project against a private PostgreSQL.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"

usage() {
    cat <<'EOF'
Usage: ./test.sh [--fast] [FILTER] [--help]

Starts a private PostgreSQL test instance (127.0.0.1:55433, or
$BOOKING_TEST_PG_PORT; data in .data/test-pg, separate from ./run.sh's), builds the solution (Release), then
runs every tests/*/*.Tests.csproj with `dotnet test`. The test instance's
"booking" database is re-created empty before the run.

  FILTER   optional `dotnet test --filter` expression, e.g.
             ./test.sh 'FullyQualifiedName~Booking'
             ./test.sh 'Category!=Load'
           (the web tests then do not run), or `web` for the web tests only.
  --fast   the inner loop: leaves out the process-level tiers, i.e. the tests
           that start the built Silo and Api as processes or run ./run.sh
           (trait Tier=Process: fault, restart, outside-load and database-role
           tests) and the browser end-to-end tests. Combines with FILTER.

The in-process integration tests run their collections in parallel (each on a
database of its own, tests/Booking.Integration.Tests/xunit.runner.json); the
process-level ones run alone after them.

Web tests (without FILTER, or with `web`): the check that the web app's
generated API types and rules match web/openapi.json, the component tests
(Vitest) and its end-to-end tests (web/e2e/run.mjs, also `npm run e2e`:
playwright-core driving Debian's chromium, installed with apt-get when missing,
against the built Silo and Api started on free ports with a database
"booking_e2e"; a JavaScript error on a page fails its test). Screenshots:
.data/test-results/e2e/.

Environment given to the tests:
  ConnectionStrings__Booking   the test instance's "booking" database
  BOOKING_TEST_DB_ADMIN        same credentials (superuser); tests may create
                               their own databases with it

Results: .data/test-results/<Project>.trx (and <Project>.log, its output). The
last line printed is "N passed, N failed" (", N skipped" when tests were not
executed). A test host that crashed or hung (no results, or a run aborted) counts
as one failed test in that line and is named above it; so does a test project
that ran no test although no FILTER was given. Exit code is non-zero if a project
failed, a test failed, or no test ran.
EOF
}

FILTER=""
FAST=0
while [ $# -gt 0 ]; do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --fast) FAST=1; shift ;;
        --filter) [ $# -ge 2 ] || { echo "test.sh: --filter needs a value" >&2; exit 2; }; FILTER=$2; shift 2 ;;
        --filter=*) FILTER=${1#--filter=}; shift ;;
        -*) usage >&2; echo "test.sh: unknown option: $1" >&2; exit 2 ;;
        *) [ -z "$FILTER" ] || { echo "test.sh: only one FILTER argument is allowed" >&2; exit 2; }; FILTER=$1; shift ;;
    esac
done

PG_PORT=${BOOKING_TEST_PG_PORT:-55433}
PG_DATA="$ROOT/.data/test-pg"
RESULTS="$ROOT/.data/test-results"

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: dotnet (the .NET 10 SDK) is not on PATH" >&2; exit 1; }

# shellcheck source=database/local-postgres.sh
source "$ROOT/database/local-postgres.sh"

CLEANED=0
cleanup() {
    [ "$CLEANED" -eq 0 ] || return 0
    CLEANED=1
    set +e
    trap '' INT TERM
    if [ -n "${WEB_CHECKS_PID:-}" ]; then kill "$WEB_CHECKS_PID" 2>/dev/null; fi
    pg_stop "$PG_DATA"
}
on_signal() {
    echo "test.sh: interrupted" >&2
    cleanup
    exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

SOLUTION=Booking.sln
if [ ! -f "$SOLUTION" ] && [ -f Booking.slnx ]; then SOLUTION=Booking.slnx; fi
[ -f "$SOLUTION" ] || { echo "test.sh: Booking.sln not found in $ROOT" >&2; exit 1; }

# ---------------------------------------------------------------- database
pg_ensure_installed
# Throw-away data: durability is not needed, speed is.
pg_start "$PG_DATA" "$PG_PORT" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
pg_recreate_database "$PG_PORT"

# ---------------------------------------------------------------- Debian packages for some tests
# apt_install PACKAGE WHY: install a Debian package (as root, or through sudo); warn when that fails.
apt_install() {
    local package=$1 why=$2
    local -a sudo=()
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo=(sudo); fi
    echo "==> installing Debian package $package ($why)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package" ||
        { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
            "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package"; } ||
        echo "test.sh: warning: could not install $package; $why will fail" >&2
}

# ---------------------------------------------------------------- web app
RUN_DOTNET=1 RUN_WEB=0 RUN_E2E=1
if [ -z "$FILTER" ]; then RUN_WEB=1; fi
if [ "$FILTER" = web ]; then RUN_WEB=1 RUN_DOTNET=0 FILTER=""; fi
# The filter given by the user, before --fast adds its own: a project that matches none of it ran 0 tests on purpose.
USER_FILTER=$FILTER
if [ "$FAST" -eq 1 ]; then
    RUN_E2E=0
    FILTER=${FILTER:+($FILTER)&}"Tier!=Process"
fi
# Built before the solution: the Api's build copies web/dist beside its binary.
if ! web/build.sh; then
    echo "test.sh: the web app did not build (see above)" >&2
    echo "0 passed, 0 failed"
    exit 1
fi
if [ "$RUN_WEB" -eq 1 ] && [ "$RUN_E2E" -eq 1 ] && [ ! -x /usr/bin/chromium ]; then
    apt_install chromium "the end-to-end tests"
fi
# The compose file test validates docker-compose.yml with `docker-compose config` (no images are pulled).
if [ "$RUN_DOTNET" -eq 1 ] && ! command -v docker-compose >/dev/null 2>&1; then
    apt_install docker-compose "the compose file test"
fi

# ---------------------------------------------------------------- build
echo "==> building $SOLUTION (Release)"
if ! dotnet build "$SOLUTION" -c Release -nologo -v quiet; then
    echo "test.sh: build failed (see the errors above)" >&2
    echo "0 passed, 0 failed"
    exit 1
fi

# ---------------------------------------------------------------- tests
ConnectionStrings__Booking=$(pg_connection_string "$PG_PORT")
BOOKING_TEST_DB_ADMIN=$(pg_connection_string "$PG_PORT")
export ConnectionStrings__Booking BOOKING_TEST_DB_ADMIN

rm -rf -- "$RESULTS"
mkdir -p -- "$RESULTS"

shopt -s nullglob
projects=(tests/*/*.Tests.csproj)
shopt -u nullglob
if [ ${#projects[@]} -eq 0 ] && [ "$RUN_DOTNET" -eq 1 ]; then
    echo "test.sh: no test projects found (tests/*/*.Tests.csproj)" >&2
    echo "0 passed, 0 failed"
    exit 1
fi

# attr NAME TEXT: value of NAME="..." in TEXT (0 if absent).
attr() {
    local v
    v=$(printf '%s' "$2" | grep -oE "[[:space:]]$1=\"[0-9]+\"" | head -n 1 | grep -oE '[0-9]+') || v=0
    printf '%s' "${v:-0}"
}
# counters TRX: the <Counters .../> element of a .trx file (empty if none).
counters() {
    { tr -d '\r\n' <"$1" | grep -oE '<Counters[[:space:]][^>]*>' | head -n 1; } || true
}

# web_checks: the web app's contract check and component tests (Vitest); what failed goes to web-checks.status as
# "failed:NAME" or "broken:TEXT" lines, so this also works in a background job.
web_checks() {
    : >"$RESULTS/web-checks.status"
    echo "==> web API contract: src/lib/api-types.ts and wire-rules.ts are what web/openapi.json generates"
    # web/openapi.json itself is checked against the document the Api serves by OpenApiContractTests.
    if ! (cd web && node scripts/contract.mjs --check --junit "$RESULTS/web-contract.xml"); then
        echo "failed:web-contract" >>"$RESULTS/web-checks.status"
    fi
    [ -s "$RESULTS/web-contract.xml" ] || echo "broken:web-contract: no results" >>"$RESULTS/web-checks.status"
    echo
    echo "==> web component tests (Vitest)"
    if ! (cd web && VITEST_JUNIT="$RESULTS/web-components.xml" npx vitest run); then
        echo "failed:web-components" >>"$RESULTS/web-checks.status"
    fi
    [ -s "$RESULTS/web-components.xml" ] || echo "broken:web-components: no results" >>"$RESULTS/web-checks.status"
}

# They need neither the database nor the build, and the .NET tests leave the CPU idle much of the time (processes
# starting, silos waiting out membership timeouts): run them beside the .NET tests, their output shown after them.
WEB_CHECKS_PID=""
if [ "$RUN_WEB" -eq 1 ] && [ "$RUN_DOTNET" -eq 1 ]; then
    echo
    echo "==> web contract check and component tests: started in the background (output after the .NET tests)"
    web_checks >"$RESULTS/web-checks.log" 2>&1 &
    WEB_CHECKS_PID=$!
fi

failed_projects=()
# Test hosts that crashed or hung, and projects that ran no test: each counts as one failed test in the summary.
broken_runs=()
if [ "$RUN_DOTNET" -eq 0 ]; then projects=(); fi
for proj in "${projects[@]}"; do
    name=$(basename "$proj" .csproj)
    echo
    echo "==> $proj${FILTER:+ (filter: $FILTER)}"
    # A hung test must not hold CI for its whole budget: dump and abort it after 10 minutes.
    args=(test "$proj" -c Release --no-build --nologo --blame-hang-timeout 10m
        --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS")
    if [ -n "$FILTER" ]; then args+=(--filter "$FILTER"); fi
    rc=0
    dotnet "${args[@]}" 2>&1 | tee "$RESULTS/$name.log" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "test.sh: $proj failed (exit code $rc)" >&2
        failed_projects+=("$name")
    fi
    trx="$RESULTS/$name.trx"
    if grep -qiE 'test host process crashed|test run aborted|active test run was aborted|hang dump' "$RESULTS/$name.log"; then
        broken_runs+=("$name: the test host crashed or hung (see $RESULTS/$name.log)")
    elif [ ! -f "$trx" ] || [ -z "$(counters "$trx")" ]; then
        broken_runs+=("$name: no results (the test host did not report; see $RESULTS/$name.log)")
    elif [ "$(attr executed "$(counters "$trx")")" -eq 0 ] && [ -z "$USER_FILTER" ]; then
        broken_runs+=("$name: ran no test")
    fi
done

# ---------------------------------------------------------------- web tests
if [ "$RUN_WEB" -eq 1 ]; then
    if [ -n "$WEB_CHECKS_PID" ]; then
        # Started beside the .NET tests (below): its output, then what failed.
        wait "$WEB_CHECKS_PID" || true
        WEB_CHECKS_PID=""
        echo
        cat "$RESULTS/web-checks.log"
    else
        web_checks
    fi
    while read -r line; do
        case $line in
            failed:*) failed_projects+=("${line#failed:}") ;;
            broken:*) broken_runs+=("${line#broken:}") ;;
        esac
    done <"$RESULTS/web-checks.status"
    if [ "$RUN_E2E" -eq 1 ]; then
        echo
        echo "==> web end-to-end tests (playwright-core, chromium, the built Silo and Api)"
        PGOPTIONS="-c client_min_messages=warning" _pg_psql "$PG_PORT" -d postgres -c "DROP DATABASE IF EXISTS booking_e2e WITH (FORCE)" >/dev/null &&
            _pg_psql "$PG_PORT" -d postgres -c "CREATE DATABASE booking_e2e" >/dev/null || failed_projects+=("web-e2e-database")
        E2E_DB=$(pg_connection_string "$PG_PORT" | sed -E 's/(Database=)booking(;|$)/\1booking_e2e\2/')
        # web/e2e/run.mjs is what `npm run e2e` runs: every e2e/*.e2e.mjs, one file at a time, bounded in time.
        if ! (cd web && BOOKING_E2E_DB="$E2E_DB" BOOKING_E2E_OUT="$RESULTS/e2e" BOOKING_E2E_JUNIT="$RESULTS/web-e2e.xml" timeout 960 node e2e/run.mjs); then
            failed_projects+=("web-e2e")
        fi
        [ -s "$RESULTS/web-e2e.xml" ] && grep -qE '<testcase[ >]' "$RESULTS/web-e2e.xml" ||
            broken_runs+=("web-e2e: no results (the run crashed, hung or ran no test)")
    else
        echo
        echo "==> web end-to-end tests: left out (--fast)"
    fi
fi

# ---------------------------------------------------------------- summary
total=0 executed=0 passed=0 failed=0
shopt -s nullglob
trx_files=("$RESULTS"/*.trx)
shopt -u nullglob
for trx in "${trx_files[@]}"; do
    counters=$(counters "$trx")
    if [ -z "$counters" ]; then
        echo "test.sh: no <Counters> element in $trx" >&2
        continue
    fi
    total=$((total + $(attr total "$counters")))
    executed=$((executed + $(attr executed "$counters")))
    passed=$((passed + $(attr passed "$counters")))
    failed=$((failed + $(attr failed "$counters") + $(attr error "$counters") + $(attr timeout "$counters") + $(attr aborted "$counters")))
done
# JUnit files of the web tests: every <testcase>, less those with a <failure>/<error> or <skipped>.
shopt -s nullglob
junit_files=("$RESULTS"/web-*.xml)
shopt -u nullglob
for xml in "${junit_files[@]}"; do
    # grep -c counts lines: one element a line in both reporters' output; no match is 0, not an error.
    cases=$(grep -cE '<testcase[ >]' "$xml" || true)
    bad=$(grep -cE '<(failure|error)[ >/]' "$xml" || true)
    skip=$(grep -cE '<skipped[ >/]' "$xml" || true)
    total=$((total + cases))
    executed=$((executed + cases - skip))
    passed=$((passed + cases - skip - bad))
    failed=$((failed + bad))
done
skipped=$((total - executed))

echo
# The fuzz test's counts: FuzzTests writes one "fuzz: ..." line to its test output.
for trx in "${trx_files[@]}"; do
    { tr -d '\r' <"$trx" | grep -oE 'fuzz: [^<]*' | head -n 1; } || true
done
if [ ${#failed_projects[@]} -gt 0 ]; then
    echo "test.sh: failing project(s): ${failed_projects[*]}" >&2
fi
for broken in "${broken_runs[@]}"; do
    echo "test.sh: $broken (counted as 1 failed)" >&2
done
failed=$((failed + ${#broken_runs[@]}))
if [ "$executed" -eq 0 ]; then
    echo "test.sh: no tests ran" >&2
fi
summary="$passed passed, $failed failed"
if [ "$skipped" -gt 0 ]; then summary+=", $skipped skipped"; fi
echo "$summary"

if [ ${#failed_projects[@]} -gt 0 ] || [ "$failed" -gt 0 ] || [ "$executed" -eq 0 ]; then
    exit 1
fi
exit 0
