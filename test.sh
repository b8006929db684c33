#!/usr/bin/env bash
# Runs every test on a fresh Debian 12 machine (as root): installs and starts what the tests need
# (PostgreSQL, Chromium, libvirtd with QEMU and a tiny cached test guest, sshd on a loopback port so that the same
# libvirtd is also a qemu+ssh:// host), then runs the whole solution's tests.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Browser").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/lib.sh

scripts/install-test-deps.sh
eval "$(scripts/start-postgres.sh)"
export PORTAL_TEST_POSTGRES
scripts/start-libvirt.sh
eval "$(scripts/build-test-guest.sh)"
export PORTAL_TEST_GUEST
eval "$(scripts/start-sshd.sh)"
export PORTAL_TEST_SSH_URI

export PORTAL_ARTIFACTS=${PORTAL_ARTIFACTS:-$PWD/artifacts}
results="$PORTAL_ARTIFACTS/test-results"
rm -rf "$results"
mkdir -p "$results"

say "building"
dotnet build Portal.sln -c Release -nologo -clp:ErrorsOnly || die "the build failed"

say "testing"
status=0
# One test project at a time: QEMU guests, Chromium and PostgreSQL side by side on two cores make timings unsteady.
dotnet test Portal.sln -c Release --no-build -nologo -m:1 --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@" || status=$?

scripts/summarize-trx.sh "$results" || status=1

say "attacking the front door of a Production portal"
scripts/attack-sweep.sh --no-build || status=1
say "screenshots and test results are in $PORTAL_ARTIFACTS"
exit $status
