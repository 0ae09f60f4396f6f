# shellcheck shell=bash
#
# Helpers for a private, throw-away PostgreSQL instance used by ./run.sh and
# ./test.sh. Source this file; it only defines functions (no side effects).
#
#   pg_ensure_installed            find (or apt-get install) the server binaries;
#                                  exports PG_BIN
#   pg_start DATA_DIR PORT [OPT..] start (initdb on first use) an instance that
#                                  listens on 127.0.0.1:PORT only, no Unix socket;
#                                  ensures database "booking" exists. Extra OPTs
#                                  are passed to postgres (e.g. -c fsync=off).
#   pg_stop DATA_DIR               fast shutdown; quiet if not running
#   pg_recreate_database PORT      drop and re-create database "booking"
#   pg_connection_string PORT      Npgsql connection string for the instance
#   local_port_in_use PORT         true if something accepts TCP on 127.0.0.1:PORT
#
# Superuser "booking", password "booking"; host auth is scram-sha-256.
# The server log is written next to the data directory: "<DATA_DIR>.log".
# initdb/postgres refuse to run as root, so as root everything server-side runs
# as the "postgres" system user (created if missing) or as the owner of an
# existing data directory; as a normal user they run as that user.

_pg_err() { printf 'local-postgres: error: %s\n' "$*" >&2; }
_pg_note() { printf 'local-postgres: %s\n' "$*" >&2; }

# Newest /usr/lib/postgresql/*/bin that has initdb (or $PG_BIN if already valid).
_pg_find_bin() {
    if [ -n "${PG_BIN:-}" ] && [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
        printf '%s\n' "$PG_BIN"
        return 0
    fi
    local f best=""
    # shellcheck disable=SC2012 # version directories are plain numbers
    best=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1)
    [ -n "$best" ] || return 1
    f=${best%/initdb}
    [ -x "$f/pg_ctl" ] || return 1
    printf '%s\n' "$f"
}

pg_ensure_installed() {
    local bin
    if bin=$(_pg_find_bin); then
        export PG_BIN="$bin"
        return 0
    fi
    _pg_note "PostgreSQL server binaries not found under /usr/lib/postgresql; installing Debian package 'postgresql'..."
    local -a sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            _pg_err "PostgreSQL is not installed and you are not root (and sudo is not available)."
            _pg_err "Install it with:  apt-get install -y postgresql   (as root), then re-run."
            return 1
        fi
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        _pg_err "PostgreSQL is not installed and apt-get is not available; install the PostgreSQL server (initdb, pg_ctl, psql) manually."
        return 1
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q || {
        _pg_err "apt-get update failed"; return 1; }
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql || {
        _pg_err "apt-get install postgresql failed"; return 1; }
    if ! bin=$(_pg_find_bin); then
        _pg_err "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found"
        return 1
    fi
    export PG_BIN="$bin"
}

# local_port_in_use PORT: something accepts TCP connections on 127.0.0.1:PORT.
# shellcheck disable=SC2016 # $1 is expanded by the inner bash
local_port_in_use() {
    local port=$1
    if command -v timeout >/dev/null 2>&1; then
        timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null
    else
        bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$port" 2>/dev/null
    fi
}

# Describe the listener on a port (best effort, for error messages).
_pg_port_owner() {
    local port=$1
    command -v ss >/dev/null 2>&1 || return 0
    ss -Hltnp "sport = :$port" 2>/dev/null | sed 's/^/    /' >&2 || true
}

# Absolute, symlink-free path of a directory (creating it if needed).
_pg_abs_dir() {
    local d=$1
    mkdir -p -- "$d" || return 1
    if command -v realpath >/dev/null 2>&1; then
        realpath -e -- "$d"
    else
        (cd -P -- "$d" && pwd -P)
    fi
}

_pg_is_root() { [ "$(id -u)" -eq 0 ]; }

# Run a command as the server user (root: via runuser, from "/" so that an
# unreadable current directory does not matter); otherwise run it directly.
_pg_as() {
    local user=$1
    shift
    if _pg_is_root; then
        (cd / && runuser -u "$user" -- "$@")
    else
        "$@"
    fi
}

_pg_ensure_system_user() {
    local user=$1
    id -u "$user" >/dev/null 2>&1 && return 0
    _pg_note "creating system user '$user' to run PostgreSQL (it refuses to run as root)"
    if command -v useradd >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /nonexistent --no-create-home \
            --shell /usr/sbin/nologin "$user" || { _pg_err "useradd $user failed"; return 1; }
    elif command -v adduser >/dev/null 2>&1; then
        adduser --system --group --no-create-home "$user" || { _pg_err "adduser $user failed"; return 1; }
    else
        _pg_err "cannot create system user '$user' (no useradd/adduser)"
        return 1
    fi
}

# The user that owns/should own the server process for DATA_DIR.
_pg_server_user() {
    local data=$1 owner
    if ! _pg_is_root; then
        id -un
        return 0
    fi
    if [ -e "$data/PG_VERSION" ]; then
        owner=$(stat -c %U -- "$data") || return 1
        if [ "$owner" != root ] && [ "$owner" != UNKNOWN ]; then
            printf '%s\n' "$owner"
            return 0
        fi
    fi
    printf 'postgres\n'
}

# As root: make every ancestor of DIR traversable by USER (adds o+x if needed).
_pg_ensure_traversable() {
    local user=$1 dir=$2 d
    local -a ancestors=()
    d=$(dirname -- "$dir")
    while [ "$d" != "/" ] && [ -n "$d" ]; do
        ancestors=("$d" "${ancestors[@]}")
        d=$(dirname -- "$d")
    done
    for d in "${ancestors[@]}"; do # top-down
        if ! (cd / && runuser -u "$user" -- test -x "$d") 2>/dev/null; then
            _pg_note "making $d traversable (chmod o+x) so that user '$user' can reach $dir"
            chmod o+x -- "$d" || true
        fi
    done
    if ! (cd / && runuser -u "$user" -- test -x "$(dirname -- "$dir")"); then
        _pg_err "user '$user' cannot reach $dir (a parent directory is not traversable)"
        return 1
    fi
}

# Process exists and is not a zombie (orphans may stay <defunct> in containers
# whose PID 1 does not reap).
_pg_proc_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# PID of a live postmaster recorded in DATA/postmaster.pid, if any.
_pg_live_pid() {
    local data=$1 pid comm cwd
    [ -f "$data/postmaster.pid" ] || return 1
    pid=$(head -n 1 -- "$data/postmaster.pid" 2>/dev/null) || return 1
    case $pid in '' | *[!0-9]*) return 1 ;; esac
    _pg_proc_alive "$pid" || return 1
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    case $comm in postgres | postmaster) ;; *) return 1 ;; esac
    # If we can see its working directory, it must be this data directory.
    if cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) && [ -n "$cwd" ]; then
        [ "$cwd" = "$data" ] || return 1
    fi
    printf '%s\n' "$pid"
}

# Left-over backend processes of DATA (e.g. after the postmaster was SIGKILLed).
_pg_orphans() {
    local data=$1 p cwd comm
    for p in /proc/[0-9]*; do
        cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
        [ "$cwd" = "$data" ] || continue
        comm=$(cat "$p/comm" 2>/dev/null) || continue
        _pg_proc_alive "${p#/proc/}" || continue
        case $comm in postgres* | postmaster) printf '%s\n' "${p#/proc/}" ;; esac
    done
}

# Clean up after a crash: kill orphaned backends, remove a stale postmaster.pid.
_pg_clear_stale() {
    local data=$1 i pids
    [ -f "$data/postmaster.pid" ] || return 0
    _pg_note "found stale $data/postmaster.pid (server not running); cleaning up"
    for i in $(seq 1 20); do
        pids=$(_pg_orphans "$data")
        [ -z "$pids" ] && break
        if [ "$i" -eq 10 ]; then
            # shellcheck disable=SC2086
            kill -KILL $pids 2>/dev/null || true
        elif [ "$i" -eq 1 ]; then
            # shellcheck disable=SC2086
            kill -TERM $pids 2>/dev/null || true
        fi
        sleep 0.5
    done
    if [ -n "$(_pg_orphans "$data")" ]; then
        _pg_err "old server processes for $data are still running: $(_pg_orphans "$data" | tr '\n' ' ')"
        return 1
    fi
    rm -f -- "$data/postmaster.pid"
}

_pg_psql() {
    local port=$1
    shift
    PGPASSWORD=booking PGCONNECT_TIMEOUT=10 "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$port" -U booking "$@"
}

_pg_ensure_database() {
    local port=$1 exists
    exists=$(_pg_psql "$port" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'booking'") || {
        _pg_err "cannot connect to PostgreSQL on 127.0.0.1:$port as 'booking'"
        return 1
    }
    if [ "$exists" != 1 ]; then
        _pg_psql "$port" -d postgres -c "CREATE DATABASE booking" || {
            _pg_err "could not create database 'booking'"
            return 1
        }
    fi
}

# pg_recreate_database PORT: drop (disconnecting sessions) and re-create "booking".
pg_recreate_database() {
    local port=$1
    _pg_psql "$port" -d postgres -c "DROP DATABASE IF EXISTS booking WITH (FORCE)" &&
        _pg_psql "$port" -d postgres -c "CREATE DATABASE booking"
}

_pg_initdb() {
    local user=$1 data=$2 log=$3 pwfile locale=C rc=0
    local -a extra=()
    if "$PG_BIN/initdb" --help 2>/dev/null | grep -q -- '--no-instructions'; then
        extra+=(--no-instructions)
    fi
    if locale -a 2>/dev/null | grep -qix 'c\.utf-\?8'; then
        locale=C.UTF-8
    fi
    pwfile=$(mktemp) || return 1
    printf '%s\n' booking >"$pwfile"
    chmod 600 "$pwfile"
    if _pg_is_root; then chown "$user" "$pwfile"; fi
    _pg_note "initializing new PostgreSQL data directory $data"
    _pg_as "$user" "$PG_BIN/initdb" -D "$data" --username=booking --pwfile="$pwfile" \
        --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --locale="$locale" \
        "${extra[@]}" >>"$log" 2>&1 || rc=$?
    rm -f -- "$pwfile"
    if [ "$rc" -ne 0 ]; then
        _pg_err "initdb failed (exit $rc); see $log:"
        tail -n 20 -- "$log" >&2
        return 1
    fi
    # Local-only, socket-less, a few more connections than the default.
    cat >>"$data/postgresql.conf" <<'EOF'

# --- added by database/local-postgres.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
EOF
}

# pg_start DATA_DIR PORT [postgres options...]
pg_start() {
    if [ $# -lt 2 ]; then
        _pg_err "usage: pg_start DATA_DIR PORT [postgres options...]"
        return 1
    fi
    local data_arg=$1 port=$2
    shift 2
    case $port in '' | *[!0-9]*) _pg_err "invalid port '$port'"; return 1 ;; esac
    if [ -z "${PG_BIN:-}" ]; then pg_ensure_installed || return 1; fi

    local data user log pid running_port opts o
    data=$(_pg_abs_dir "$data_arg") || { _pg_err "cannot create $data_arg"; return 1; }
    log="$data.log"
    user=$(_pg_server_user "$data") || return 1

    if _pg_is_root; then
        command -v runuser >/dev/null 2>&1 || { _pg_err "runuser (util-linux) is required when running as root"; return 1; }
        _pg_ensure_system_user "$user" || return 1
        chown "$user" -- "$data" || return 1
        chmod 700 -- "$data" || return 1
        _pg_ensure_traversable "$user" "$data" || return 1
        touch -- "$log" && chown "$user" -- "$log" || return 1
    else
        if [ ! -O "$data" ] || [ ! -x "$data" ]; then
            _pg_err "$data is owned by $(stat -c %U -- "$data"), not by you ($(id -un))."
            _pg_err "Run as root, or remove it (it holds only local development data)."
            return 1
        fi
        chmod 700 -- "$data" || return 1
        touch -- "$log" || return 1
    fi

    if [ -f "$data/PG_VERSION" ]; then
        local have want
        have=$(cat "$data/PG_VERSION")
        want=$("$PG_BIN/pg_ctl" --version | awk '{print $3}' | cut -d. -f1)
        if [ -n "$want" ] && [ "$have" != "$want" ]; then
            _pg_err "$data was created by PostgreSQL $have but $PG_BIN is version $want."
            _pg_err "Remove $data (local data only) or install PostgreSQL $have."
            return 1
        fi
    elif [ -n "$(ls -A -- "$data")" ]; then
        _pg_err "$data is not empty and is not a PostgreSQL data directory"
        return 1
    fi

    # Already running from this data directory?
    if pid=$(_pg_live_pid "$data"); then
        running_port=$(sed -n 4p -- "$data/postmaster.pid" 2>/dev/null)
        if [ "$running_port" = "$port" ]; then
            if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30; then
                _pg_note "reusing PostgreSQL already running on 127.0.0.1:$port (pid $pid, data $data)"
                _pg_ensure_database "$port"
                return
            fi
            _pg_note "PostgreSQL (pid $pid) for $data is not answering; restarting it"
        else
            _pg_note "PostgreSQL (pid $pid) for $data runs on port $running_port; restarting it on $port"
        fi
        _pg_as "$user" "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 -s >/dev/null 2>&1 ||
            _pg_as "$user" "$PG_BIN/pg_ctl" stop -D "$data" -m immediate -w -t 30 -s >/dev/null 2>&1 || true
        if _pg_live_pid "$data" >/dev/null; then
            _pg_err "could not stop the running server (pid $pid) for $data"
            return 1
        fi
    fi
    _pg_clear_stale "$data" || return 1

    if local_port_in_use "$port"; then
        _pg_err "port $port on 127.0.0.1 is already in use by another program:"
        _pg_port_owner "$port"
        _pg_err "stop that program (or use another port), then re-run."
        return 1
    fi

    if [ ! -f "$data/PG_VERSION" ]; then
        _pg_initdb "$user" "$data" "$log" || return 1
    fi

    opts="-p $port"
    for o in "$@"; do opts+=" $(printf '%q' "$o")"; done
    if ! _pg_as "$user" "$PG_BIN/pg_ctl" start -D "$data" -l "$log" -w -t 90 -s -o "$opts" >/dev/null 2>&1; then
        _pg_err "PostgreSQL failed to start on 127.0.0.1:$port; last lines of $log:"
        tail -n 25 -- "$log" >&2
        return 1
    fi
    _pg_note "PostgreSQL running on 127.0.0.1:$port (data $data, log $log)"
    _pg_ensure_database "$port"
}

# pg_stop DATA_DIR: fast shutdown; silent and successful if not running.
pg_stop() {
    local data_arg=${1:?usage: pg_stop DATA_DIR} data user bin
    [ -d "$data_arg" ] || return 0
    data=$(_pg_abs_dir "$data_arg") || return 0
    _pg_live_pid "$data" >/dev/null || return 0
    bin=${PG_BIN:-}
    if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
        bin=$(_pg_find_bin) || { _pg_err "pg_ctl not found; cannot stop server in $data"; return 1; }
    fi
    if _pg_is_root; then user=$(stat -c %U -- "$data"); else user=$(id -un); fi
    if ! _pg_as "$user" "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 -s >/dev/null 2>&1; then
        _pg_live_pid "$data" >/dev/null || return 0
        _pg_note "fast shutdown of PostgreSQL ($data) timed out; using immediate mode"
        _pg_as "$user" "$bin/pg_ctl" stop -D "$data" -m immediate -w -t 30 -s >/dev/null 2>&1 || {
            _pg_err "could not stop PostgreSQL in $data"
            return 1
        }
    fi
}

# pg_connection_string PORT
pg_connection_string() {
    printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
        "${1:?usage: pg_connection_string PORT}" booking booking booking
}
