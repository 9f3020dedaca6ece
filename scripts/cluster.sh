#!/usr/bin/env bash
# `npm run cluster`: two reference server nodes behind nginx with Redis beside them, all on
# loopback, everything in one temporary folder: redis-server without persistence, nginx from
# server/nginx/lifeline.conf with a prefix of its own (/etc/nginx is not read or touched), and
# two build/server/main.js nodes. Prints the URL; Ctrl-C stops everything. PORT sets nginx's
# port (default 8080); the nodes and Redis take free ports.
#
# The nodes share their rooms through Redis (LIFELINE_REDIS_URL), so two people meet whichever
# node nginx sends each to. The nodes see every client as 127.0.0.1,
# nginx's address, since main.js sets no `clientAddress` (README, "Running several nodes").
set -euo pipefail
cd "$(dirname "$0")/.."

nginx=${NGINX_PATH:-/usr/sbin/nginx}
if ! command -v redis-server >/dev/null || [ ! -x "$nginx" ]; then
  echo "redis-server and nginx are needed: bash scripts/install-deps.sh installs them." >&2
  exit 1
fi
[ -d node_modules ] || npm install --no-audit --no-fund
npm run --silent build

work=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-cluster.XXXXXX")
chmod 755 "$work" # nginx's workers drop root and must reach their temp folders in here
pids=()
cleanup() {
  trap - EXIT INT TERM
  # SIGINT: the nodes close at once instead of draining.
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node --input-type=module -e "import { freeTcpPort } from './test/helpers/ports.mjs'; console.log(await freeTcpPort());"; }
wait_for_port() { # port, what
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$2 did not start on port $1" >&2
  exit 1
}
# Each process's lines on this terminal, named.
labelled() { sed -u "s/^/[$1] /"; }

redis_port=$(free_port)
mkdir "$work/redis"
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" --daemonize no \
  > >(labelled redis) 2>&1 &
pids+=($!)
wait_for_port "$redis_port" redis-server

node_ports=()
for n in 1 2; do
  port=$(free_port)
  PORT=$port HOST=127.0.0.1 LIFELINE_REDIS_URL="redis://127.0.0.1:$redis_port" LIFELINE_METRICS=1 \
    node build/server/main.js > >(labelled "node$n") 2>&1 &
  pids+=($!)
  node_ports+=("$port")
done
for port in "${node_ports[@]}"; do wait_for_port "$port" "a node"; done

front=${PORT:-8080}
node --input-type=module -e "
  import { writeFileSync } from 'node:fs';
  import { nginxConfig } from './test/helpers/nginx.mjs';
  const [prefix, listen, ...upstreams] = process.argv.slice(1);
  writeFileSync(prefix + '/nginx.conf', nginxConfig({ prefix, listen, upstreams }));
" "$work" "127.0.0.1:$front" "${node_ports[@]/#/127.0.0.1:}"
"$nginx" -p "$work" -c "$work/nginx.conf" -e stderr -g 'daemon off;' > >(labelled nginx) 2>&1 &
pids+=($!)
wait_for_port "$front" nginx

echo
echo "Lifeline cluster at http://127.0.0.1:$front/?room=demo&name=Ada"
echo "  nodes: http://127.0.0.1:${node_ports[0]} and http://127.0.0.1:${node_ports[1]} (metrics at /metrics on each)"
echo "  redis: redis://127.0.0.1:$redis_port"
echo "Ctrl-C stops everything."
wait
