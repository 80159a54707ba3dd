#!/bin/sh
# Installs Cubicle from BUILD into a fresh prefix, then builds and runs a
# user's project (user/) that finds it with find_package(Cubicle CONFIG).
#   package_test.sh BUILD WORK C_COMPILER
set -eu
BUILD=$1 WORK=$2 CC=$3
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$WORK"
mkdir -p "$WORK"
cmake --install "$BUILD" --prefix "$WORK/prefix" >"$WORK/install.log"
cmake -S "$HERE/user" -B "$WORK/build" -G Ninja -DCMAKE_C_COMPILER="$CC" \
  -DCMAKE_PREFIX_PATH="$WORK/prefix" >"$WORK/configure.log"
cmake --build "$WORK/build" >"$WORK/build.log"
echo "== installed: $(cd "$WORK/prefix" && find . -type f -o -type l | sort | tr '\n' ' ')"
echo "== user (mprotect)"
CUBICLE_BACKEND=mprotect "$WORK/build/user"
echo "== user poke (mprotect)"
CUBICLE_BACKEND=mprotect "$WORK/build/user" poke && rc=0 || rc=$?
echo "exit $rc"
echo "== user poke (none: the control)"
CUBICLE_BACKEND=none "$WORK/build/user" poke
echo "== installed cubicle-cc"
"$WORK/prefix/bin/cubicle-cc" --cubicle=codec -c "$HERE/user/codec.c" -o "$WORK/codec.o"
"$WORK/prefix/bin/cubicle-cc" --cubicle=main -c "$HERE/user/main.c" -o "$WORK/main.o"
"$WORK/prefix/bin/cubicle-cc" "$WORK/main.o" "$WORK/codec.o" -o "$WORK/user-cc"
CUBICLE_BACKEND=mprotect "$WORK/user-cc"
