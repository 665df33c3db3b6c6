#!/usr/bin/env bash
# npm run check:package: packs the tarball as npm would publish it, then checks what a user installs:
# publint (package.json fields and files), @arethetypeswrong/cli (types of every entry point under node10,
# node16 from CJS and from ESM, and bundler), and tsc compiling an import of every entry point from the
# unpacked tarball under each moduleResolution mode. Needs a build (npm run build) first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $(basename "$tarball"): $(tar -tzf "$tarball" | wc -l) files, $(du -k "$tarball" | cut -f1) kB"
# The tarball stays lean: source maps are for local debugging only.
if tar -tzf "$tarball" | grep -E '\.map$'; then
  echo "source maps in the tarball (above): they must not ship" >&2
  exit 1
fi

npx publint run --strict "$tarball"
npx attw --profile strict "$tarball"

# A consumer project with the tarball installed, and the peers the entry points' types import (rxjs, redis, …).
project="$work/consumer"
mkdir -p "$project/node_modules/genstage"
tar -xzf "$tarball" -C "$project/node_modules/genstage" --strip-components=1
for peer in $(node -p 'Object.keys(require("./package.json").peerDependencies ?? {}).join(" ")'); do
  mkdir -p "$(dirname "$project/node_modules/$peer")"
  ln -s "$root/node_modules/$peer" "$project/node_modules/$peer"
done
node "$root/scripts/write-type-fixture.mjs" "$project"
for mode in node10 node16 bundler; do
  "$root/node_modules/.bin/tsc" -p "$project/tsconfig.$mode.json"
  echo "tsc, moduleResolution $mode: every entry point resolves with its types"
done
