#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian 12 machine (as root). Idempotent; fails loudly.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

packages=(
  # Databases: the embedded default is SQLite (in-process); PostgreSQL is the server database.
  postgresql
  # Browser tests drive Debian's Chromium; Playwright never downloads a browser here.
  chromium
  # Real hypervisor: libvirtd with QEMU under software emulation, and what builds the tiny test guest.
  libvirt-clients libvirt0 libvirt-daemon libvirt-daemon-driver-qemu libvirt-daemon-system qemu-system-x86 qemu-utils
  busybox-static cpio
  # The front door's attack sweep: requests, a throwaway certificate, free ports and a look at the audit trail.
  curl openssl python3
  # A "remote" host on loopback: libvirt's ssh transport (qemu+ssh://) through an sshd the tests start themselves.
  openssh-server openssh-client
)
# The build installs the front-end packages with npm; the machine's own Node.js is used when there is one.
command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}) and not root: install them with apt-get"
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
fi

command -v dotnet >/dev/null || die "the .NET SDK is not installed (dotnet is not on PATH)"
command -v npm >/dev/null || die "npm is not on PATH"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after install"
[ -x /usr/sbin/sshd ] || die "/usr/sbin/sshd is missing after install"
command -v virt-ssh-helper >/dev/null || command -v nc >/dev/null ||
  die "neither virt-ssh-helper nor nc is installed: libvirt's ssh transport needs one of them on the host"
say "test dependencies present"
