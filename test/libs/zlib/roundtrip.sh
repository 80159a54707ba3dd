#!/bin/sh
# minigzip's 64 MiB round trip under real MPK (in the VM, with busybox):
#   roundtrip.sh MKDATA MINIGZIP PLAIN_GZ
# MKDATA writes the data, MINIGZIP is the cubicle build, PLAIN_GZ what the
# plain build made of the same data on the host.
set -e
"$1" 64 > data
"$2" < data > c.gz
if cmp c.gz "$3"; then echo "compressed: identical to the plain build"; fi
"$2" -d < c.gz > back
if cmp back data; then echo "round trip: identical"; fi
