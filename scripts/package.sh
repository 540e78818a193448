#!/usr/bin/env bash
# Builds the release archive: the frontend, the backend for every platform (go tool mage), and
# dist/ zipped as <plugin-id>/ into <out>/<plugin-id>-<version>.zip, with .sha1 and .md5 beside it.
# The version is package.json's; the build writes it into dist/plugin.json, and this fails if
# the two differ. Usage: scripts/package.sh [out-dir, default artifacts]
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-artifacts}
json() { node -p "require('./$1').$2"; }
id=$(json src/plugin.json id)
exe=$(json src/plugin.json executable)
version=$(json package.json version)

# Grafana's validator rejects binaries stamped as built from a modified tree (vcs.modified).
if [ -z "${ALLOW_DIRTY:-}" ] && git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$(git status --porcelain)" ]; then
  echo "the work tree has uncommitted changes: commit them, or set ALLOW_DIRTY=1 for a test build" >&2
  exit 1
fi

echo "==> building $id $version"
[ -d node_modules ] || npm ci --no-audit --no-fund
rm -rf dist
npm run build
go tool mage -v

built=$(json dist/plugin.json info.version)
if [ "$built" != "$version" ]; then
  echo "dist/plugin.json has version '$built', package.json '$version'" >&2
  exit 1
fi
for platform in linux_amd64 linux_arm64 linux_arm darwin_amd64 darwin_arm64 windows_amd64.exe windows_arm64.exe; do
  [ -f "dist/${exe}_${platform}" ] || { echo "missing backend binary dist/${exe}_${platform}" >&2; exit 1; }
done
# Grafana's validator wants executables at exactly 0755, whatever the umask was.
find dist -maxdepth 1 -name "${exe}_*" ! -name '*.exe' -exec chmod 0755 {} +

mkdir -p "$out"
archive="$(cd "$out" && pwd)/$id-$version.zip"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -a dist "$stage/$id"
rm -f "$archive"
(cd "$stage" && zip -qr -X "$archive" "$id")
(cd "$out" && sha1sum "$id-$version.zip" > "$id-$version.zip.sha1" && md5sum "$id-$version.zip" > "$id-$version.zip.md5")
echo "==> $out/$id-$version.zip"
cat "$out/$id-$version.zip.sha1"
