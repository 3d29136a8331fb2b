#!/usr/bin/env bash
# A three-node MariaDB Galera cluster on loopback, for the cluster test (npm run test:galera)
# and for trying the service on one by hand (README, "Running on a Galera cluster").
#
#   scripts/galera.sh up          start the nodes that are not running; wait for 3 x Synced
#   scripts/galera.sh down        stop every node cleanly (node 1 last)
#   scripts/galera.sh status      one line per node
#   scripts/galera.sh start N     start node N and wait until it has joined and synced
#   scripts/galera.sh stop N      stop node N cleanly
#   scripts/galera.sh kill N      SIGKILL node N (a crash, for the failure test)
#
# Node N (1..3) listens for SQL on GALERA_SQL_PORT+N-1 (3311..3313), for Galera's group
# traffic on GALERA_GCOMM_PORT+N-1 (4561..4563), for IST on 4571..4573 and for rsync SST on
# 4581..4583, and keeps its files in $GALERA_DIR/nodeN (default /tmp/pd-galera). Root
# connects over TCP with an empty password, like the development server on 3306.
#
# Run as root: the data directories belong to `mysql` and each node runs with user=mysql,
# which rsync SST needs (a joiner whose data directory is root's fails its transfer).
set -euo pipefail

GALERA_DIR=${GALERA_DIR:-/tmp/pd-galera}
SQL_PORT=${GALERA_SQL_PORT:-3311}
GCOMM_PORT=${GALERA_GCOMM_PORT:-4561}
IST_PORT=${GALERA_IST_PORT:-4571}
SST_PORT=${GALERA_SST_PORT:-4581}
PROVIDER=${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}
NODES=(1 2 3)
WAIT_SECONDS=${GALERA_WAIT_SECONDS:-180}
LAUNCHED=

node_dir() { echo "$GALERA_DIR/node$1"; }
sql_port() { echo $((SQL_PORT + $1 - 1)); }
pid_of() { cat "$(node_dir "$1")/mariadbd.pid" 2>/dev/null || true; }
log() { printf 'galera: %s\n' "$*" >&2; }

running() {
  local pid
  pid=$(pid_of "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

sql() {
  local node=$1
  shift
  mariadb --no-defaults --protocol=tcp -h127.0.0.1 -P"$(sql_port "$node")" -uroot \
    --batch --skip-column-names --connect-timeout=2 -e "$*" 2>/dev/null
}

wsrep_status() {
  sql "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('wsrep_cluster_size', 'wsrep_local_state_comment', 'wsrep_ready') ORDER BY VARIABLE_NAME" |
    paste -sd' ' - || true
}

# "3 Synced ON" once the node is a synced member of a full, primary cluster.
synced() { [ "$(wsrep_status "$1")" = "${2:-3} Synced ON" ]; }

cluster_address() {
  local peers=() node
  for node in "${NODES[@]}"; do peers+=("127.0.0.1:$((GCOMM_PORT + node - 1))"); done
  (
    IFS=,
    echo "gcomm://${peers[*]}"
  )
}

# Settings a Galera user would expect for this service (README, "Running on a Galera
# cluster"): row-based replication, interleaved auto-increment locks, InnoDB only, and
# causal reads (wsrep_sync_wait=1) so that a read on one node sees what another node has
# already committed, such as the session behind a token issued through node 1 and used
# next on node 2.
write_config() {
  local node=$1 dir
  dir=$(node_dir "$node")
  cat >"$dir/my.cnf" <<EOF
[mysqld]
user = mysql
datadir = $dir/data
socket = $dir/mariadbd.sock
pid-file = $dir/mariadbd.pid
log-error = $dir/error.log
bind-address = 127.0.0.1
port = $(sql_port "$node")
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
default-storage-engine = InnoDB
innodb_buffer_pool_size = 128M
innodb_log_file_size = 48M
binlog_format = ROW
innodb_autoinc_lock_mode = 2
max_connections = 300

wsrep_on = ON
wsrep_provider = $PROVIDER
wsrep_cluster_name = pd-galera
wsrep_cluster_address = $(cluster_address)
wsrep_node_name = node$node
wsrep_node_address = 127.0.0.1:$((GCOMM_PORT + node - 1))
wsrep_node_incoming_address = 127.0.0.1:$(sql_port "$node")
wsrep_provider_options = "gmcast.listen_addr=tcp://127.0.0.1:$((GCOMM_PORT + node - 1));ist.recv_addr=127.0.0.1:$((IST_PORT + node - 1));gcache.size=128M"
wsrep_sst_method = rsync
wsrep_sst_receive_address = 127.0.0.1:$((SST_PORT + node - 1))
wsrep_sync_wait = 1
EOF
}

prepare() {
  local node=$1 dir
  dir=$(node_dir "$node")
  mkdir -p "$dir"
  write_config "$node"
  if [ ! -d "$dir/data/mysql" ]; then
    log "node $node: mariadb-install-db into $dir/data"
    mkdir -p "$dir/data"
    chown -R mysql:mysql "$dir"
    mariadb-install-db --defaults-file="$dir/my.cnf" --user=mysql \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 || {
      cat "$dir/install.log" >&2
      exit 1
    }
  fi
  chown -R mysql:mysql "$dir"
}

# Bootstrapping is only safe from the node that committed last. After `down` that is node 1
# (stopped last, so its grastate.dat says safe_to_bootstrap: 1). After a whole-cluster crash
# no node says so; this being a scratch cluster, node 1 is then forced to bootstrap.
allow_bootstrap() {
  local state
  state="$(node_dir 1)/data/grastate.dat"
  if [ -f "$state" ] && grep -q '^safe_to_bootstrap: 0' "$state"; then
    log "node 1: no node is marked safe to bootstrap (crash?); bootstrapping node 1 anyway"
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$state"
  fi
}

launch() {
  local node=$1 dir
  shift
  dir=$(node_dir "$node")
  # setsid: the node outlives this script and the test run that called it.
  setsid /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" "$@" >>"$dir/stdout.log" 2>&1 </dev/null &
  LAUNCHED=$!
}

wait_for() {
  local node=$1 size=$2 what=$3 deadline=$((SECONDS + WAIT_SECONDS))
  until synced "$node" "$size"; do
    if [ $SECONDS -ge $deadline ]; then
      log "node $node: not $what after ${WAIT_SECONDS}s (status: $(wsrep_status "$node")); $(node_dir "$node")/error.log:"
      tail -n 40 "$(node_dir "$node")/error.log" >&2 || true
      exit 1
    fi
    if [ -n "${LAUNCHED:-}" ] && ! kill -0 "$LAUNCHED" 2>/dev/null; then
      log "node $node: exited while starting; $(node_dir "$node")/error.log:"
      tail -n 40 "$(node_dir "$node")/error.log" >&2 || true
      exit 1
    fi
    sleep 1
  done
}

members_synced() {
  local node n=0
  for node in "${NODES[@]}"; do
    if running "$node" && [ "$(wsrep_status "$node" | cut -d' ' -f2-)" = "Synced ON" ]; then
      n=$((n + 1))
    fi
  done
  echo "$n"
}

start_node() {
  local node=$1
  if running "$node"; then return; fi
  prepare "$node"
  local before
  before=$(members_synced)
  if [ "$before" -eq 0 ]; then
    [ "$node" -eq 1 ] || {
      log "node $node: no node is running; 'up' bootstraps the cluster from node 1"
      exit 1
    }
    allow_bootstrap
    log "node 1: bootstrapping a new cluster"
    launch 1 --wsrep-new-cluster
  else
    log "node $node: joining"
    launch "$node"
  fi
  wait_for "$node" $((before + 1)) "synced in a cluster of $((before + 1))"
  log "node $node: synced on port $(sql_port "$node")"
}

stop_node() {
  local node=$1 pid deadline
  running "$node" || return 0
  pid=$(pid_of "$node")
  kill -TERM "$pid"
  deadline=$((SECONDS + WAIT_SECONDS))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      log "node $node: still running after ${WAIT_SECONDS}s"
      exit 1
    fi
    sleep 0.2
  done
  log "node $node: stopped"
}

kill_node() {
  local node=$1 pid
  running "$node" || return 0
  pid=$(pid_of "$node")
  kill -KILL "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  log "node $node: killed"
}

check_node_arg() {
  case "${1:-}" in
    1 | 2 | 3) ;;
    *)
      log "expected a node number, 1, 2 or 3"
      exit 2
      ;;
  esac
}

up() {
  local node
  [ -x /usr/sbin/mariadbd ] || {
    log "/usr/sbin/mariadbd not found: apt-get install mariadb-server"
    exit 1
  }
  [ -f "$PROVIDER" ] || {
    log "$PROVIDER not found: apt-get install galera-4 rsync"
    exit 1
  }
  mkdir -p "$GALERA_DIR"
  # Node 1 first when nothing runs (it bootstraps); otherwise whichever are missing join.
  for node in "${NODES[@]}"; do start_node "$node"; done
  for node in "${NODES[@]}"; do wait_for "$node" 3 "synced in a cluster of 3"; done
  log "cluster of 3 synced: SQL on 127.0.0.1:$(sql_port 1)-$(sql_port 3)"
}

down() {
  local node
  for node in 3 2 1; do stop_node "$node"; done
}

status() {
  local node
  for node in "${NODES[@]}"; do
    if running "$node"; then
      echo "node $node: port $(sql_port "$node") pid $(pid_of "$node") size/state/ready $(wsrep_status "$node")"
    else
      echo "node $node: port $(sql_port "$node") not running"
    fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  start)
    check_node_arg "${2:-}"
    start_node "$2"
    ;;
  stop)
    check_node_arg "${2:-}"
    stop_node "$2"
    ;;
  kill)
    check_node_arg "${2:-}"
    kill_node "$2"
    ;;
  *)
    echo "usage: $0 up|down|status|start N|stop N|kill N" >&2
    exit 2
    ;;
esac
