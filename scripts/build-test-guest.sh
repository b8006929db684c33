#!/usr/bin/env bash
# Builds (once, cached outside the repository) a tiny Linux guest for the libvirt tests: Debian's cloud kernel and
# an initramfs of busybox whose /init loads the virtio drivers and the balloon, answers the ACPI power button
# (busybox acpid: "PORTAL-GUEST-POWER-BUTTON" on the console, then power off, which libvirt turns into a reboot
# when it asked for one), makes some disk and network traffic, and reports on its serial console:
# "PORTAL-GUEST-READY" on each boot, then "PORTAL-BLOCKS vda vdb ..." whenever the set of block devices changes.
# Also its out-of-memory variant (initrd-oom.img, the same initramfs with another /init) for the triage test.
# Prints `export PORTAL_TEST_GUEST=DIR` for eval.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# Only the export line may reach stdout (it is eval'd): everything else, including tools' chatter, goes to stderr.
exec 3>&1 1>&2

# The cache key is this script itself: a guest built by an older version is never taken for this one's.
key=$(sha256sum "$0" | cut -c1-12)
out="$PORTAL_CACHE/guest-$key"
# The out-of-memory variant: the ordinary guest's initramfs with another /init. It swaps to vdb (a disk the host
# throttles) and runs a small service that pings the host side of its tap (10.99.0.1); after a calm spell
# (portal.calm=SECONDS on the kernel command line) it fills a tmpfs beyond its RAM (portal.fill=MiB) and keeps
# reading it back, so the guest swaps hard and faults pages in: "PORTAL-OOM-FILLING", then "PORTAL-OOM-FULL".
build_oom_variant() {
  if [ -s "$out/initrd-oom.img" ]; then return; fi
  say "building the out-of-memory variant of the test guest"
  local root
  root=$(mktemp -d)
  (cd "$root" && gzip -dc "$out/initrd.img" | cpio -id --quiet) || die "could not unpack $out/initrd.img"
  # The same boot as the ordinary guest (drivers, network), up to where it says it is ready; then its own part.
  sed '/PORTAL-GUEST-READY/,$d' "$root/init" > "$root/init.oom"
  grep -q 'insmod' "$root/init.oom" || die "the ordinary guest's /init has changed shape: no boot part found"
  cat >> "$root/init.oom" <<'INIT'
arg() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" /proc/cmdline; }
calm=$(arg portal.calm); calm=${calm:-60}
fill=$(arg portal.fill); fill=${fill:-256}
mkswap /dev/vdb >/dev/null 2>&1 && swapon /dev/vdb
echo "PORTAL-GUEST-READY" > /dev/console
# The service: a steady stream of pings to the host side of the tap, answered there.
( while true; do ping -c 1 -s 1400 -W 1 10.99.0.1 >/dev/null 2>&1; usleep 100000; done ) &
sleep "$calm"
echo "PORTAL-OOM-FILLING" > /dev/console
mkdir -p /fill
mount -t tmpfs -o size=$((fill * 2))m tmpfs /fill
dd if=/dev/zero of=/fill/ballast bs=1M count="$fill" 2>/dev/null
echo "PORTAL-OOM-FULL" > /dev/console
while true; do cat /fill/ballast > /dev/null; done
INIT
  mv "$root/init.oom" "$root/init"
  chmod +x "$root/init"
  (cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd-oom.img.tmp"
  rm -rf "$root"
  chmod 644 "$out/initrd-oom.img.tmp"
  mv "$out/initrd-oom.img.tmp" "$out/initrd-oom.img"
  say "out-of-memory variant built in $out/initrd-oom.img"
}

if [ -s "$out/vmlinuz" ] && [ -s "$out/initrd.img" ] && [ -f "$out/.version" ]; then
  say "test guest cached in $out ($(cat "$out/.version"))"
  build_oom_variant
  echo "export PORTAL_TEST_GUEST='$out'" >&3
  exit 0
fi

# The kernel package changes with Debian point releases: resolve it, never hard-code it.
kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')
if [ -z "$kernel_pkg" ]; then
  apt-get update -qq
  kernel_pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
fi
[ -n "$kernel_pkg" ] || die "could not resolve Debian's cloud kernel package"
say "building the test guest from $kernel_pkg and busybox-static"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download -qq "$kernel_pkg" busybox-static) || die "apt-get download $kernel_pkg busybox-static failed"
dpkg-deb -x "$work"/linux-image-*.deb "$work/kernel"
dpkg-deb -x "$work"/busybox-static_*.deb "$work/busybox"
version=${kernel_pkg#linux-image-}
modules="$work/kernel/lib/modules/$version"
[ -d "$modules" ] || die "no modules for $version in $kernel_pkg"

root="$work/initramfs"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,lib/modules,etc/acpi/PWRF}
cp "$work/busybox/bin/busybox" "$root/bin/busybox"
# Order matters: each module needs the ones before it.
# button and evdev: the ACPI power button as an input device, which acpid reads.
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk failover net_failover virtio_net virtio_balloon button evdev; do
  ko=$(find "$modules" -name "$m.ko*" | head -1)
  [ -n "$ko" ] || die "module $m not found in $kernel_pkg"
  case "$ko" in
    *.xz) xz -dc "$ko" > "$root/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$ko" > "$root/lib/modules/$m.ko" ;;
    *) cp "$ko" "$root/lib/modules/$m.ko" ;;
  esac
  echo "$m" >> "$root/lib/modules/order"
done

cat > "$root/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $(cat /lib/modules/order); do insmod /lib/modules/$m.ko; done
# The power button: acpid opens the input devices present when it starts, so after the modules; the guest is
# ready only once acpid holds them, or a button pressed at once would be lost.
acpid -f -l /dev/null -p /tmp/acpid.pid &
acpid_pid=$!
tries=0
while [ $tries -lt 100 ] && ! ls -l /proc/$acpid_pid/fd 2>/dev/null | grep -q /dev/input/event; do sleep 0.1; tries=$((tries + 1)); done
ip link set lo up
for nic in /sys/class/net/eth*; do [ -e "$nic" ] && ip link set "${nic##*/}" up && ip addr add 10.99.0.2/24 dev "${nic##*/}"; done
echo "PORTAL-GUEST-READY" > /dev/console
# Some traffic for the counters: reads from the root disk, pings into the void.
( while true; do dd if=/dev/vda of=/dev/null bs=64k count=32 2>/dev/null; ping -c 2 -W 1 10.99.0.1 >/dev/null 2>&1; sleep 1; done ) &
prev=""
while true; do
  cur=$(ls /sys/block | grep -v '^loop\|^ram' | tr '\n' ' ')
  [ "$cur" != "$prev" ] && echo "PORTAL-BLOCKS $cur" > /dev/console && prev="$cur"
  sleep 0.5
done
INIT
chmod +x "$root/init"

# busybox acpid runs /etc/acpi/<ACTION>/<PARAMETER> for an event: PWRF/00000080 is the power button.
cat > "$root/etc/acpi/PWRF/00000080" <<'BUTTON'
#!/bin/busybox sh
echo "PORTAL-GUEST-POWER-BUTTON" > /dev/console
sync
poweroff -f
BUTTON
chmod +x "$root/etc/acpi/PWRF/00000080"

mkdir -p "$out"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$out/initrd.img.tmp"
cp "$work/kernel/boot/vmlinuz-$version" "$out/vmlinuz.tmp"
mv "$out/initrd.img.tmp" "$out/initrd.img"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
echo "$version" > "$out/.version"
chmod 644 "$out"/*
say "test guest built in $out"
build_oom_variant
echo "export PORTAL_TEST_GUEST='$out'" >&3
