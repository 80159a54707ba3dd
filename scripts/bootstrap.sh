#!/bin/sh
# Installs every Debian 12 package Cubicle needs to build, test and run its
# demo. Idempotent: packages already present are left alone, and apt is not
# touched at all when nothing is missing.
set -eu

PACKAGES="cmake ninja-build g++ python3 llvm-19-dev llvm-19-tools clang-19
libclang-19-dev lld-19 libclang-rt-19-dev catch2 libfmt-dev libelf-dev
valgrind graphviz qemu-system-x86 linux-image-amd64 busybox-static cpio
tcl xz-utils"

# SQLite (the workload of the tests and benchmarks) comes from Debian's
# source package, fetched at build time: apt needs a deb-src line.
SRC_LIST=/etc/apt/sources.list.d/cubicle-deb-src.sources
need_src=0
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  need_src=1
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ] && [ $need_src -eq 0 ]; then
  echo "bootstrap: all packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

if [ $need_src -eq 1 ]; then
  echo "bootstrap: adding a deb-src line for bookworm ($SRC_LIST)"
  printf '%s\n' "Types: deb-src" "URIs: http://deb.debian.org/debian" \
    "Suites: bookworm" "Components: main" \
    "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg" |
    $SUDO tee "$SRC_LIST" >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
if [ -z "$missing" ]; then
  exit 0
fi
echo "bootstrap: installing:$missing"
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
