#!/bin/sh
# Installs every Debian 12 package Cubicle needs to build, test and run its
# demo. Idempotent: packages already present are left alone, and apt is not
# touched at all when nothing is missing.
set -eu

PACKAGES="cmake ninja-build g++ python3 llvm-19-dev llvm-19-tools clang-19
libclang-19-dev lld-19 libclang-rt-19-dev catch2 libfmt-dev libelf-dev
valgrind graphviz qemu-system-x86 linux-image-amd64 busybox-static cpio"

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "bootstrap: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "bootstrap: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
