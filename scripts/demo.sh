#!/bin/sh
# The main demo: the key store, run on normal and on crafted input.
set -u
BUILD=${1:-build}
DEMO="$BUILD/examples/runtime-demo/runtime_demo"

echo "== 1. normal input: the parser gets the app's buffer through a window"
CUBICLE_STATS=1 "$DEMO" "name=alice"
echo
echo "== 2. crafted input: the parser's out-of-bounds read reaches the key store"
CUBICLE_STATS=1 "$DEMO" --crafted
status=$?
echo
if [ "$status" -eq 139 ]; then
  echo "== the read was stopped (SIGSEGV, exit $status); the secret was not printed"
  exit 0
fi
echo "== unexpected: the crafted run exited with $status"
exit 1
