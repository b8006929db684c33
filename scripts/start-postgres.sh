#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (no systemd here) and makes a test role with a fresh random password.
# Prints `export PORTAL_TEST_POSTGRES=...` for eval.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# Only the export line may reach stdout (it is eval'd): everything else, including tools' chatter, goes to stderr.
exec 3>&1 1>&2  # daemons started here must not inherit fd 3 (3>&-), or $(...) never returns

command -v pg_lsclusters >/dev/null || die "PostgreSQL is not installed (scripts/install-test-deps.sh installs it)"
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
[ -n "$version" ] || die "no PostgreSQL server version found under /usr/lib/postgresql"
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main" || pg_createcluster "$version" main >/dev/null 3>&-
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  say "starting PostgreSQL $version"
  pg_ctlcluster "$version" main start 3>&- || die "PostgreSQL $version did not start (see /var/log/postgresql)"
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
wait_until 60 "PostgreSQL accepting connections on port $port" pg_isready -q -h 127.0.0.1 -p "$port"

password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')
su postgres -c "psql -q -p $port -v ON_ERROR_STOP=1" >/dev/null <<SQL || die "could not create the PostgreSQL test role"
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'portal_test') THEN CREATE ROLE portal_test LOGIN CREATEDB; END IF;
END \$\$;
ALTER ROLE portal_test WITH LOGIN CREATEDB PASSWORD '$password';
SQL
echo "export PORTAL_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=portal_test;Password=$password;Database=postgres;Include Error Detail=true'" >&3
