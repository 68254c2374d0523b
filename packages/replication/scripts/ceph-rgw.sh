#!/usr/bin/env bash
# A throwaway single-node Ceph RADOS Gateway on loopback for the integration tests:
# one monitor, one memstore OSD (data in RAM), radosgw, no cephx, no mgr.
#
#   ceph-rgw.sh start BASE MON_PORT RGW_PORT   bootstraps in BASE (must be empty or absent),
#                                              prints ENDPOINT=, ACCESS_KEY=, SECRET_KEY= lines
#   ceph-rgw.sh stop BASE                      stops rgw, osd, mon (by the pids in BASE/run), removes BASE
#   ceph-rgw.sh stop-rgw BASE / start-rgw BASE  stops / restarts only the gateway (outage tests; data stays in the OSD)
#   ceph-rgw.sh install                        installs the Debian packages when missing (root)
#
# Daemon output goes to BASE/log; on failure the last log lines are printed to stderr.
set -euo pipefail

need_packages() { ! command -v ceph-mon >/dev/null || ! command -v ceph-osd >/dev/null || ! command -v radosgw >/dev/null; }

install_packages() {
  if ! need_packages; then return 0; fi
  if [ "$(id -u)" != 0 ]; then echo "ceph-rgw: ceph-mon, ceph-osd and radosgw are not installed and this is not root; install them with apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw" >&2; exit 3; fi
  # Serialise with other apt users on this machine; policy-rc.d keeps the services from starting.
  flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw >/tmp/ceph-rgw-apt.log 2>&1 || {
    flock /tmp/apt.lock apt-get update >>/tmp/ceph-rgw-apt.log 2>&1
    flock /tmp/apt.lock env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw >>/tmp/ceph-rgw-apt.log 2>&1
  } || { echo "ceph-rgw: apt-get install failed; see /tmp/ceph-rgw-apt.log" >&2; tail -5 /tmp/ceph-rgw-apt.log >&2; exit 3; }
}

fail() {
  echo "ceph-rgw: $1" >&2
  for f in "$BASE"/log/*; do [ -f "$f" ] && { echo "--- $f (last lines)" >&2; tail -n 15 "$f" >&2; }; done
  stop_daemons
  exit 1
}

stop_daemons() {
  stop_named rgw osd mon
}

stop_named() {
  for name in "$@"; do
    local pidfile="$BASE/run/$name.pid"
    [ -f "$pidfile" ] || continue
    local pid; pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start() {
  install_packages
  mkdir -p "$BASE/run" "$BASE/log"
  [ -z "$(ls -A "$BASE/run")" ] || { echo "ceph-rgw: $BASE already holds a cluster" >&2; exit 2; }
  local fsid; fsid=$(cat /proc/sys/kernel/random/uuid)
  export CEPH_CONF="$BASE/ceph.conf"
  cat >"$CEPH_CONF" <<CONF
[global]
fsid = $fsid
mon_host = v2:127.0.0.1:$MON_PORT
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
ms_bind_ipv6 = false
run_dir = $BASE/run
admin_socket = $BASE/run/\$name.asok
log_file = $BASE/log/\$name.log
pid_file = $BASE/run/\$name.ceph.pid
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
osd_pool_default_pg_autoscale_mode = off
osd_crush_chooseleaf_type = 0
mon_max_pg_per_osd = 1000
paxos_propose_interval = 0.05
paxos_min_wait = 0.01
[mon]
mon_data = $BASE/\$name
[osd]
osd_data = $BASE/\$name
osd_objectstore = memstore
memstore_device_bytes = 1073741824
[client.rgw.gw]
rgw_frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw_enable_usage_log = false
ms_mon_client_mode = crc
CONF
  monmaptool --create --addv a "[v2:127.0.0.1:$MON_PORT]" --fsid "$fsid" "$BASE/monmap" >>"$BASE/log/setup.out" 2>&1 || fail "monmaptool failed"
  ceph-mon --mkfs -i a --monmap "$BASE/monmap" >>"$BASE/log/setup.out" 2>&1 || fail "ceph-mon --mkfs failed"
  ceph-mon -i a -f >>"$BASE/log/mon.out" 2>&1 </dev/null & echo $! >"$BASE/run/mon.pid"
  local uuid id; uuid=$(cat /proc/sys/kernel/random/uuid)
  id=$(timeout 60 ceph --connect-timeout 30 osd new "$uuid" 2>>"$BASE/log/setup.out") || fail "ceph osd new failed (monitor not answering on port $MON_PORT?)"
  mkdir -p "$BASE/osd.$id"
  ceph-osd -i "$id" --mkfs --osd-uuid "$uuid" >>"$BASE/log/setup.out" 2>&1 || fail "ceph-osd --mkfs failed"
  ceph-osd -i "$id" -f >>"$BASE/log/osd.out" 2>&1 </dev/null & echo $! >"$BASE/run/osd.pid"
  start_rgw
  timeout 60 radosgw-admin user create --uid=test --display-name=test --access-key=testkey --secret-key=testsecret >>"$BASE/log/setup.out" 2>&1 || fail "radosgw-admin user create failed"
  echo "ENDPOINT=http://127.0.0.1:$RGW_PORT"
  echo "ACCESS_KEY=testkey"
  echo "SECRET_KEY=testsecret"
  echo "PIDS=$(cat "$BASE/run/mon.pid") $(cat "$BASE/run/osd.pid") $(cat "$BASE/run/rgw.pid")"
}

start_rgw() {
  export CEPH_CONF="$BASE/ceph.conf"
  RGW_PORT=${RGW_PORT:-$(sed -n 's/.*endpoint=127.0.0.1:\([0-9]*\).*/\1/p' "$CEPH_CONF")}
  radosgw -n client.rgw.gw -f >>"$BASE/log/rgw.out" 2>&1 </dev/null & echo $! >"$BASE/run/rgw.pid"
  local deadline=$((SECONDS + ${CEPH_RGW_START_TIMEOUT:-90}))
  until curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/"; do
    [ $SECONDS -lt $deadline ] || fail "radosgw did not answer on 127.0.0.1:$RGW_PORT within ${CEPH_RGW_START_TIMEOUT:-90} s"
    for name in mon osd rgw; do kill -0 "$(cat "$BASE/run/$name.pid")" 2>/dev/null || fail "$name exited during start-up"; done
    sleep 0.1
  done
}

case "${1:-}" in
  install) install_packages ;;
  start) BASE=${2:?BASE}; MON_PORT=${3:?MON_PORT}; RGW_PORT=${4:?RGW_PORT}; start ;;
  stop) BASE=${2:?BASE}; stop_daemons; rm -rf "$BASE" ;;
  stop-rgw) BASE=${2:?BASE}; stop_named rgw ;;
  start-rgw) BASE=${2:?BASE}; start_rgw ;;
  *) echo "usage: ceph-rgw.sh install | start BASE MON_PORT RGW_PORT | stop BASE | stop-rgw BASE | start-rgw BASE" >&2; exit 64 ;;
esac
