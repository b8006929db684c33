#!/usr/bin/env bash
# Makes the local libvirtd a "remote" host for the tests: starts sshd on a free loopback port (no systemd here) that
# lets root in with a key generated for the tests only, and checks that libvirt's ssh transport reaches libvirtd
# through it. Reuses the sshd a previous run started while it still answers. Prints
# `export PORTAL_TEST_SSH_URI=qemu+ssh://root@127.0.0.1:PORT/system?keyfile=KEY&no_verify=1` for eval.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
# Only the export line may reach stdout (it is eval'd); sshd must not inherit fd 3 (3>&-), or $(...) never returns.
exec 3>&1 1>&2

command -v ssh >/dev/null || die "the ssh client is missing (scripts/install-test-deps.sh installs openssh-client)"
[ -x /usr/sbin/sshd ] || die "sshd is missing (scripts/install-test-deps.sh installs openssh-server)"
command -v virsh >/dev/null || die "virsh is missing (scripts/install-test-deps.sh installs libvirt-clients)"

# Keys and state live under /run: they are for this boot of the machine only, never cached or committed.
dir=/run/vm-portal-sshd
pidfile=$dir/sshd.pid
key=$dir/client_ed25519
mkdir -p "$dir" /run/sshd
chmod 700 "$dir"

[ -s "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C vm-portal-test-host -f "$dir/host_ed25519"
[ -s "$key" ] || ssh-keygen -q -t ed25519 -N '' -C vm-portal-tests -f "$key"
# As the README tells a host's admin to do it: the key may run libvirt's transport, with no pty or forwarding.
echo "restrict $(cat "$key.pub")" > "$dir/authorized_keys"
chmod 600 "$dir"/host_ed25519 "$key" "$dir/authorized_keys"

uri_for() { echo "qemu+ssh://root@127.0.0.1:$1/system?keyfile=$key&no_verify=1"; }

# libvirt's ssh transport runs `ssh` with BatchMode: any prompt (password, host key) is a failure, not a hang.
answers() { virsh -q -c "$(uri_for "$1")" list --all >/dev/null 2>&1; }

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && [ -f "$dir/port" ] && answers "$(cat "$dir/port")"; then
  say "sshd for the remote-host tests already runs on 127.0.0.1:$(cat "$dir/port")"
  echo "export PORTAL_TEST_SSH_URI='$(uri_for "$(cat "$dir/port")")'" >&3
  exit 0
fi
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  say "stopping the previous test sshd (it no longer answers)"
  kill "$(cat "$pidfile")" || true
fi
rm -f "$pidfile" "$dir/port"


# A free port: one nobody listens on now; should another process take it before sshd binds, sshd fails and the
# next candidate is tried.
listening() { (exec 9<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  listening "$port" && continue
  cat > "$dir/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_ed25519
PidFile $pidfile
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
AllowUsers root
X11Forwarding no
PrintMotd no
CONFIG
  /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd refuses its configuration ($dir/sshd_config)"
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" 3>&- || die "sshd did not start (see $dir/sshd.log)"
  # Should another process have taken the port meanwhile, this sshd gives up (its log says so): next candidate.
  deadline=$((SECONDS + 30))
  until listening "$port" && [ -s "$pidfile" ]; do
    [ "$SECONDS" -lt "$deadline" ] || break
    sleep 0.2
  done
  if listening "$port" && [ -s "$pidfile" ]; then started=1; break; fi
done
[ -n "$started" ] || die "sshd did not start on a free loopback port (see $dir/sshd.log)"
echo "$port" > "$dir/port"

# The first connection over ssh reaches libvirtd through virt-ssh-helper (or nc) on the "remote" side.
wait_until 60 "libvirtd answering over qemu+ssh on port $port" answers "$port"
say "sshd for the remote-host tests listens on 127.0.0.1:$port (pid $(cat "$pidfile"))"
echo "export PORTAL_TEST_SSH_URI='$(uri_for "$port")'" >&3
