#!/usr/bin/env bash
# Builds the real Kubernetes API tier for the tests from Go modules: kube-apiserver and kubectl (tools/k8s),
# etcd (tools/etcd), plus the Gateway API standard CRDs. The pins live in those go.mod files and below.
# Output: ${KULTA_K8S_CACHE:-$HOME/.cache/kulta}/k8s-<version>/{bin,crds}, reused while its stamp matches.
# Prints that directory as its last line.
set -euo pipefail

GATEWAY_API_VERSION=v1.3.0
root="$(cd "$(dirname "$0")/.." && pwd)"
k8s_version="$(awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ {print $2}' "$root/tools/k8s/go.mod")"
[[ "$k8s_version" =~ ^v1\.([0-9]+)\.[0-9]+$ ]] || { echo "cannot read the k8s.io/kubernetes pin from tools/k8s/go.mod" >&2; exit 1; }
k8s_minor="${BASH_REMATCH[1]}"
out="${KULTA_K8S_CACHE:-$HOME/.cache/kulta}/k8s-$k8s_version"

log() { echo "[k8s-test-binaries] $*" >&2; }

version_flags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  version_flags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$k8s_minor -X $pkg.gitTreeState=clean"
done
# The stamp changes with any pin or build flag, so an edited pin rebuilds; edits elsewhere in this script do not.
stamp="$( (cat "$root"/tools/k8s/go.{mod,sum} "$root"/tools/etcd/go.{mod,sum}; echo "$GATEWAY_API_VERSION $version_flags") \
  | sha256sum | cut -d' ' -f1)"

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9 # concurrent test JVMs wait for one build instead of racing
if [[ -f "$out/stamp" && "$(cat "$out/stamp")" == "$stamp" ]]; then
  log "cached: $out"
  echo "$out"
  exit 0
fi

command -v go >/dev/null || { echo "no 'go' on the PATH: Go 1.24+ is needed to build the binaries" >&2; exit 3; }
export GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS=-buildvcs=false
log "building Kubernetes $k8s_version with $(go version) into $out (the first build takes several minutes)"
start=$SECONDS
rm -rf "$out/bin" "$out/crds" "$out/stamp" "$out/.new"
mkdir -p "$out/.new/bin" "$out/.new/crds/gateway-api"

log "go build kube-apiserver kubectl"
(cd "$root/tools/k8s" && go build -trimpath -ldflags "-s -w$version_flags" -o "$out/.new/bin/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kubectl)
log "go build etcd ($((SECONDS - start)) s so far)"
(cd "$root/tools/etcd" && go build -trimpath -ldflags "-s -w" -o "$out/.new/bin/etcd" go.etcd.io/etcd/server/v3)

log "Gateway API $GATEWAY_API_VERSION CRDs"
gw_dir="$(cd "$root/tools/k8s" && go mod download -json "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" \
  | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
[[ -d "$gw_dir/config/crd/standard" ]] || { echo "no config/crd/standard in sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION" >&2; exit 1; }
cp "$gw_dir"/config/crd/standard/*.yaml "$out/.new/crds/gateway-api/"
chmod u+w "$out"/.new/crds/gateway-api/*.yaml # files from the module cache are read-only

mv "$out/.new/bin" "$out/.new/crds" "$out/" && rmdir "$out/.new"
"$out/bin/kube-apiserver" --version >&2
"$out/bin/etcd" --version | head -1 >&2
echo "$stamp" >"$out/stamp"
log "built in $((SECONDS - start)) s: $out"
echo "$out"
