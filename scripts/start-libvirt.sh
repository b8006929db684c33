#!/usr/bin/env bash
# Starts virtlogd and libvirtd by hand (no systemd on these machines) and waits until the QEMU driver answers.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

command -v libvirtd >/dev/null || die "libvirtd is not installed (scripts/install-test-deps.sh installs it)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86 is not installed"

# A root-only /dev/kvm makes libvirt re-probe QEMU on every define (30-45 s each); guests use TCG anyway.
if [ -e /dev/kvm ] && getent group kvm >/dev/null; then chgrp kvm /dev/kvm && chmod 660 /dev/kvm; fi

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
mkdir -p /run/libvirt
if ! running /run/vm-portal-virtlogd.pid; then
  say "starting virtlogd"
  virtlogd -d --pid-file /run/vm-portal-virtlogd.pid || die "virtlogd did not start"
fi
if ! running /run/vm-portal-libvirtd.pid; then
  say "starting libvirtd"
  libvirtd -d --pid-file /run/vm-portal-libvirtd.pid || die "libvirtd did not start"
fi
# The first connection after start probes QEMU's capabilities (about 12 s on two cores).
wait_until 120 "libvirtd answering on qemu:///system" virsh -q -c qemu:///system list --all
say "libvirtd is up ($(virsh -c qemu:///system version | grep -i 'running hypervisor' || true))"
