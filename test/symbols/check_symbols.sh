#!/bin/sh
# Symbol hygiene of libcubicle_rt.a: every global symbol it defines is
# cubicle_* (the public API), __cubicle_* (the ABI of gates and the pass),
# __wrap_* (calls linked through the runtime) or inside namespace cubicle,
# so that none can clash with a user's program.  Prints the offenders.
#   check_symbols.sh NM ARCHIVE [MIN]   (MIN: at least this many symbols)
set -eu
NM=$1
ARCHIVE=$2
MIN=${3:-50}
syms=$("$NM" --defined-only --extern-only --demangle "$ARCHIVE" |
  awk 'NF >= 3 { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' | sort -u)
count=$(printf '%s\n' "$syms" | grep -c . || true)
if [ "$count" -lt "$MIN" ]; then
  echo "only $count global symbols in $ARCHIVE: is it the runtime?" >&2
  exit 1
fi
bad=$(printf '%s\n' "$syms" | grep -vE '^(cubicle_|__cubicle_|__wrap_|cubicle::)' || true)
if [ -n "$bad" ]; then
  echo "symbols of $ARCHIVE outside cubicle_*, __cubicle_*, __wrap_* and namespace cubicle:" >&2
  printf '  %s\n' $bad >&2
  exit 1
fi
echo "$count global symbols of $ARCHIVE, all cubicle_*, __cubicle_*, __wrap_* or cubicle::"
