# Installs what Flotilla needs from Debian when it is missing. Sourced by
# up.sh and test.sh after lib.sh; as root it uses apt-get, otherwise it says
# what to install.

APT_RETRIES=3
APT_RETRY_SLEEP_SECONDS=5

apt_install() {
  local attempt
  if [[ $EUID -ne 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing: $*; install them (Debian/Ubuntu: sudo apt-get install -y $*) and run again"
  fi
  say "installing $*"
  for attempt in $(seq 1 "$APT_RETRIES"); do
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
      return 0
    fi
    sleep "$APT_RETRY_SLEEP_SECONDS"
  done
  die "apt-get could not install $*"
}

DOCKERD_START_TIMEOUT_SECONDS=60

# ensure_prerequisites [--node]: what a cluster needs; with --node, what a node
# joining one needs (no etcd: the control plane's machine runs it).
ensure_prerequisites() {
  local missing=()
  [[ "${1:-}" == --node ]] || command -v etcd >/dev/null || missing+=(etcd-server)
  command -v curl >/dev/null || missing+=(curl)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v dockerd >/dev/null || missing+=(docker.io)
  # Optional: without it the control plane runs on glibc's malloc (lib.sh, control_plane_malloc).
  if [[ "${1:-}" != --node && "${FLOTILLA_MALLOC:-}" != glibc && $EUID -eq 0 && -z "$(control_plane_malloc)" ]] && command -v apt-get >/dev/null; then
    missing+=(libjemalloc2)
  fi
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

# Starts dockerd when no engine answers (machines without systemd, CI), with
# its log in the state dir; an engine that already runs is used as it is.
ensure_dockerd() {
  docker info >/dev/null 2>&1 && return 0
  if [[ $EUID -ne 0 ]]; then die "the Docker engine does not answer; start it (sudo dockerd &) and run again"; fi
  mkdir -p "$STATE_DIR/logs"
  say "starting dockerd (log: $STATE_DIR/logs/dockerd.log)"
  nohup dockerd >>"$STATE_DIR/logs/dockerd.log" 2>&1 &
  local deadline=$((SECONDS + DOCKERD_START_TIMEOUT_SECONDS))
  until docker info >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "dockerd did not answer in ${DOCKERD_START_TIMEOUT_SECONDS}s; see $STATE_DIR/logs/dockerd.log"
    sleep 0.5
  done
}

ensure_images() {
  "$FLOTILLA_ROOT/deploy/images/build.sh"
}

ensure_node_modules() {
  cd "$FLOTILLA_ROOT"
  # npm ls answers from what is installed: it fails when a dependency of
  # package.json is missing or outside its range. Comparing mtimes with
  # package-lock.json misfired on every fresh checkout or git worktree (all its
  # files are newer than an existing install) and reinstalled for nothing.
  if [[ ! -d node_modules ]] || ! npm ls --depth=0 >/dev/null 2>&1; then
    say "installing npm dependencies"
    npm ci --no-audit --no-fund
  fi
}
