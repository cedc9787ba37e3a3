#!/usr/bin/env bash
# Joins this machine to a Flotilla cluster as a node, as `kubeadm join` does:
# installs what is missing (Docker, openssl, the npm dependencies), builds
# Flotilla and the offline images, gets the node its own client certificate
# with `flotctl join` (the cluster CA pinned by hash, the bootstrap token sent
# only to a server that CA vouches for), starts the agent as a service that
# restarts on failure (a systemd unit when systemd runs the machine, else a
# supervised loop in the background), and waits until the Node is Ready.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

usage() {
  cat <<USAGE
usage: deploy/join.sh --server https://HOST:6443 --token ID.SECRET --ca-cert-hash sha256:HEX
                      [--node-name NAME] [--node-ip IP] [--state-dir DIR] [--grpc-port N] [--host-gateway]
                      [-- AGENT_FLAGS...]

  --server        the apiserver's HTTPS address (flotctl token create --print-join-command prints it)
  --token         a bootstrap token (flotctl token create); used once, to ask for the node's certificate
  --ca-cert-hash  sha256 of the cluster CA's public key; the server must present that CA
  --node-name     this node's name (the host name)
  --node-ip       the address other nodes and the apiserver reach this node at (the agent's default:
                  the first address of a physical interface)
  --state-dir     credentials in DIR/node, the agent's state in DIR/agent, logs in DIR/logs (~/.flotilla)
  --grpc-port     the apiserver's gRPC port, which the agent talks to (7443)
  --host-gateway  the agent takes its pod CIDR from the Node (controller-manager --cluster-cidr) and
                  routes every other node's pod CIDR via that node's address (nodes on one L2 segment)
  -- AGENT_FLAGS  the rest goes to the agent as it is (as kubeadm's KUBELET_EXTRA_ARGS), for example
                  -- --health-port 10348 --streaming-port 10350 --network flotilla-2 --max-pods 50

Environment: FLOTILLA_SKIP_BUILD (1: run the dist/ already built instead of building),
FLOTILLA_JOIN_READY_TIMEOUT (120 s from the agent's start to a Ready Node)
USAGE
}

SERVER="" TOKEN="" CA_CERT_HASH="" NODE_IP="" GRPC_PORT=7443 HOST_GATEWAY=0 AGENT_EXTRA_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --server) SERVER="$2"; shift 2 ;;
    --token) TOKEN="$2"; shift 2 ;;
    --ca-cert-hash) CA_CERT_HASH="$2"; shift 2 ;;
    --node-name) NODE_NAME="$2"; shift 2 ;;
    --node-ip) NODE_IP="$2"; shift 2 ;;
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --grpc-port) GRPC_PORT="$2"; shift 2 ;;
    --host-gateway) HOST_GATEWAY=1; shift ;;
    --) shift; AGENT_EXTRA_ARGS=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done
[[ -n "$SERVER" && -n "$TOKEN" && -n "$CA_CERT_HASH" ]] || { usage >&2; die "--server, --token and --ca-cert-hash are required"; }
[[ "$SERVER" =~ ^https://([^/]+):[0-9]+/?$ || "$SERVER" =~ ^https://([^/:]+)/?$ ]] || die "--server must be https://HOST:PORT, got \"$SERVER\""
API_HOST="${BASH_REMATCH[1]}"
[[ "$CA_CERT_HASH" =~ ^sha256:[0-9a-fA-F]{64}$ ]] || die "--ca-cert-hash must be sha256: and 64 hex digits (flotctl token create --print-join-command prints it), got \"$CA_CERT_HASH\""

# How long the agent gets from start to a Ready Node (it registers, then posts its status).
READY_TIMEOUT_SECONDS="${FLOTILLA_JOIN_READY_TIMEOUT:-120}"
UNIT_NAME=flotilla-agent
UNIT_FILE="/etc/systemd/system/$UNIT_NAME.service"
CREDENTIALS_DIR="$STATE_DIR/node"
# The supervised loop's own pid file is pid_file $UNIT_NAME; this one holds the agent it runs now.
AGENT_PID_FILE="$STATE_DIR/pids/$UNIT_NAME.agent.pid"
# Between an agent's exit and its restart, under systemd (RestartSec) and in the loop alike.
RESTART_DELAY_SECONDS=2
FLOTCTL=(node "$FLOTILLA_ROOT/dist/cli/main.js")

# The node's certificate from an earlier join is kept: the token may have expired since.
credentials_present() {
  [[ -s "$CREDENTIALS_DIR/node.crt" && -s "$CREDENTIALS_DIR/node.key" && -s "$CREDENTIALS_DIR/ca.crt" ]] || return 1
  openssl x509 -in "$CREDENTIALS_DIR/node.crt" -noout -subject -nameopt RFC2253 | grep -q "CN=system:node:$NODE_NAME," \
    && openssl x509 -in "$CREDENTIALS_DIR/node.crt" -noout -checkend 0 >/dev/null
}

join_cluster() {
  if credentials_present; then say "node $NODE_NAME already has its credentials in $CREDENTIALS_DIR"; return; fi
  say "joining $SERVER as node $NODE_NAME"
  "${FLOTCTL[@]}" join --server "$SERVER" --token "$TOKEN" --ca-cert-hash "$CA_CERT_HASH" \
    --node-name "$NODE_NAME" --out "$CREDENTIALS_DIR" --grpc-port "$GRPC_PORT" \
    || die "node $NODE_NAME could not join $SERVER (flotctl join said why, above); nothing was started"
}

# The agent's command line, one word a line.
# The agent serves its streaming and health ports with a certificate the cluster
# issues (--rotate-server-certificates: a kubelet-serving CSR, approved by the
# controller-manager's --approve-kubelet-serving or `kubectl certificate approve`),
# so an apiserver with --kubelet-certificate-authority reaches it for logs and exec.
agent_command() {
  printf '%s\n' "$(command -v node)" "$FLOTILLA_ROOT/dist/agent/main.js" \
    --apiserver "$API_HOST:$GRPC_PORT" --node-name "$NODE_NAME" \
    --certificate-authority "$CREDENTIALS_DIR/ca.crt" \
    --client-certificate "$CREDENTIALS_DIR/node.crt" --client-key "$CREDENTIALS_DIR/node.key" \
    --state-dir "$STATE_DIR/agent" --cluster-dns "$CLUSTER_DNS_IP" \
    --rotate-server-certificates
  [[ -n "$NODE_IP" ]] && printf '%s\n' --node-ip "$NODE_IP"
  (( HOST_GATEWAY == 1 )) && printf '%s\n' --pod-cidr-from-node true --host-gateway-routes true
  (( ${#AGENT_EXTRA_ARGS[@]} == 0 )) || printf '%s\n' "${AGENT_EXTRA_ARGS[@]}"
  return 0
}

systemd_runs_this_machine() { [[ "$(cat /proc/1/comm 2>/dev/null)" == systemd ]]; }

start_systemd_unit() {
  local cmd=("$@")
  say "starting the agent as the systemd unit $UNIT_NAME ($UNIT_FILE; journalctl -u $UNIT_NAME)"
  cat >"$UNIT_FILE" <<UNIT
[Unit]
Description=Flotilla node agent ($NODE_NAME)
After=network-online.target docker.service
Wants=network-online.target

[Service]
ExecStart=${cmd[*]}
Restart=always
RestartSec=$RESTART_DELAY_SECONDS

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  systemctl enable --now "$UNIT_NAME.service"
}

# Without systemd: a loop that restarts the agent when it exits, in its own
# process group, so `kill -- -PID` stops the loop and the agent together. It
# writes the running agent's pid to AGENT_PID_FILE.
start_supervised_loop() {
  if is_running "$UNIT_NAME"; then say "the agent's supervisor is already running (pid $(cat "$(pid_file "$UNIT_NAME")"))"; return; fi
  say "starting the agent under a restart loop (no systemd here): pid file $(pid_file "$UNIT_NAME"), log $STATE_DIR/logs/$UNIT_NAME.log"
  start_bg "$UNIT_NAME" setsid bash -c '
    agent_pid_file="$1" delay="$2"; shift 2
    trap "kill \$child 2>/dev/null; rm -f \"\$agent_pid_file\"; exit 0" TERM INT
    while true; do
      "$@" & child=$!
      echo "$child" >"$agent_pid_file"
      wait "$child" && code=0 || code=$?
      echo "agent exited with $code; restarting in $delay s"
      sleep "$delay"
    done' "$UNIT_NAME" "$AGENT_PID_FILE" "$RESTART_DELAY_SECONDS" "$@"
  say "stop it with: kill -- -\$(cat $(pid_file "$UNIT_NAME"))"
}

as_node() {
  "${FLOTCTL[@]}" --server "$API_HOST:$GRPC_PORT" --certificate-authority "$CREDENTIALS_DIR/ca.crt" \
    --client-certificate "$CREDENTIALS_DIR/node.crt" --client-key "$CREDENTIALS_DIR/node.key" "$@"
}

# With the node's own credentials: the node authorizer lets a node read its own Node.
wait_ready() {
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
  until as_node get node "$NODE_NAME" --no-headers 2>/dev/null | grep -qw Ready; do
    (( SECONDS < deadline )) || die "node $NODE_NAME did not become Ready in ${READY_TIMEOUT_SECONDS}s; see the agent's log"
    sleep 1
  done
  say "node $NODE_NAME is Ready"
  as_node get node "$NODE_NAME" -o wide
}

ensure_prerequisites --node
ensure_dockerd
build
ensure_images
join_cluster
mapfile -t AGENT < <(agent_command)
if systemd_runs_this_machine; then start_systemd_unit "${AGENT[@]}"; else start_supervised_loop "${AGENT[@]}"; fi
wait_ready
