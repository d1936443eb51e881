#!/usr/bin/env bash
# Smoke test of the image tarball that `./mvnw -B -Pimage package` writes, without a container runtime (needs root
# for chroot and mounts): unpacks its layers, runs its entrypoint as its user on a read-only root with a tmpfs on
# /tmp (as deploy/ runs it) and no cluster in reach, and expects KULTA's one-line "cannot reach a Kubernetes API
# server" and exit 1 — so the JVM, the classpath and the main class work. It checks start-up only.
set -euo pipefail
tarball="${1:-target/kulta-image.tar}"
work="$(mktemp -d)"
cleanup() {
  for m in proc tmp ""; do umount "$work/root/$m" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/image" "$work/root"
tar -xf "$tarball" -C "$work/image"

read -r user entrypoint < <(python3 - "$work/image" <<'PY'
import json, shlex, subprocess, sys
image = sys.argv[1]
manifest = json.load(open(f"{image}/manifest.json"))[0]
for layer in manifest["Layers"]:
    subprocess.run(["tar", "--warning=no-unknown-keyword", "-xf", f"{image}/{layer}", "-C", f"{image}/../root"], check=True)
config = json.load(open(f"{image}/{manifest['Config']}"))["config"]
print(config.get("User", "0"), shlex.join(["env", "-i", "HOME=/tmp", *config.get("Env", []), *config["Entrypoint"]]))
PY
)
[[ "$user" != 0 && "$user" != root* ]] || { echo "the image runs as root ($user)" >&2; exit 1; }
mkdir -p "$work/root/proc" "$work/root/tmp"
mount --bind "$work/root" "$work/root" && mount -o remount,bind,ro "$work/root"
mount -t tmpfs -o mode=1777,size=64m tmpfs "$work/root/tmp"
mount -t proc proc "$work/root/proc"
if chroot "$work/root" /bin/sh -c ': >/ro-probe' 2>/dev/null; then echo "check-image: the root did not mount read-only" >&2; exit 1; fi
set +e
output="$(eval "timeout 120 chroot --userspec=$user $work/root $entrypoint" 2>&1)"
code=$?
set -e
echo "$output" | tail -3
if [[ $code == 1 && "$output" == *"cannot reach a Kubernetes API server"* ]]; then
  echo "check-image: OK — $tarball runs KULTA as user $user"
else
  echo "check-image: FAILED (exit $code)" >&2
  exit 1
fi
