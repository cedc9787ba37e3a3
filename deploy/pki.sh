#!/usr/bin/env bash
# The cluster's credentials in DIR, with openssl, named as kubeadm names them:
#   ca.crt, ca.key                       the cluster CA (10 years)
#   apiserver.crt/.key                   the apiserver's serving certificate (HTTPS and gRPC)
#   apiserver-chain.crt                  apiserver.crt followed by ca.crt: what the apiserver serves, so a
#                                        joining node finds the CA it pinned by hash (flotctl join)
#   admin.crt/.key                       CN=kubernetes-admin, O=system:masters (client)
#   scheduler.crt/.key                   CN=system:kube-scheduler (client, and serving its own port)
#   controller-manager.crt/.key          CN=system:kube-controller-manager (likewise)
#   dns.crt/.key                         CN=system:kube-dns (likewise)
#   apiserver-kubelet-client.crt/.key    the apiserver's identity towards agents (O=system:masters)
#   apiserver-etcd-client.crt/.key       the apiserver's identity towards etcd
#   etcd-server.crt/.key                 etcd's serving (and peer) certificate
#   nodes/NAME.crt/.key                  CN=system:node:NAME, O=system:nodes (with --node NAME)
#   tokens.csv, admin.token              bearer tokens (--token-auth-file format) and the admin's own
#   sa.key, sa.pub                       the RSA key pair service-account tokens are signed and checked with
# Run again, it keeps what exists; a certificate is issued again (with its old key)
# when the names it must cover changed or when it expires within RENEW_BEFORE_DAYS,
# so running it on every start renews certificates before they expire.
#
# usage: deploy/pki.sh DIR [NAME_OR_IP...]        create what is missing, renew what is due
#        deploy/pki.sh DIR --node NAME [IP...]     the same, plus node NAME's certificate for those addresses
#        deploy/pki.sh DIR --renew [all|CERT...]   issue these certificates again now (CERT as listed below)
#        deploy/pki.sh DIR --check-expiration      print when each certificate expires
#   Serving certificates cover localhost, 127.0.0.1, the kubernetes.default names and
#   this host's name; extra names and addresses are added to the apiserver's and etcd's.
set -euo pipefail

CA_DAYS=3650
LEAF_DAYS=365
RENEW_BEFORE_DAYS=30
SECONDS_PER_DAY=86400
TOKEN_BYTES=32
CA_SUBJECT="/CN=flotilla-ca"
CLIENT_AND_SERVER="clientAuth,serverAuth"
# Certificate name, subject, extended key usages; all but the apiserver's and etcd's cover only this host.
LEAVES=(
  "apiserver|/CN=kube-apiserver|serverAuth"
  "admin|/O=system:masters/CN=kubernetes-admin|clientAuth"
  "scheduler|/CN=system:kube-scheduler|$CLIENT_AND_SERVER"
  "controller-manager|/CN=system:kube-controller-manager|$CLIENT_AND_SERVER"
  "dns|/CN=system:kube-dns|$CLIENT_AND_SERVER"
  "apiserver-kubelet-client|/O=system:masters/CN=kube-apiserver-kubelet-client|clientAuth"
  "apiserver-etcd-client|/CN=kube-apiserver-etcd-client|clientAuth"
  "etcd-server|/CN=etcd-server|$CLIENT_AND_SERVER"
)

die() { printf 'pki: %s\n' "$*" >&2; exit 1; }

[[ $# -ge 1 ]] || die "usage: deploy/pki.sh DIR [NAME_OR_IP...] | DIR --node NAME [IP...] | DIR --renew [all|CERT...] | DIR --check-expiration"
command -v openssl >/dev/null || die "openssl is missing (Debian: apt-get install -y openssl)"
DIR="$1"; shift
MODE=ensure NODE="" RENEW=()
case "${1:-}" in
  --node) [[ -n "${2:-}" ]] || die "--node needs a node name"; MODE=node NODE="$2"; shift 2 ;;
  --renew) MODE=renew; shift; RENEW=("${@:-all}"); set -- ;;
  --check-expiration) MODE=check; shift ;;
esac
[[ -z "$NODE" || "$NODE" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "node name \"$NODE\" is not a DNS subdomain"
mkdir -p "$DIR"
chmod 700 "$DIR"
umask 077

is_ip() { [[ "$1" =~ ^[0-9]+(\.[0-9]+){3}$ || "$1" == *:* ]]; }
host_name() { hostname | tr '[:upper:]' '[:lower:]'; }

# A subjectAltName list from names and addresses, without repeats.
san_list() {
  local seen=" " out=() n
  for n in "$@"; do
    [[ -n "$n" && "$seen" != *" $n "* ]] || continue
    seen+="$n "
    if is_ip "$n"; then out+=("IP:$n"); else out+=("DNS:$n"); fi
  done
  local IFS=,
  echo "${out[*]}"
}

ensure_ca() {
  [[ -s "$DIR/ca.crt" && -s "$DIR/ca.key" ]] && return 0
  openssl ecparam -name prime256v1 -genkey -noout -out "$DIR/ca.key"
  openssl req -x509 -new -key "$DIR/ca.key" -subj "$CA_SUBJECT" -days "$CA_DAYS" -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$DIR/ca.crt" 2>/dev/null
}

expires_soon() { ! openssl x509 -in "$1" -noout -checkend $((RENEW_BEFORE_DAYS * SECONDS_PER_DAY)) >/dev/null; }

# issue FILE_STEM SUBJECT USAGES SANS FORCE: (re)issues FILE_STEM.crt, keeping FILE_STEM.key when there is one.
issue() {
  local stem="$1" subject="$2" usages="$3" sans="$4" force="$5"
  local crt="$stem.crt" key="$stem.key" recorded="$stem.sans"
  if [[ "$force" != 1 && -s "$crt" && -s "$key" && "$(cat "$recorded" 2>/dev/null)" == "$sans" ]] && ! expires_soon "$crt"; then
    return 0
  fi
  [[ -s "$key" ]] || openssl ecparam -name prime256v1 -genkey -noout -out "$key"
  local ext csr; ext="$(mktemp)"; csr="$(mktemp)"
  {
    [[ -n "$sans" ]] && printf 'subjectAltName=%s\n' "$sans"
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n' "$usages"
  } >"$ext"
  openssl req -new -key "$key" -subj "$subject" -out "$csr" 2>/dev/null
  openssl x509 -req -in "$csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" -CAcreateserial \
    -days "$LEAF_DAYS" -sha256 -extfile "$ext" -out "$crt" 2>/dev/null
  rm -f "$ext" "$csr"
  echo "$sans" >"$recorded"
}

# The names a leaf must cover: the apiserver's and etcd's take the extra ones given on the command line.
leaf_sans() {
  local name="$1"; shift
  case "$name" in
    apiserver) san_list localhost kubernetes kubernetes.default kubernetes.default.svc kubernetes.default.svc.cluster.local \
      127.0.0.1 "$(host_name)" "$@" ;;
    etcd-server) san_list localhost 127.0.0.1 "$(host_name)" "$@" ;;
    *) [[ "$(leaf_field "$name" 3)" == *serverAuth* ]] && san_list localhost 127.0.0.1 "$(host_name)" || echo "" ;;
  esac
}

leaf_field() {
  local leaf
  for leaf in "${LEAVES[@]}"; do
    [[ "${leaf%%|*}" == "$1" ]] && { cut -d'|' -f"$2" <<<"$leaf"; return 0; }
  done
  return 1
}

wanted() {
  local n
  for n in "${RENEW[@]}"; do [[ "$n" == all || "$n" == "$1" ]] && return 0; done
  return 1
}

ensure_leaves() {
  local leaf name force
  for leaf in "${LEAVES[@]}"; do
    name="${leaf%%|*}"; force=0
    [[ "$MODE" == renew ]] && wanted "$name" && force=1
    issue "$DIR/$name" "$(leaf_field "$name" 2)" "$(leaf_field "$name" 3)" "$(leaf_sans "$name" "${EXTRA[@]}")" "$force"
  done
}

# Nodes keep the addresses they were issued for in nodes/NAME.sans; renewal reuses them.
ensure_node() {
  local name="$1" force="$2"; shift 2
  mkdir -p "$DIR/nodes"
  local sans
  if [[ $# -gt 0 || ! -s "$DIR/nodes/$name.sans" ]]; then sans="$(san_list localhost 127.0.0.1 "$name" "$@")"
  else sans="$(cat "$DIR/nodes/$name.sans")"; fi
  issue "$DIR/nodes/$name" "/O=system:nodes/CN=system:node:$name" "$CLIENT_AND_SERVER" "$sans" "$force"
}

ensure_nodes() {
  local crt name force
  for crt in "$DIR"/nodes/*.crt; do
    [[ -e "$crt" ]] || continue
    name="$(basename "$crt" .crt)"; force=0
    [[ "$MODE" == renew ]] && { wanted "$name" || wanted "node:$name"; } && force=1
    ensure_node "$name" "$force"
  done
}

ensure_tokens() {
  [[ -s "$DIR/admin.token" && -s "$DIR/tokens.csv" ]] && return 0
  openssl rand -hex "$TOKEN_BYTES" >"$DIR/admin.token"
  printf '%s,admin,admin,"system:masters"\n' "$(cat "$DIR/admin.token")" >"$DIR/tokens.csv"
}

# RS256 needs RSA; kubeadm's sa.key is 2048 bits too.
ensure_sa_keys() {
  [[ -s "$DIR/sa.key" && -s "$DIR/sa.pub" ]] && return 0
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$DIR/sa.key" 2>/dev/null
  openssl pkey -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub"
}

# One line per certificate, as `kubeadm certs check-expiration` prints them.
expiry_line() {
  local label="$1" crt="$2" end now days
  end="$(openssl x509 -in "$crt" -noout -enddate | cut -d= -f2)"
  now="$(date +%s)"
  days=$(( ($(date -d "$end" +%s) - now) / SECONDS_PER_DAY ))
  local residual="${days}d"
  (( days < 0 )) && residual="<invalid>"
  (( days >= 365 )) && residual="$((days / 365))y"
  printf '%-40s %-26s %s\n' "$label" "$(date -u -d "$end" '+%b %d, %Y %H:%M UTC')" "$residual"
}

check_expiration() {
  [[ -s "$DIR/ca.crt" ]] || die "$DIR holds no certificates (run deploy/pki.sh $DIR first)"
  printf '%-40s %-26s %s\n' CERTIFICATE EXPIRES "RESIDUAL TIME"
  local leaf name crt
  for leaf in "${LEAVES[@]}"; do
    name="${leaf%%|*}"
    [[ -s "$DIR/$name.crt" ]] && expiry_line "$name" "$DIR/$name.crt"
  done
  for crt in "$DIR"/nodes/*.crt; do
    [[ -e "$crt" ]] && expiry_line "node:$(basename "$crt" .crt)" "$crt"
  done
  printf '\n%-40s %-26s %s\n' "CERTIFICATE AUTHORITY" EXPIRES "RESIDUAL TIME"
  expiry_line ca "$DIR/ca.crt"
}

if [[ "$MODE" == check ]]; then check_expiration; exit 0; fi
# The extra names of the last plain run, so --node and --renew keep them.
EXTRA=()
if [[ "$MODE" == ensure ]]; then EXTRA=("$@"); printf '%s\n' "$@" >"$DIR/extra-names"
elif [[ -s "$DIR/extra-names" ]]; then mapfile -t EXTRA <"$DIR/extra-names"; fi
ensure_ca
ensure_sa_keys
ensure_leaves
ensure_nodes
[[ "$MODE" == node ]] && ensure_node "$NODE" 0 "$@"
cat "$DIR/apiserver.crt" "$DIR/ca.crt" >"$DIR/apiserver-chain.crt"
ensure_tokens
