#!/usr/bin/env bash
# Brings up a local Flotilla cluster on this machine: installs what is missing,
# builds the offline images, starts etcd, the apiserver, the scheduler, the
# controller-manager and one agent (or --agents N, all on the local Docker
# engine) in the background, waits for the nodes to be Ready, writes the
# flotctl config and a kubeconfig for the Kubernetes HTTP API (HTTPS, with the
# credentials deploy/pki.sh makes). Every component calls the apiserver with its
# own certificate (system:kube-scheduler, system:kube-controller-manager,
# system:kube-dns, system:node:NAME); flotctl with the admin's. Run again, it
# reuses whatever is already running and the credentials that exist.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/prerequisites.sh"

usage() {
  cat <<USAGE
usage: deploy/up.sh [--agents N] [--state-dir DIR] [--node-name NAME]
                    [--etcd-port N] [--etcd-peer-port N] [--api-port N] [--api-health-port N]
                    [--api-secure-port N]
                    [--scheduler-health-port N] [--controller-manager-health-port N]
                    [--agent-health-port N] [--agent-streaming-port N] [--dns-health-port N]
                    [--encrypt-secrets] [--api-bind-address ADDR]

  --agents N    start N agents on the local Docker engine, nodes NAME-1..NAME-N, each with
                its own Docker network (flotilla-I), state dir and ports (base + (I-1)*100)
  --encrypt-secrets  keep Secrets encrypted in etcd (AES-GCM): writes STATE_DIR/pki/encryption-config.yaml
                (mode 600, a fresh key the first time, kept after) and gives it to the apiserver
  --api-bind-address ADDR  where the apiserver's gRPC and HTTPS ports listen (127.0.0.1); 0.0.0.0 lets
                other machines join (deploy/join.sh)

Environment (the flags win): FLOTILLA_AGENTS, FLOTILLA_STATE_DIR (~/.flotilla), FLOTILLA_NODE_NAME
(the host name), FLOTILLA_ETCD_PORT (2379), FLOTILLA_ETCD_PEER_PORT (2380), FLOTILLA_API_PORT (7443),
FLOTILLA_API_HEALTH_PORT (7444), FLOTILLA_API_SECURE_PORT (6443, the Kubernetes HTTP API for kubectl),
FLOTILLA_SCHEDULER_HEALTH_PORT (10259),
FLOTILLA_CONTROLLER_MANAGER_HEALTH_PORT (10257), FLOTILLA_AGENT_HEALTH_PORT (10248),
FLOTILLA_AGENT_STREAMING_PORT (10250), FLOTILLA_DNS_HEALTH_PORT (10054),
FLOTILLA_CLUSTER_DNS_IP (10.96.0.10, the kube-dns ClusterIP), FLOTILLA_START_TIMEOUT (60 s per step),
FLOTILLA_ENCRYPT_SECRETS (1: as --encrypt-secrets), FLOTILLA_API_BIND_ADDRESS (127.0.0.1),
FLOTILLA_SKIP_BUILD (1: run the dist/ already built instead of building)
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --state-dir) STATE_DIR="$2"; shift 2 ;;
    --api-port) API_PORT="$2"; shift 2 ;;
    --etcd-port) ETCD_PORT="$2"; shift 2 ;;
    --etcd-peer-port) ETCD_PEER_PORT="$2"; shift 2 ;;
    --api-health-port) API_HEALTH_PORT="$2"; shift 2 ;;
    --api-secure-port) API_SECURE_PORT="$2"; shift 2 ;;
    --scheduler-health-port) SCHEDULER_HEALTH_PORT="$2"; shift 2 ;;
    --controller-manager-health-port) CONTROLLER_MANAGER_HEALTH_PORT="$2"; shift 2 ;;
    --agent-health-port) AGENT_HEALTH_PORT="$2"; shift 2 ;;
    --agent-streaming-port) AGENT_STREAMING_PORT="$2"; shift 2 ;;
    --agents) AGENTS="$2"; shift 2 ;;
    --dns-health-port) DNS_HEALTH_PORT="$2"; shift 2 ;;
    --node-name) NODE_NAME="$2"; shift 2 ;;
    --encrypt-secrets) ENCRYPT_SECRETS=1; shift ;;
    --api-bind-address) API_BIND_ADDRESS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

ENCRYPT_SECRETS="${ENCRYPT_SECRETS:-${FLOTILLA_ENCRYPT_SECRETS:-}}"
API_BIND_ADDRESS="${API_BIND_ADDRESS:-${FLOTILLA_API_BIND_ADDRESS:-127.0.0.1}}"
[[ "$AGENTS" =~ ^[1-9][0-9]*$ ]] || die "--agents must be a positive number, got \"$AGENTS\""

# Clients reach etcd over HTTPS and must show a certificate of the cluster CA
# (the apiserver's is apiserver-etcd-client); etcdctl needs --cacert, --cert and --key.
# The single member's peer port has no peer to talk to, so it stays plaintext on loopback.
start_etcd() {
  if is_running etcd; then say "etcd already running"; return; fi
  local pki; pki="$(pki_dir)"
  mkdir -p "$STATE_DIR/etcd"
  say "starting etcd on https://127.0.0.1:$ETCD_PORT (client certificates of $pki/ca.crt)"
  start_bg etcd etcd --name flotilla --data-dir "$STATE_DIR/etcd" \
    --listen-client-urls "https://127.0.0.1:$ETCD_PORT" --advertise-client-urls "https://127.0.0.1:$ETCD_PORT" \
    --cert-file "$pki/etcd-server.crt" --key-file "$pki/etcd-server.key" --client-cert-auth --trusted-ca-file "$pki/ca.crt" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "flotilla=http://127.0.0.1:$ETCD_PEER_PORT"
  wait_http etcd "https://127.0.0.1:$ETCD_PORT/health" \
    --cacert "$pki/ca.crt" --cert "$pki/apiserver-etcd-client.crt" --key "$pki/apiserver-etcd-client.key"
}

# The host's own addresses, so the serving certificate also fits a kubectl that
# reaches this machine by IP. Docker's bridges are left out: their addresses come
# and go with networks, and every change would make pki.sh issue a new certificate.
host_addresses() {
  if command -v ip >/dev/null; then
    ip -o addr show scope global 2>/dev/null | awk '$2 !~ /^(docker|br-|veth)/ { split($4, a, "/"); print a[1] }'
  else
    hostname -I 2>/dev/null | tr ' ' '\n'
  fi
}

# The kubernetes Service's ClusterIP: the first address of the apiserver's default
# --service-cluster-ip-range (10.96.0.0/12). In-cluster clients dial it by address,
# so the serving certificate must name it.
KUBERNETES_SERVICE_IP=10.96.0.1

# The CA, the apiserver's serving certificate, every component's client
# certificate, one per agent's node, and the admin's token; pki.sh keeps what
# exists, so kubeconfigs handed out earlier stay valid.
ensure_pki() {
  local addresses=() i
  mapfile -t addresses < <(host_addresses | grep -v '^$' || true)
  say "cluster credentials in $(pki_dir)"
  "$FLOTILLA_ROOT/deploy/pki.sh" "$(pki_dir)" "$KUBERNETES_SERVICE_IP" "${addresses[@]}"
  for i in $(seq 1 "$AGENTS"); do
    "$FLOTILLA_ROOT/deploy/pki.sh" "$(pki_dir)" --node "$(agent_node_name "$i")" 127.0.0.1
  done
}

# identity_flags CERT: kubectl's credential flags for CERT.crt/.key in the PKI
# dir (nodes/NAME for an agent) and the cluster CA, one a line, for mapfile.
identity_flags() {
  local pki; pki="$(pki_dir)"
  printf '%s\n' --certificate-authority "$pki/ca.crt" --client-certificate "$pki/$1.crt" --client-key "$pki/$1.key"
}

# flotctl as the cluster admin (kubernetes-admin, system:masters), against the gRPC port.
flotctl_admin() {
  local admin; mapfile -t admin < <(identity_flags admin)
  node "$FLOTILLA_ROOT/dist/cli/main.js" --server "127.0.0.1:$API_PORT" "${admin[@]}" "$@"
}

# kube-apiserver's EncryptionConfiguration for Secrets: a random AES-256-GCM key
# encrypts, identity still reads Secrets written before encryption was turned on.
# An existing file is kept: a new key would leave every stored Secret unreadable.
encryption_config() {
  local file; file="$(pki_dir)/encryption-config.yaml"
  if [[ ! -f "$file" ]]; then
    say "new Secret encryption key in $file" >&2
    local key; key="$(head -c 32 /dev/urandom | base64)"
    (umask 077; cat >"$file" <<YAML
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm:
          keys:
            - name: key1
              secret: $key
      - identity: {}
YAML
    )
  fi
  echo "$file"
}

# serving_tls_flags NAME : --tls-cert-file, --tls-private-key-file and --client-ca-file (one a line) for NAME's
# own ports: its certificate from pki.sh (NAME is a path under the pki dir), the cluster CA for its callers.
serving_tls_flags() {
  local pki; pki="$(pki_dir)"
  printf '%s\n' --tls-cert-file "$pki/$1.crt" --tls-private-key-file "$pki/$1.key" --client-ca-file "$pki/ca.crt"
}

# wait_healthz NAME PORT : /healthz over TLS, trusting only the cluster CA (it needs no client certificate).
wait_healthz() {
  wait_http "$1" "https://127.0.0.1:$2/healthz" --cacert "$(pki_dir)/ca.crt"
}

start_apiserver() {
  if is_running apiserver; then say "apiserver already running"; return; fi
  local pki; pki="$(pki_dir)"
  local encryption=()
  [[ "$ENCRYPT_SECRETS" == 1 ]] && encryption=(--encryption-provider-config "$(encryption_config)")
  say "starting apiserver on $API_BIND_ADDRESS:$API_PORT (gRPC) and $API_BIND_ADDRESS:$API_SECURE_PORT (HTTPS)"
  start_control_plane_bg apiserver node "$FLOTILLA_ROOT/dist/apiserver/main.js" \
    --etcd-servers "https://127.0.0.1:$ETCD_PORT" --etcd-cafile "$pki/ca.crt" \
    --etcd-certfile "$pki/apiserver-etcd-client.crt" --etcd-keyfile "$pki/apiserver-etcd-client.key" \
    --bind-address "$API_BIND_ADDRESS" --port "$API_PORT" --health-port "$API_HEALTH_PORT" \
    --secure-port "$API_SECURE_PORT" --tls-cert-file "$pki/apiserver-chain.crt" --tls-private-key-file "$pki/apiserver.key" \
    --client-ca-file "$pki/ca.crt" --token-auth-file "$pki/tokens.csv" --enable-bootstrap-token-auth "${encryption[@]}" \
    --kubelet-client-certificate "$pki/apiserver-kubelet-client.crt" --kubelet-client-key "$pki/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$pki/ca.crt" \
    --service-account-signing-key-file "$pki/sa.key" --service-account-key-file "$pki/sa.pub" \
    --audit-log-path "$STATE_DIR/logs/audit.log" --audit-policy-level Metadata
  wait_healthz apiserver "$API_HEALTH_PORT"
  # kubectl is told to use the HTTPS port as soon as up.sh ends: it must answer, with the CA's trust.
  wait_http apiserver "https://127.0.0.1:$API_SECURE_PORT/readyz" --cacert "$pki/ca.crt"
}

# The default StorageClass, applied once in the cluster's life (as kind and
# minikube create theirs with the cluster): a marker beside etcd's data records
# it, so a class the user deleted does not come back on the next up.sh, and
# down.sh --purge, which removes the data, removes the marker too.
ensure_default_storage_class() {
  local marker; marker="$(storage_class_marker)"
  [[ -f "$marker" ]] && return
  say "creating the default StorageClass (deploy/manifests/storage-class.yaml)"
  flotctl_admin apply -f "$FLOTILLA_ROOT/deploy/manifests/storage-class.yaml" >/dev/null \
    || die "could not create the default StorageClass; see $STATE_DIR/logs/apiserver.log"
  touch "$marker"
}

start_scheduler() {
  if is_running scheduler; then say "scheduler already running"; return; fi
  say "starting scheduler"
  local creds tls; mapfile -t creds < <(identity_flags scheduler); mapfile -t tls < <(serving_tls_flags scheduler)
  start_control_plane_bg scheduler node "$FLOTILLA_ROOT/dist/scheduler/main.js" \
    --apiserver "127.0.0.1:$API_PORT" "${creds[@]}" --health-port "$SCHEDULER_HEALTH_PORT" "${tls[@]}"
  wait_healthz scheduler "$SCHEDULER_HEALTH_PORT"
}

start_controller_manager() {
  if is_running controller-manager; then say "controller-manager already running"; return; fi
  say "starting controller-manager"
  local creds tls; mapfile -t creds < <(identity_flags controller-manager); mapfile -t tls < <(serving_tls_flags controller-manager)
  start_control_plane_bg controller-manager node "$FLOTILLA_ROOT/dist/controller-manager/main.js" \
    --apiserver "127.0.0.1:$API_PORT" "${creds[@]}" --health-port "$CONTROLLER_MANAGER_HEALTH_PORT" "${tls[@]}" --root-ca-file "$(pki_dir)/ca.crt" \
    --cluster-signing-cert-file "$(pki_dir)/ca.crt" --cluster-signing-key-file "$(pki_dir)/ca.key" \
    --approve-kubelet-serving
  wait_healthz controller-manager "$CONTROLLER_MANAGER_HEALTH_PORT"
}

# The cluster DNS on the host's address, port 53, published as kube-system/kube-dns
# $CLUSTER_DNS_IP; the agents hand that address to ClusterFirst pods.
start_dns() {
  if is_running dns; then say "cluster DNS already running"; return; fi
  say "starting cluster DNS ($CLUSTER_DNS_IP)"
  local creds tls; mapfile -t creds < <(identity_flags dns); mapfile -t tls < <(serving_tls_flags dns)
  start_bg dns node "$FLOTILLA_ROOT/dist/dns/main.js" \
    --apiserver "127.0.0.1:$API_PORT" "${creds[@]}" --cluster-dns-ip "$CLUSTER_DNS_IP" --health-port "$DNS_HEALTH_PORT" "${tls[@]}"
  wait_healthz dns "$DNS_HEALTH_PORT"
}

# start_agent I : agent I of AGENTS, with its own node name, network, state dir and ports.
start_agent() {
  local i="$1" name node health proxy creds tls
  # The agents share this host's packet filter, which needs exactly one node
  # proxy and one pod network: the first agent's rules already route to every
  # node's pods here and open the filter between all nodes' pod CIDRs.
  proxy=true; (( i == 1 )) || proxy=false
  name="$(agent_process_name "$i")"; node="$(agent_node_name "$i")"; health="$(agent_health_port "$i")"
  remember_node "$node"
  if is_running "$name"; then say "agent for node $node already running"; return; fi
  say "starting agent for node $node (network $(agent_network "$i"))"
  mapfile -t creds < <(identity_flags "nodes/$node")
  mapfile -t tls < <(serving_tls_flags "nodes/$node")
  start_bg "$name" node "$FLOTILLA_ROOT/dist/agent/main.js" \
    --apiserver "127.0.0.1:$API_PORT" "${creds[@]}" --node-name "$node" --node-ip 127.0.0.1 \
    --network "$(agent_network "$i")" --state-dir "$(agent_state_dir "$i")" \
    --health-port "$health" --streaming-port "$(agent_streaming_port "$i")" \
    --cluster-dns "$CLUSTER_DNS_IP" --proxy "$proxy" --pod-network "$proxy" "${tls[@]}"
  wait_healthz "$name" "$health"
}

remember_node() {
  mkdir -p "$STATE_DIR"
  grep -qxF "$1" "$(nodes_file)" 2>/dev/null || echo "$1" >>"$(nodes_file)"
}

# A node is Ready once its agent has posted its status.
wait_node_ready() {
  local node="$1" deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  until flotctl_admin get node "$node" --no-headers 2>/dev/null | grep -qw Ready; do
    (( SECONDS < deadline )) || die "node $node did not become Ready in ${START_TIMEOUT_SECONDS}s; see $STATE_DIR/logs/agent-$node.log"
    sleep 0.5
  done
  say "node $node is Ready"
}

# flotctl's config, as the admin; credential paths are relative to the file's
# folder (the state dir), so the folder can move.
write_config() {
  mkdir -p "$STATE_DIR"
  local pki; pki="$(pki_dir)"; pki="${pki#"$STATE_DIR"/}"
  cat >"$STATE_DIR/config.yaml" <<CONFIG
server: 127.0.0.1:$API_PORT
namespace: default
certificateAuthority: $pki/ca.crt
clientCertificate: $pki/admin.crt
clientKey: $pki/admin.key
CONFIG
}

# Rewritten on every run from the same CA and token, so it follows a changed --api-secure-port.
write_kubeconfig() {
  local pki; pki="$(pki_dir)"
  node "$FLOTILLA_ROOT/deploy/write-kubeconfig.mjs" --server "https://127.0.0.1:$API_SECURE_PORT" \
    --certificate-authority "$pki/ca.crt" --token-file "$pki/admin.token" --out "$(kubeconfig_file)"
}

ensure_prerequisites
ensure_dockerd
build
ensure_images
ensure_pki
start_etcd
start_apiserver
ensure_default_storage_class
start_scheduler
start_controller_manager
start_dns
for i in $(seq 1 "$AGENTS"); do start_agent "$i"; done
for i in $(seq 1 "$AGENTS"); do wait_node_ready "$(agent_node_name "$i")"; done
write_config
write_kubeconfig

# A state dir other than the default is not where flotctl looks: say how to point it there.
config_hint="" down_args=""
if [[ "$STATE_DIR" != "$HOME/.flotilla" ]]; then
  config_hint="  not the default state dir, so first: export FLOTILLA_CONFIG=$STATE_DIR/config.yaml"$'\n'
  down_args=" --state-dir $STATE_DIR"
fi

cat <<DONE

Flotilla is up: $AGENTS node(s) Ready. State and logs: $STATE_DIR (logs in $STATE_DIR/logs)
  flotctl config: $STATE_DIR/config.yaml (server 127.0.0.1:$API_PORT, as kubernetes-admin)
  kubeconfig:     $(kubeconfig_file) (server https://127.0.0.1:$API_SECURE_PORT); for kubectl:
    export KUBECONFIG=$(kubeconfig_file)
${config_hint}
Next:
  npx flotctl get nodes
  npx flotctl apply -f examples/nginx-deployment.yaml
  kubectl apply -f examples/hello-service.yaml      # then see README: reach it by name
  npx flotctl get pods -o wide
  deploy/down.sh${down_args}            # stop everything this script started
DONE
