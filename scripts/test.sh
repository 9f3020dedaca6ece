#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, builds, runs the browser
# tests in Chromium and Firefox and the end-to-end tests, and ends with "N passed, N failed,
# N skipped". A test skipped where it could have run counts as failed (test/helpers/skip-policy.mjs).
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
npm run --silent build || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

mkdir -p .cache
rm -f .cache/test-counts.json .cache/node-counts.json

# Types of the tests too (esbuild only strips them in the browser run).
npm run --silent typecheck
typecheck_status=$?

# Lint (ESLint) and format (Prettier): a finding fails the run like a failing test.
npm run --silent lint
lint_status=$?

# Browser tests: core, components and server, in both browsers.
timeout 1500 npx web-test-runner --config web-test-runner.config.mjs
wtr_status=$?

# In Node: server checks that need a server of their own; the built package (its manifest,
# entry points and generated wrappers); this command's own rule for skips; end to end, the demo
# as `npm start` serves it in one Chromium tab and one Firefox tab; and the fault rig's recovery
# scenarios, browsers in network namespaces with faults made by iptables (needs root).
timeout 1500 node --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./test/helpers/node-counting-reporter.mjs --test-reporter-destination=.cache/node-counts.json \
  test/server/*.test.mjs test/package/ test/tooling/ test/e2e/
node_status=$?

total() { # file, field
  if [ -f "$1" ]; then node -p "require('./$1').$2"; else echo 0; fi
}
passed=$(( $(total .cache/test-counts.json passed) + $(total .cache/node-counts.json passed) ))
failed=$(( $(total .cache/test-counts.json failed) + $(total .cache/node-counts.json failed) ))
skipped=$(( $(total .cache/test-counts.json skipped) + $(total .cache/node-counts.json skipped) ))
# A runner that failed with no failing test counted (it died, or a file did not load) still
# fails the run.
if [ "$wtr_status" -ne 0 ] && [ "$(total .cache/test-counts.json failed)" -eq 0 ]; then failed=$((failed + 1)); fi
if [ "$node_status" -ne 0 ] && [ "$(total .cache/node-counts.json failed)" -eq 0 ]; then failed=$((failed + 1)); fi

if [ "$typecheck_status" -ne 0 ]; then echo "typecheck failed"; failed=$((failed + 1)); fi
if [ "$lint_status" -ne 0 ]; then echo "lint failed (npm run lint; npm run format fixes the formatting)"; failed=$((failed + 1)); fi

# The failing tests again, by name, so the last lines of a long log say what failed.
for counts in .cache/test-counts.json .cache/node-counts.json; do
  [ -f "$counts" ] && node -e 'for (const f of require("./" + process.argv[1]).failures ?? []) console.log("FAILED " + f)' "$counts"
done

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ]
