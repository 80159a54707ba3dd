#!/bin/sh
# Fetches a library's upstream sources from Debian's source package and
# unpacks them, unpatched, into DEST.
#
#   scripts/fetch-source.sh PACKAGE DEST
#
# Third-party code is fetched here, at build time, and never committed.
# Needs a deb-src line for bookworm (scripts/bootstrap.sh adds one).  Every
# version apt knows is tried, newest first, because a mirror may list a
# security update that it does not carry; all of them share the upstream
# tarball.  Writes DEST/.fetched (what was fetched) last; does nothing if
# it is there already.
set -eu

[ $# -eq 2 ] || { echo "usage: $0 PACKAGE DEST" >&2; exit 2; }
PKG=$1
DEST=$2
[ -f "$DEST/.fetched" ] && exit 0

for tool in apt-get apt-cache tar; do
  command -v $tool >/dev/null || {
    echo "fetch-source: '$tool' not found (run scripts/bootstrap.sh)" >&2
    exit 1
  }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
VERSIONS=$(apt-cache showsrc "$PKG" 2>/dev/null |
  sed -n 's/^Version: //p' | sort -u -r -V)
[ -n "$VERSIONS" ] || {
  echo "fetch-source: apt knows no source package '$PKG': is there a deb-src" \
       "line for bookworm in the apt sources (scripts/bootstrap.sh adds one)?" >&2
  exit 1
}
GOT=
for V in $VERSIONS; do
  # apt verifies the files against the signed .dsc.  As root it warns that
  # it cannot drop privileges into this directory; that is harmless.
  if apt-get source --download-only -q "$PKG=$V" >>fetch.log 2>&1; then
    GOT=$V
    break
  fi
  rm -f ./*.dsc ./*.tar.*
done
[ -n "$GOT" ] || {
  cat fetch.log >&2
  echo "fetch-source: no version of '$PKG' could be downloaded (tried:" \
       $VERSIONS")" >&2
  exit 1
}
ORIG=$(ls ./*.orig.tar.* | head -n 1)
mkdir src
tar xf "$ORIG" -C src --strip-components=1
rm -rf "$DEST"
mkdir -p "$(dirname "$DEST")"
mv src "$DEST"
echo "$PKG $GOT $(basename "$ORIG")" >"$DEST/.fetched"
echo "fetch-source: $(cat "$DEST/.fetched") -> $DEST"
