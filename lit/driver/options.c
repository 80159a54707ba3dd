// cubicle-cc reads command lines with clang's driver option table: the
// value of every option that takes one is never taken for an input.  Here
// each such value looks like a source file in a command that only links:
// taken for an input, it would make the link a compile (and demand a
// cubicle name).  Also: stdin with -x compiles into the cubicle, and a
// query with a value-taking option stays a query.
//
// RUN: %cubicle-cc --cubicle=app -c %s -o %t.o
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -iquote dir.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -idirafter dir.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -isysroot root.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -imacros defs.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -include defs.c -MF deps.c -MT t.c -MQ q.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -### -Xclang x.c -Xlinker y.c -Xassembler z.c %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// LINK-NOT: cubicle=NAME is required
// LINK-NOT: -fplugin
// LINK: libcubicle_rt.a
//
// RUN: cat %s | env CUBICLE_CC_VERBOSE=1 %cubicle-cc --cubicle=app -x c -c - -o %t.stdin.o 2>&1 | FileCheck %s --check-prefix=STDIN
// STDIN: -fplugin={{[^ ]*}}libCubicle.so {{.*}}-fplugin-arg-cubicle-name=app
// RUN: llvm-readelf -S %t.stdin.o | FileCheck %s --check-prefix=SECTIONS
// SECTIONS: cubicle_text
//
// RUN: env -u CUBICLE_NAME CUBICLE_CC_VERBOSE=1 %cubicle-cc -print-file-name=crt1.o -iquote dir.c 2>&1 | FileCheck %s --check-prefix=QUERY
// QUERY-NOT: libcubicle_rt.a
// QUERY-NOT: -fplugin

int f(int x) { return x + 1; }
