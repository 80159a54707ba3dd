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
cmake -S . -B "$BUILD" -G Ninja \
  -DCMAKE_PREFIX_PATH=/usr/lib/llvm-19 \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
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
