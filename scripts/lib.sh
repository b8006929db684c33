# Shared helpers for the project's scripts: source it, do not run it.
say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mFAILED:\033[0m %s\n' "$*" >&2; exit 1; }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds, or fails loudly.
wait_until() {
  local seconds=$1 what=$2; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "$what did not happen within ${seconds}s"
    sleep 0.5
  done
}

# Downloads and built artefacts the tests need, kept outside the repository.
PORTAL_CACHE=${PORTAL_CACHE:-/var/cache/vm-portal}
