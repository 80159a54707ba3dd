// cubicle-cc adds the plugin (with both -fplugin= and -fpass-plugin=, which
// clang 19 needs for plugin arguments), the cubicle name and the include
// directory when compiling, and the runtime when linking; it refuses to
// compile without a cubicle name.
//
// RUN: env CUBICLE_CC_VERBOSE=1 %cubicle-cc --cubicle=fs -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=COMPILE
// COMPILE: clang{{[^ ]*}} -fplugin={{[^ ]*}}libCubicle.so -fpass-plugin={{[^ ]*}}libCubicle.so -fplugin-arg-cubicle-name=fs -I{{[^ ]*}}include -c
// COMPILE-NOT: libcubicle_rt.a
// COMPILE-NOT: no-window-warnings
//
// RUN: env CUBICLE_CC_VERBOSE=1 %cubicle-cc --cubicle fs --no-window-warnings -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=QUIET
// QUIET: -fplugin-arg-cubicle-name=fs -fplugin-arg-cubicle-no-window-warnings
//
// RUN: env CUBICLE_CC_VERBOSE=1 CUBICLE_NAME=env %cubicle-cc -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ENV
// ENV: -fplugin-arg-cubicle-name=env
//
// RUN: env CUBICLE_CC_VERBOSE=1 %cubicle-cc %t.o -o %t 2>&1 | FileCheck %s --check-prefix=LINK
// LINK-NOT: -fplugin
// LINK: libcubicle_rt.a -Wl,--wrap=pthread_create,--wrap=longjmp,--wrap=_longjmp,--wrap=siglongjmp,--wrap=__longjmp_chk
//
// RUN: env -u CUBICLE_NAME not %cubicle-cc -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: --cubicle=NAME is required when compiling
//
// RUN: not %cubicle-cc --cubicle=bad/name -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=BADNAME
// BADNAME: invalid cubicle name 'bad/name'

int main(void) { return 0; }
