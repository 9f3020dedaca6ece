#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what is missing, builds, runs every test
# in Chromium and Firefox, and ends with a plain "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || { echo "0 passed, 1 failed"; exit 1; }
npm run --silent build || { echo "0 passed, 1 failed"; exit 1; }

rm -f .cache/test-counts.json
npx web-test-runner --config web-test-runner.config.mjs
status=$?

if [ -f .cache/test-counts.json ]; then
  passed=$(node -p "require('./.cache/test-counts.json').passed")
  failed=$(node -p "require('./.cache/test-counts.json').failed")
else
  passed=0
  failed=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
