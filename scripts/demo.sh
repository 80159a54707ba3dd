#!/bin/sh
# The main demo: the key store (cubicles app, parser and keys, built by the
# compiler plugin), run on normal input and on crafted input, then the same
# two runs under real MPK.  Exit status 0 when every run did what it should.
set -u
BUILD=${1:-build}
KEYSTORE="$BUILD/bin/keystore"
FAILED=0

echo "== 1. normal input: the gates lend the request and the result buffers"
echo "      to parser and keys for the length of each call"
CUBICLE_STATS="dot:$BUILD/keystore-calls.dot" "$KEYSTORE"
status=$?
if [ "$status" -ne 0 ]; then
  echo "== unexpected: the normal run exited with $status"
  FAILED=1
fi
echo
echo "== 2. crafted input: the parser's out-of-bounds read is aimed at the key"
CUBICLE_STATS=1 "$KEYSTORE" --crafted >"$BUILD/keystore-crafted.log" 2>&1
status=$?
cat "$BUILD/keystore-crafted.log"
if [ "$status" -eq 139 ] && grep -q "cubicle 'parser' accessed memory of cubicle 'keys'" \
    "$BUILD/keystore-crafted.log" && ! grep -q "K3Y" "$BUILD/keystore-crafted.log"; then
  echo "== the read was stopped (SIGSEGV, exit $status): the secret was not printed"
else
  echo "== unexpected: the crafted run exited with $status or leaked the key"
  FAILED=1
fi
echo
if [ -f "$BUILD/keystore-calls.dot" ]; then
  echo "== the call graph between cubicles (Graphviz DOT) is in $BUILD/keystore-calls.dot"
  if command -v dot >/dev/null && dot -Tsvg "$BUILD/keystore-calls.dot" -o "$BUILD/keystore-calls.svg"; then
    echo "   drawn as $BUILD/keystore-calls.svg"
  fi
  echo
fi

# The same under hardware keys.  Without PKU on this CPU, in a QEMU VM that
# emulates it (about ten seconds).
echo "== 3. the same two runs with real MPK (CUBICLE_BACKEND=mpk)"
VMOUT="$BUILD/demo-vm"
mkdir -p "$VMOUT"
cat >"$VMOUT/manifest.txt" <<EOF
normal CUBICLE_BACKEND=mpk CUBICLE_STATS=1 -- $KEYSTORE
crafted CUBICLE_BACKEND=mpk -- $KEYSTORE --crafted
EOF
if python3 "$(dirname "$0")/../test/vm/run_vm.py" "$VMOUT/manifest.txt" --out "$VMOUT" \
    --smp 1 --timeout 300; then
  echo "-- normal (exit $(cat "$VMOUT/normal.rc")):"
  cat "$VMOUT/normal.log"
  echo "-- crafted (exit $(cat "$VMOUT/crafted.rc")):"
  cat "$VMOUT/crafted.log"
  if [ "$(cat "$VMOUT/normal.rc")" != 0 ] || [ "$(cat "$VMOUT/crafted.rc")" != 139 ] ||
      grep -q "K3Y" "$VMOUT/crafted.log"; then
    echo "== unexpected results under MPK"
    FAILED=1
  else
    echo "== under MPK too: normal input works, the crafted read is stopped"
  fi
else
  echo "== could not run the VM (see $VMOUT/console.log)"
  FAILED=1
fi
exit $FAILED
