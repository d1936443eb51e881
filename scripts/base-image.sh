#!/usr/bin/env bash
# Builds a Java 17 JRE base image from Debian packages (mmdebstrap, bookworm) as a `docker save` tarball, for Jib
# on machines that reach Debian's mirrors but no container registry:
#   ./mvnw -B -Pimage package -Dimage.base=tar://$(scripts/base-image.sh | tail -1)
# Not pinned by digest like the pom's default base: the mirror's current bookworm packages go in; the list of
# packages and versions is written beside the tarball. Output: ${KULTA_BASE_IMAGE_DIR:-$HOME/.cache/kulta/base-image}/
# kulta-base-jre17.tar, reused while it exists. Prints its path as its last line.
set -euo pipefail

suite=bookworm
out="${KULTA_BASE_IMAGE_DIR:-$HOME/.cache/kulta/base-image}"
image="$out/kulta-base-jre17.tar"
log() { echo "[base-image] $*" >&2; }

if [[ -f "$image" ]]; then
  log "cached: $image"
  echo "$image"
  exit 0
fi
command -v mmdebstrap >/dev/null || { echo "mmdebstrap is needed: apt-get install mmdebstrap" >&2; exit 3; }

mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
arch="$(dpkg --print-architecture)"
java_home="/usr/lib/jvm/java-17-openjdk-$arch"

log "mmdebstrap $suite ($arch) with openjdk-17-jre-headless"
# Docs, locales and debug symbols are left out (man pages stay: update-alternatives links java.1.gz there).
SOURCE_DATE_EPOCH=0 mmdebstrap --quiet --mode=root --variant=essential --include=openjdk-17-jre-headless \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/lib/debug/*' \
  --customize-hook="chroot \"\$1\" dpkg-query -W -f='\${Package} \${Version}\n' >\"$work/packages.txt\"" \
  "$suite" "$work/layer.tar" >&2

diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
cat >"$work/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=$java_home/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/base-image.sh: mmdebstrap $suite openjdk-17-jre-headless"}]}
JSON
config="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$work/$config"
echo "[{\"Config\":\"$config\",\"RepoTags\":[\"kulta-base:jre17\"],\"Layers\":[\"layer.tar\"]}]" >"$work/manifest.json"
tar --sort=name --mtime=@0 --owner=0 --group=0 -cf "$image.new" -C "$work" manifest.json "$config" layer.tar
cp "$work/packages.txt" "$out/kulta-base-jre17.packages.txt"
mv "$image.new" "$image"
log "built $image ($(du -h "$image" | cut -f1)); packages in $out/kulta-base-jre17.packages.txt"
echo "$image"
