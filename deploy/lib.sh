# Shared by up.sh, join.sh and down.sh: where state lives, how processes are tracked,
# and how Flotilla is built. Every process the scripts start is recorded in
# $STATE_DIR/pids/<name>.pid and only those PIDs are ever signalled.

FLOTILLA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${FLOTILLA_STATE_DIR:-$HOME/.flotilla}"
ETCD_PORT="${FLOTILLA_ETCD_PORT:-2379}"
ETCD_PEER_PORT="${FLOTILLA_ETCD_PEER_PORT:-2380}"
API_PORT="${FLOTILLA_API_PORT:-7443}"
API_HEALTH_PORT="${FLOTILLA_API_HEALTH_PORT:-7444}"
# The Kubernetes HTTP API (HTTPS, for kubectl); kube-apiserver's default port.
API_SECURE_PORT="${FLOTILLA_API_SECURE_PORT:-6443}"
SCHEDULER_HEALTH_PORT="${FLOTILLA_SCHEDULER_HEALTH_PORT:-10259}"
CONTROLLER_MANAGER_HEALTH_PORT="${FLOTILLA_CONTROLLER_MANAGER_HEALTH_PORT:-10257}"
AGENT_HEALTH_PORT="${FLOTILLA_AGENT_HEALTH_PORT:-10248}"
DNS_HEALTH_PORT="${FLOTILLA_DNS_HEALTH_PORT:-10054}"
CLUSTER_DNS_IP="${FLOTILLA_CLUSTER_DNS_IP:-10.96.0.10}"
AGENT_STREAMING_PORT="${FLOTILLA_AGENT_STREAMING_PORT:-10250}"
NODE_NAME="${FLOTILLA_NODE_NAME:-$(hostname | tr '[:upper:]' '[:lower:]')}"
AGENTS="${FLOTILLA_AGENTS:-1}"
# Agent i (from 1) listens on the base ports plus (i-1) * this stride, so
# several agents on one host never collide with each other or the control plane.
AGENT_PORT_STRIDE=100
START_TIMEOUT_SECONDS="${FLOTILLA_START_TIMEOUT:-60}"

source "$FLOTILLA_ROOT/deploy/malloc.sh"

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

pid_file() { echo "$STATE_DIR/pids/$1.pid"; }

is_running() {
  local f; f="$(pid_file "$1")"
  [[ -f "$f" ]] && kill -0 "$(cat "$f")" 2>/dev/null
}

# start_bg NAME CMD... : runs CMD in the background with its log in the state dir.
start_bg() {
  local name="$1"; shift
  mkdir -p "$STATE_DIR/pids" "$STATE_DIR/logs"
  nohup "$@" >>"$STATE_DIR/logs/$name.log" 2>&1 &
  echo $! >"$(pid_file "$name")"
}

# start_control_plane_bg NAME CMD... : start_bg with the control plane's allocator, when there is one.
start_control_plane_bg() {
  local name="$1" malloc_env; shift
  mapfile -t malloc_env < <(control_plane_malloc_env)
  start_bg "$name" env "${malloc_env[@]}" "$@"
}

stop_bg() {
  local name="$1" f pid
  f="$(pid_file "$name")"
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    say "stopped $name (pid $pid)"
  fi
  rm -f "$f"
}

# wait_http NAME URL [CURL_ARGS...] : polls until URL answers 2xx or the start timeout passes.
wait_http() {
  local name="$1" url="$2" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  shift 2
  until curl -fsS -o /dev/null "$@" "$url" 2>/dev/null; do
    if ! is_running "$name"; then die "$name exited; see $STATE_DIR/logs/$name.log"; fi
    (( SECONDS < deadline )) || die "$name did not become healthy in ${START_TIMEOUT_SECONDS}s; see $STATE_DIR/logs/$name.log"
    sleep 0.3
  done
}

# Agent i of AGENTS: its node name, Docker network, state dir and ports. One
# agent keeps the plain host name and the agent's default network.
agent_node_name() { if (( AGENTS == 1 )); then echo "$NODE_NAME"; else echo "$NODE_NAME-$1"; fi; }
agent_network() { if (( AGENTS == 1 )); then echo flotilla; else echo "flotilla-$1"; fi; }
agent_state_dir() { echo "$STATE_DIR/agents/$(agent_node_name "$1")"; }
agent_health_port() { echo $((AGENT_HEALTH_PORT + ($1 - 1) * AGENT_PORT_STRIDE)); }
agent_streaming_port() { echo $((AGENT_STREAMING_PORT + ($1 - 1) * AGENT_PORT_STRIDE)); }
agent_process_name() { echo "agent-$(agent_node_name "$1")"; }

# The HTTPS port's credentials (deploy/pki.sh) and the kubeconfig that uses them.
pki_dir() { echo "$STATE_DIR/pki"; }
kubeconfig_file() { echo "$STATE_DIR/kubeconfig"; }

# The nodes up.sh started, one a line, so down.sh knows whose containers to remove.
nodes_file() { echo "$STATE_DIR/nodes"; }
# Present once the default StorageClass was created in this cluster's etcd.
storage_class_marker() { echo "$STATE_DIR/default-storage-class.created"; }

# Builds Flotilla (after checking the npm dependencies: ensure_node_modules, in
# prerequisites.sh). FLOTILLA_SKIP_BUILD=1 runs the dist/ that is already there
# instead: a machine handed a built checkout, or a test that runs these scripts
# from the dist/ it is itself running from (a rebuild would rewrite it underneath).
build() {
  if [[ "${FLOTILLA_SKIP_BUILD:-}" == 1 ]]; then
    [[ -f "$FLOTILLA_ROOT/dist/agent/main.js" && -f "$FLOTILLA_ROOT/dist/cli/main.js" ]] \
      || die "FLOTILLA_SKIP_BUILD=1, but Flotilla is not built in $FLOTILLA_ROOT/dist (run npm run build)"
    say "using the Flotilla already built in $FLOTILLA_ROOT/dist (FLOTILLA_SKIP_BUILD=1)"
    return
  fi
  ensure_node_modules
  say "building"
  npm run --silent build
}
