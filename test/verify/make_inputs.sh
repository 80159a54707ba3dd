#!/bin/sh
# Makes the bad inputs of the cubicle-verify tests from a good program.
#   make_inputs.sh GOOD OUTDIR CC
set -eu
GOOD=$1 OUT=$2 CC=$3
mkdir -p "$OUT"
head -c 3000 "$GOOD" >"$OUT/truncated-headers"
# Section headers intact, the code cut off: keep the headers, drop the middle.
python3 - "$GOOD" "$OUT/truncated-code" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
shoff, = struct.unpack_from("<Q", d, 0x28)
# Move the section headers to just after the ELF header and cut the rest:
# every section's data now lies past the end.
shnum, = struct.unpack_from("<H", d, 0x3c)
sh = d[shoff:shoff + shnum * 64]
out = d[:64] + sh
struct.pack_into("<Q", out, 0x28, 64)
open(sys.argv[2], "wb").write(out)
PY
printf 'hello, I am not a program\n' >"$OUT/not-elf"
: >"$OUT/empty"
printf 'int data[4] = {1, 2, 3, 4};\n' >"$OUT/data.c"
"$CC" -m32 -c "$OUT/data.c" -o "$OUT/elf32.o"
"$CC" -shared -nostdlib -fPIC "$OUT/data.c" -o "$OUT/no-text.so"
"$CC" -c "$OUT/data.c" -o "$OUT/relocatable.o"
cp "$GOOD" "$OUT/stripped"
strip "$OUT/stripped"
rm -rf "$OUT/corpus"
mkdir -p "$OUT/corpus"
cp "$OUT/truncated-headers" "$OUT/truncated-code" "$OUT/no-text.so" \
   "$OUT/elf32.o" "$OUT/corpus/"
head -c 65536 "$GOOD" >"$OUT/corpus/head"
