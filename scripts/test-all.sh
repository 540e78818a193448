#!/usr/bin/env bash
# The whole suite from a fresh clone: install, generate check, lint, typecheck, levitate, build,
# jest, browser tests, go vet, staticcheck, go test (with the harness that runs the compiled
# plugin), and the concurrent packages again under the race detector.
set -euo pipefail
cd "$(dirname "$0")/.."

log_dir=$(mktemp -d)
trap 'rm -rf "$log_dir"' EXIT
step() { printf '\n==> %s\n' "$*"; }

step "install"
npm ci --no-audit --no-fund --loglevel=error
go mod download

step "generated SCP client is up to date (go generate)"
go generate ./...
if git rev-parse --git-dir >/dev/null 2>&1; then
  git diff --exit-code --stat -- pkg/scp/api || { echo "go generate changed pkg/scp/api: commit the regenerated client"; exit 1; }
fi

step "lint and typecheck"
npm run --silent lint
npm run --silent typecheck
test -z "$(gofmt -l pkg cmd scripts)" || { echo "gofmt needed:"; gofmt -l pkg cmd scripts; exit 1; }
go vet ./...
go tool staticcheck ./...

step "frontend API against the oldest Grafana plugin.json allows (levitate)"
grafana_floor=$(node -p "require('./src/plugin.json').dependencies.grafanaDependency.replace(/^>=/, '')")
npx --yes @grafana/levitate@0.17.2 is-compatible --path src/module.ts \
  --target "@grafana/data@$grafana_floor,@grafana/ui@$grafana_floor,@grafana/runtime@$grafana_floor"

step "frontend build (prints the bundle size; fails if it bundles what Grafana provides)"
npm run --silent build

step "backend build"
go tool mage -v build:linux

step "jest"
npx jest --ci --maxWorkers 2 2>&1 | tee "$log_dir/jest.log"

step "browser tests (Chromium: test page + cmd/devhost + compiled plugin + simulator)"
npm run --silent test:browser 2>&1 | tee "$log_dir/browser.log"

step "go test (unit, golden, contract, harness)"
go test -count=1 -json ./... > "$log_dir/go.json" || go_failed=1
go run ./scripts/gotestsummary < "$log_dir/go.json" | tee "$log_dir/go.summary"
[ -z "${go_failed:-}" ] || exit 1

# The packages that hold concurrency, again under the race detector; the harness then builds
# the plugin with -race too and fails on any race the plugin process reports. The memory test
# is left out: under -race its figure means nothing.
step "go test -race (upstream, scp and nezha clients, plugin, live, harness with a -race plugin)"
go test -race -count=1 -json -skip '^TestViewerCannotGrowThePlugin$' \
  ./pkg/upstream ./pkg/scp ./pkg/nezha ./pkg/plugin ./pkg/live ./pkg/harness > "$log_dir/race.json" || race_failed=1
go run ./scripts/gotestsummary < "$log_dir/race.json" | sed 's/^go tests:/go tests under -race:/' | tee "$log_dir/race.summary"
[ -z "${race_failed:-}" ] || exit 1

jest_passed=$(grep -Eo 'Tests: +[0-9]+ passed' "$log_dir/jest.log" | grep -Eo '[0-9]+')
browser_passed=$(grep -Eo '^ +[0-9]+ passed' "$log_dir/browser.log" | grep -Eo '[0-9]+')
go_passed=$(grep -Eo '^go tests: [0-9]+ passed' "$log_dir/go.summary" | grep -Eo '[0-9]+')
race_passed=$(grep -Eo '^go tests under -race: [0-9]+ passed' "$log_dir/race.summary" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
printf '\njest: %s passed; browser (Chromium): %s passed; go: %s passed (%s of them again under -race)\n' \
  "$jest_passed" "$browser_passed" "$go_passed" "$race_passed"
echo "total: $((jest_passed + browser_passed + go_passed)) passed, 0 failed"
