#!/bin/sh
# The two commands of the README:
#   ./run.sh demo   builds Cubicle and runs the main demo
#   ./run.sh test   builds Cubicle and runs every test
#   ./run.sh bench  builds Cubicle and runs the benchmarks (bench/README.md)
# Both first install the Debian packages Cubicle needs (scripts/bootstrap.sh).
set -eu
cd "$(dirname "$0")"

usage() {
  echo "usage: $0 demo|test|bench" >&2
  exit 2
}
[ $# -eq 1 ] || usage

./scripts/bootstrap.sh
BUILD=${CUBICLE_BUILD_DIR:-build}
# Absolute compiler paths: CMake caches what it found, and a later configure
# naming the same compiler differently ("clang-19" against the cached
# "/usr/bin/clang-19") would reset the cache and fall back to GNU.  A build
# folder whose cache holds other compilers (left by an older run.sh, or by
# hand) is configured anew.
CC_PATH=$(command -v clang-19)
CXX_PATH=$(command -v clang++-19)
CACHE="$BUILD/CMakeCache.txt"
if [ -f "$CACHE" ] &&
    { ! grep -qx "CMAKE_C_COMPILER:[A-Z]*=$CC_PATH" "$CACHE" ||
      ! grep -qx "CMAKE_CXX_COMPILER:[A-Z]*=$CXX_PATH" "$CACHE" ||
      ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$CACHE"; }; then
  echo "run.sh: $BUILD was configured with other compilers or generator; configuring it anew"
  rm -rf "$CACHE" "$BUILD/CMakeFiles"
fi
cmake -S . -B "$BUILD" -G Ninja \
  -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19 \
  -DCMAKE_C_COMPILER="$CC_PATH" -DCMAKE_CXX_COMPILER="$CXX_PATH" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD"

case "$1" in
demo)
  exec ./scripts/demo.sh "$BUILD"
  ;;
test)
  exec ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)"
  ;;
bench)
  exec python3 bench/run.py "$BUILD"
  ;;
*)
  usage
  ;;
esac
