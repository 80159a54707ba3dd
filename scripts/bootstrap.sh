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
# source package, fetched at build time: apt needs deb-src entries.  They
# are derived from the machine's own deb entries for its release (same
# mirror, proxy and keyring), in whichever format each is written, so this
# script names no archive host of its own.
SRC_DIR=/etc/apt/sources.list.d
SRC_822=$SRC_DIR/cubicle-deb-src.sources
SRC_ONE=$SRC_DIR/cubicle-deb-src.list
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

# The deb822 stanzas (.sources) of this release's suites, as deb-src.
derive_822() {
  for f in "$SRC_DIR"/*.sources; do
    [ -f "$f" ] && [ "$f" != "$SRC_822" ] || continue
    awk -v rel="$CODENAME" '
      function flush() {
        if (deb && ours && enabled) { print stanza; print "" }
        stanza = ""; deb = 0; ours = 0; enabled = 1
      }
      BEGIN { enabled = 1 }
      /^[[:space:]]*#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      {
        line = $0
        key = tolower($1)
        if (key == "types:") {
          for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1
          line = "Types: deb-src"
        } else if (key == "suites:") {
          for (i = 2; i <= NF; i++) if (index($i, rel) == 1) ours = 1
        } else if (key == "enabled:" && tolower($2) == "no") {
          enabled = 0
        }
        stanza = stanza == "" ? line : stanza "\n" line
      }
      END { flush() }' "$f"
  done
}

# The one-line entries (.list) of this release's suites, as deb-src.
derive_one() {
  for f in /etc/apt/sources.list "$SRC_DIR"/*.list; do
    [ -f "$f" ] && [ "$f" != "$SRC_ONE" ] || continue
    awk -v rel="$CODENAME" '
      $1 != "deb" { next }
      {
        i = 2
        if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        # $i is the URI, $(i+1) the suite.
        if (index($(i + 1), rel) != 1) next
        sub(/^deb/, "deb-src"); print
      }' "$f"
  done
}

# Whether a deb-src entry of this release exists outside Cubicle's files.
has_src() {
  for f in /etc/apt/sources.list "$SRC_DIR"/*.list "$SRC_DIR"/*.sources; do
    [ -f "$f" ] && [ "$f" != "$SRC_822" ] && [ "$f" != "$SRC_ONE" ] || continue
    if grep -qE '^[[:space:]]*(deb-src[[:space:]]|Types:.*deb-src)' "$f"; then
      return 0
    fi
  done
  return 1
}

# Writes $2 to file $1 when it differs (an empty $2 removes it); prints the
# file's name when it changed.
update_file() {
  if [ -z "$2" ]; then
    if [ -f "$1" ]; then $SUDO rm -f "$1" && echo "$1"; fi
  elif [ ! -f "$1" ] || [ "$(cat "$1")" != "$2" ]; then
    printf '%s\n' "$2" | $SUDO tee "$1" >/dev/null
    echo "$1"
  fi
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

changed=""
if [ -z "$CODENAME" ]; then
  echo "bootstrap: /etc/os-release names no release; not adding deb-src entries" >&2
elif ! has_src; then
  changed="$(update_file "$SRC_822" "$(derive_822)")$(update_file "$SRC_ONE" "$(derive_one)")"
  if [ ! -f "$SRC_822" ] && [ ! -f "$SRC_ONE" ]; then
    echo "bootstrap: no deb entry for '$CODENAME' in the apt sources to derive a deb-src entry from;" >&2
    echo "bootstrap: SQLite's sources (apt-get source sqlite3) will not be found" >&2
  fi
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ] && [ -z "$changed" ]; then
  echo "bootstrap: all packages present"
  exit 0
fi

if [ -n "$changed" ]; then
  echo "bootstrap: deb-src entries derived from the machine's deb entries: $changed"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
if [ -z "$missing" ]; then
  exit 0
fi
echo "bootstrap: installing:$missing"
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
