#!/bin/sh
# Fetches SQLite from Debian's source package and generates the amalgamation.
#
#   scripts/fetch-sqlite.sh DEST
#
# Writes DEST/sqlite3.c, sqlite3.h, sqlite3ext.h, speedtest1.c and VERSION.
# SQLite is third-party code: it is fetched here, at build time, and never
# committed.  Needs a deb-src line for bookworm (scripts/bootstrap.sh adds
# one) and tclsh (package tcl) to generate the amalgamation.  Does nothing
# if DEST already holds a complete fetch.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
DEST=$1
FILES="sqlite3.c sqlite3.h sqlite3ext.h speedtest1.c"

complete() {
  [ -f "$DEST/VERSION" ] || return 1
  for f in $FILES; do [ -f "$DEST/$f" ] || return 1; done
}
if complete; then
  exit 0
fi

for tool in tclsh cc make; do
  command -v $tool >/dev/null || {
    echo "fetch-sqlite: '$tool' not found (run scripts/bootstrap.sh)" >&2
    exit 1
  }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The upstream sources, as every library the build fetches.
sh "$(dirname "$0")/fetch-source.sh" sqlite3 "$WORK/src"
cd "$WORK"
ORIG=$(cut -d' ' -f3 src/.fetched)
SRC=src/
mkdir build
cd build
# The amalgamation is generated (by tclsh scripts) from the split sources.
if ! { "../$SRC/configure" --quiet --disable-tcl && make sqlite3.c; } >gen.log 2>&1; then
  tail -n 30 gen.log >&2
  echo "fetch-sqlite: generating the amalgamation failed" >&2
  exit 1
fi
mkdir -p "$DEST"
cp sqlite3.c sqlite3.h "../$SRC/src/sqlite3ext.h" "../$SRC/test/speedtest1.c" "$DEST/"
echo "$ORIG" >"$DEST/VERSION"
echo "fetch-sqlite: $(cat "$DEST/VERSION") -> $DEST"
