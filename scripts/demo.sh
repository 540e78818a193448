#!/usr/bin/env bash
# Brings up the demo: Grafana with this plugin, the SCP simulator and a provisioned data source.
# With a Docker engine it uses docker compose; otherwise a local Grafana (`grafana` on PATH or
# GRAFANA_HOME); otherwise it says what is missing and exits non-zero before starting anything.
set -euo pipefail
cd "$(dirname "$0")/.."

PLUGIN_ID=vpsfleet-netcupscp-datasource
SIM_ADDR=${SIM_ADDR:-127.0.0.1:8085}
export SCP_REFRESH_TOKEN=${SCP_REFRESH_TOKEN:-sim-refresh-token-demo}
export NEZHA_TOKEN=${NEZHA_TOKEN:-nzp_sim-nezha-token-demo}

mode=""
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
  mode=docker
elif [ -n "${GRAFANA_HOME:-}" ] && [ -x "${GRAFANA_HOME}/bin/grafana" ]; then
  mode=local grafana_bin="${GRAFANA_HOME}/bin/grafana"
elif command -v grafana >/dev/null 2>&1; then
  mode=local grafana_bin=$(command -v grafana)
fi

if [ -z "$mode" ]; then
  cat >&2 <<MSG
Cannot start the demo: nothing here can run Grafana.
  - Docker: $(command -v docker >/dev/null 2>&1 && echo "the docker client is installed, but no Docker engine answers (docker info failed)" || echo "not installed")
  - A local Grafana: no 'grafana' binary on PATH, and GRAFANA_HOME is $([ -n "${GRAFANA_HOME:-}" ] && echo "set to ${GRAFANA_HOME}, which has no bin/grafana" || echo "not set")
Install one of them (Docker with its engine, or Grafana >= 12.3 from grafana.com/grafana/download) and run this again.
The test suite needs neither: bash scripts/test-all.sh
MSG
  exit 1
fi

echo "==> building the plugin"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run build
go tool mage -v build:linux
[ "$(uname -m)" != "aarch64" ] || go tool mage -v build:linuxARM64

if [ "$mode" = docker ]; then
  echo "==> docker compose: Grafana on http://localhost:3000, simulator on http://localhost:8085"
  exec docker compose up --build
fi

work=$(mktemp -d)
sim_pid=""
cleanup() {
  [ -z "$sim_pid" ] || kill "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "==> starting the simulator on $SIM_ADDR"
go build -o "$work/simulator" ./cmd/simulator
"$work/simulator" -addr "$SIM_ADDR" -servers 12 -device-auto-approve 3 -refresh-token "$SCP_REFRESH_TOKEN" -nezha v2 -nezha-token "$NEZHA_TOKEN" &
sim_pid=$!

mkdir -p "$work/plugins"
ln -s "$PWD/dist" "$work/plugins/$PLUGIN_ID"
export SCP_SIM_URL="http://$SIM_ADDR"
export GF_PATHS_PLUGINS="$work/plugins"
export GF_PATHS_PROVISIONING="$PWD/provisioning"
export GF_PATHS_DATA="$work/data"
export GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS=$PLUGIN_ID
export GF_AUTH_ANONYMOUS_ENABLED=true GF_AUTH_ANONYMOUS_ORG_ROLE=Admin

echo "==> Grafana on http://localhost:3000 (Ctrl-C stops Grafana and the simulator)"
homepath=${GRAFANA_HOME:-$(dirname "$(dirname "$(readlink -f "$grafana_bin")")")}
"$grafana_bin" server --homepath "$homepath"
