#!/usr/bin/env bash
# Builds the lab's images offline, from this host's Debian binaries copied with
# the libraries ldd lists (no registry, no download):
#   flotilla/lab-runtime:REV-LOCK   busybox, node and Flotilla's npm dependencies (rarely changes)
#   flotilla/lab-control-plane      + etcd, haproxy (the apiservers' balancer), and the built Flotilla (dist/)
#   flotilla/lab-node               + dockerd, containerd, runc, iptables, iproute2, the docker CLI,
#                                     and the built Flotilla: a Docker host running the agent
# Copying binaries rather than a debootstrap root keeps the build to seconds and
# offline: the same packages up.sh already installs here are what the lab runs.
# The two role images are classic-builder layers on the runtime image, so a
# rebuild after a code change only adds the new dist/ layer.
set -euo pipefail

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$LAB_DIR/../.." && pwd)"
source "$ROOT/deploy/images/rootfs.sh"
source "$ROOT/deploy/malloc.sh"

LAB_IMAGE_LABEL="io.flotilla.lab-image=1"
# Raised when what the runtime image holds changes, so an older one is rebuilt;
# the lock file's hash does the same whenever the npm dependencies change.
RUNTIME_REVISION=1
LOCK_HASH_CHARS=12
RUNTIME_IMAGE="flotilla/lab-runtime:$RUNTIME_REVISION-$(sha256sum "$ROOT/package-lock.json" | cut -c1-"$LOCK_HASH_CHARS")"
CONTROL_PLANE_IMAGE="${FLOTILLA_LAB_CONTROL_PLANE_IMAGE:-flotilla/lab-control-plane:latest}"
NODE_IMAGE="${FLOTILLA_LAB_NODE_IMAGE:-flotilla/lab-node:latest}"
XTABLES_DIR=/usr/lib/x86_64-linux-gnu/xtables
NODE_BINARIES=(/usr/sbin/dockerd /usr/bin/containerd /usr/bin/containerd-shim-runc-v2 /usr/sbin/runc
  /usr/sbin/docker-proxy /usr/bin/tini-static /usr/sbin/xtables-nft-multi /usr/sbin/ip /usr/bin/docker)
IPTABLES_TOOLS=(iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore)

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

WORK="$(mktemp -d /tmp/flotilla-lab-images.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

for binary in /usr/bin/node /usr/bin/etcd /usr/sbin/haproxy /bin/busybox "${NODE_BINARIES[@]}"; do
  [[ -x "$binary" ]] || die "$binary is missing (deploy/lab.sh installs docker.io, etcd-server, haproxy, busybox-static, iproute2 and iptables)"
done
[[ -f "$ROOT/dist/agent/main.js" ]] || die "Flotilla is not built (npm run build)"

build_runtime() {
  if docker image inspect "$RUNTIME_IMAGE" >/dev/null 2>&1; then say "$RUNTIME_IMAGE exists"; return; fi
  say "building $RUNTIME_IMAGE (busybox, node, npm dependencies)"
  local rootfs="$WORK/runtime" modules
  base_rootfs "$rootfs"
  busybox_rootfs "$rootfs"
  ln -s /run "$rootfs/var/run"
  printf 'hosts: files dns\npasswd: files\ngroup: files\n' >"$rootfs/etc/nsswitch.conf"
  copy_with_libs "$rootfs" /usr/bin/node
  modules="$(readlink -f "$ROOT/node_modules")"
  mkdir -p "$rootfs/opt/flotilla"
  # Type checkers and test clients are not needed to run.
  tar -C "$(dirname "$modules")" --exclude=node_modules/typescript --exclude=node_modules/@kubernetes -c "$(basename "$modules")" \
    | tar -C "$rootfs/opt/flotilla" -x
  [[ "$(basename "$modules")" == node_modules ]] || mv "$rootfs/opt/flotilla/$(basename "$modules")" "$rootfs/opt/flotilla/node_modules"
  import_rootfs "$rootfs" "$RUNTIME_IMAGE" "$LAB_IMAGE_LABEL" 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
}

# The built Flotilla, the same for both roles.
app_tar() {
  local app="$WORK/app/opt/flotilla"
  mkdir -p "$app"
  cp "$ROOT/package.json" "$app/"
  cp -r "$ROOT/dist" "$ROOT/proto" "$app/"
  rm -rf "$app/dist/e2e" "$app/dist/bench"
  find "$app/dist" -name '*.test.js' -delete
  mkdir -p "$app/deploy" && cp -r "$ROOT/deploy/manifests" "$app/deploy/"
  tar --numeric-owner -C "$WORK/app" -cf "$1" .
}

# build_role IMAGE CONTEXT: a classic-builder image FROM the runtime with CONTEXT's extra.tar, app.tar and entrypoint.
build_role() {
  local image="$1" ctx="$2" out
  cp "$LAB_DIR/entrypoint.sh" "$ctx/entrypoint.sh"
  cp "$LAB_DIR/https-health.cjs" "$ctx/https-health.cjs"
  cat >"$ctx/Dockerfile" <<DOCKERFILE
FROM $RUNTIME_IMAGE
ADD extra.tar /
ADD app.tar /
COPY entrypoint.sh /usr/local/bin/flotilla-lab
COPY https-health.cjs /usr/local/bin/lab-https-health
LABEL $LAB_IMAGE_LABEL
ENTRYPOINT ["/usr/local/bin/flotilla-lab"]
DOCKERFILE
  if ! out="$(DOCKER_BUILDKIT=0 docker build -q -t "$image" "$ctx" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "building $image failed"
  fi
}

build_control_plane() {
  say "building $CONTROL_PLANE_IMAGE (etcd, haproxy, Flotilla)"
  local ctx="$WORK/control-plane" extra="$WORK/control-plane-root"
  mkdir -p "$ctx" "$extra"
  copy_with_libs "$extra" /usr/bin/etcd /usr/sbin/haproxy
  # The apiservers, schedulers and controller-managers run on jemalloc as up.sh starts them (entrypoint.sh exports malloc-env).
  local malloc; malloc="$(control_plane_malloc)"
  if [[ -n "$malloc" ]]; then
    copy_with_libs "$extra" "$malloc"
    mkdir -p "$extra/opt/flotilla" && control_plane_malloc_env >"$extra/opt/flotilla/malloc-env"
  fi
  tar --numeric-owner -C "$extra" -cf "$ctx/extra.tar" .
  cp "$WORK/app.tar" "$ctx/app.tar"
  build_role "$CONTROL_PLANE_IMAGE" "$ctx"
}

build_node() {
  say "building $NODE_IMAGE (dockerd, containerd, runc, iptables, iproute2, Flotilla)"
  local ctx="$WORK/node" extra="$WORK/node-root" tool
  mkdir -p "$ctx" "$extra"
  copy_with_libs "$extra" "${NODE_BINARIES[@]}"
  # iptables loads its matches and targets with dlopen: ldd does not list them.
  copy_with_libs "$extra" "$XTABLES_DIR"/*.so
  for tool in "${IPTABLES_TOOLS[@]}"; do ln -sf xtables-nft-multi "$extra/usr/sbin/$tool"; done
  ln -sf tini-static "$extra/usr/bin/docker-init"
  tar --numeric-owner -C "$extra" -cf "$ctx/extra.tar" .
  cp "$WORK/app.tar" "$ctx/app.tar"
  build_role "$NODE_IMAGE" "$ctx"
}

build_runtime
app_tar "$WORK/app.tar"
build_control_plane
build_node
say "lab images ready: $RUNTIME_IMAGE $CONTROL_PLANE_IMAGE $NODE_IMAGE"
