# Sourced by .ci/run: make sure a PostgreSQL is running for the store tests and export
# TEST_DATABASE_URL pointing at it. Does nothing when TEST_DATABASE_URL is already set, and is
# safe to source again on a machine where it already ran (every step checks before it acts).
# Debian/Ubuntu only (apt-get, postgresql-common's pg_*cluster tools).

_summit_as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

_summit_as_postgres() {
    if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

_summit_postgres() {
    local version cluster=main port status
    if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        echo "postgres.sh: installing Debian's postgresql package" >&2
        _summit_as_root apt-get update -qq
        _summit_as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -qq postgresql >/dev/null
    fi
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$version/$cluster"; then
        _summit_as_root pg_createcluster "$version" "$cluster" >/dev/null
    fi
    port=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $3}')
    status=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c {print $4}')
    if [ "$status" != "online" ]; then
        _summit_as_root pg_ctlcluster "$version" "$cluster" start
    fi
    if ! _summit_as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'summit'\"" \
        | grep -q 1; then
        _summit_as_postgres "psql -q -p $port -c \"CREATE ROLE summit LOGIN PASSWORD 'summit'\""
    fi
    if ! _summit_as_postgres "psql -p $port -tAc \"SELECT 1 FROM pg_database WHERE datname = 'summit_test'\"" \
        | grep -q 1; then
        _summit_as_postgres "createdb -p $port -O summit summit_test"
    fi
    export TEST_DATABASE_URL="postgresql+psycopg://summit:summit@127.0.0.1:$port/summit_test"
}

if [ -z "${TEST_DATABASE_URL:-}" ]; then
    _summit_postgres
fi
unset -f _summit_postgres _summit_as_postgres _summit_as_root
