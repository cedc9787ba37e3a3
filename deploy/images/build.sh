#!/usr/bin/env bash
# Builds the offline images Flotilla's lab and tests use, from this repo and
# Debian packages only (no registry is needed):
#   flotilla/pause:3.9                   static pause binary from pause/pause.c, FROM scratch
#   flotilla/busybox:1.35 (and :latest)  busybox-static with its applet links
#   flotilla/nginx:1.22 (and :latest)    Debian's nginx, serving /usr/share/nginx/html on port 80,
#                                        with busybox's sh, cat, ls and wget (as the real image has a shell)
# Idempotent: an image that already exists is skipped unless --force is given.
set -euo pipefail

IMAGES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$IMAGES_DIR/rootfs.sh"
IMAGE_LABEL="io.flotilla.image=1"
PAUSE_IMAGE="flotilla/pause:3.9"
BUSYBOX_IMAGE="flotilla/busybox:1.35"
BUSYBOX_LATEST="flotilla/busybox:latest"
NGINX_IMAGE="flotilla/nginx:1.22"
NGINX_LATEST="flotilla/nginx:latest"
# Raised when an image's contents change, so an older local build is rebuilt.
REVISION_LABEL="io.flotilla.image-revision"
NGINX_REVISION=2
NGINX_TOOLS=(sh cat ls wget)
APT_ATTEMPTS=3
APT_RETRY_SECONDS=5

FORCE=0
ONLY=()

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<USAGE
usage: deploy/images/build.sh [--force] [pause|busybox|nginx ...]
Builds the named images (all by default); --force rebuilds images that exist.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --force) FORCE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    pause|busybox|nginx) ONLY+=("$1"); shift ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done
[[ ${#ONLY[@]} -gt 0 ]] || ONLY=(pause busybox nginx)

command -v docker >/dev/null || die "docker is not installed"
docker info >/dev/null 2>&1 || die "the Docker engine does not answer (is dockerd running?)"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# wanted IMAGE...: true when some of the images must be (re)built.
wanted() {
  [[ $FORCE -eq 1 ]] && return 0
  local image
  for image in "$@"; do image_exists "$image" || return 0; done
  return 1
}

# outdated IMAGE REVISION: true when IMAGE was built from an older revision of this script.
outdated() {
  [[ "$(docker image inspect -f "{{index .Config.Labels \"$REVISION_LABEL\"}}" "$1" 2>/dev/null)" != "$2" ]]
}

# apt_install PACKAGE...: installs the Debian packages that are missing.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing packages: ${missing[*]}; install them (apt-get install -y --no-install-recommends ${missing[*]}) and run again"
  fi
  say "installing ${missing[*]}"
  local attempt
  for attempt in $(seq 1 "$APT_ATTEMPTS"); do
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
      return 0
    fi
    [[ $attempt -eq $APT_ATTEMPTS ]] && die "apt-get install ${missing[*]} failed"
    sleep "$APT_RETRY_SECONDS"
  done
}

WORK="$(mktemp -d /tmp/flotilla-images.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

build_pause() {
  wanted "$PAUSE_IMAGE" || { say "$PAUSE_IMAGE exists"; return; }
  apt_install gcc libc6-dev
  say "building $PAUSE_IMAGE"
  local ctx="$WORK/pause"
  mkdir -p "$ctx"
  gcc -Os -static -Wall -Werror -o "$ctx/pause" "$IMAGES_DIR/pause/pause.c"
  strip "$ctx/pause" 2>/dev/null || true
  cp "$IMAGES_DIR/pause/Dockerfile" "$ctx/Dockerfile"
  # The classic builder handles FROM scratch without a registry; its deprecation notice is noise.
  local out
  if ! out="$(DOCKER_BUILDKIT=0 docker build -q -t "$PAUSE_IMAGE" "$ctx" 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "building $PAUSE_IMAGE failed"
  fi
}

build_busybox() {
  wanted "$BUSYBOX_IMAGE" "$BUSYBOX_LATEST" || { say "$BUSYBOX_IMAGE exists"; return; }
  apt_install busybox-static
  say "building $BUSYBOX_IMAGE"
  local rootfs="$WORK/busybox"
  base_rootfs "$rootfs"
  mkdir -p "$rootfs/var/www"
  busybox_rootfs "$rootfs"
  import_rootfs "$rootfs" "$BUSYBOX_IMAGE" "$IMAGE_LABEL" 'CMD ["sh"]'
  docker tag "$BUSYBOX_IMAGE" "$BUSYBOX_LATEST"
}

build_nginx() {
  if ! wanted "$NGINX_IMAGE" "$NGINX_LATEST" && ! outdated "$NGINX_IMAGE" "$NGINX_REVISION"; then say "$NGINX_IMAGE exists"; return; fi
  apt_install nginx busybox-static
  say "building $NGINX_IMAGE"
  local rootfs="$WORK/nginx"
  base_rootfs "$rootfs"
  copy_with_libs "$rootfs" /usr/sbin/nginx
  mkdir -p "$rootfs/lib64" "$rootfs/etc/nginx" "$rootfs/var/log/nginx" "$rootfs/var/lib/nginx" "$rootfs/usr/share/nginx/html"
  cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
  cp /etc/nginx/mime.types "$rootfs/etc/nginx/mime.types"
  cp "$IMAGES_DIR/nginx/nginx.conf" "$rootfs/etc/nginx/nginx.conf"
  cp "$IMAGES_DIR/nginx/index.html" "$rootfs/usr/share/nginx/html/index.html"
  ln -s /dev/stdout "$rootfs/var/log/nginx/access.log"
  ln -s /dev/stderr "$rootfs/var/log/nginx/error.log"
  printf 'hosts: files dns\npasswd: files\ngroup: files\n' >"$rootfs/etc/nsswitch.conf"
  mkdir -p "$rootfs/bin"
  cp /bin/busybox "$rootfs/bin/busybox"
  local tool
  for tool in "${NGINX_TOOLS[@]}"; do ln -s /bin/busybox "$rootfs/bin/$tool"; done
  import_rootfs "$rootfs" "$NGINX_IMAGE" "$IMAGE_LABEL" 'CMD ["/usr/sbin/nginx"]' 'EXPOSE 80/tcp' "LABEL $REVISION_LABEL=$NGINX_REVISION"
  docker tag "$NGINX_IMAGE" "$NGINX_LATEST"
}

for name in "${ONLY[@]}"; do "build_$name"; done
# A rebuild leaves the previous image untagged; only ours carry the label.
[[ $FORCE -eq 1 ]] && docker image prune -f --filter "label=$IMAGE_LABEL" >/dev/null
say "images ready: $(docker images --filter "label=$IMAGE_LABEL" --format '{{.Repository}}:{{.Tag}}' | grep -v '<none>' | sort | paste -sd ' ')"
