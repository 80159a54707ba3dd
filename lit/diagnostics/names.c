// A translation unit compiled with the plugin must say which cubicle it is
// in, with a valid name; mistakes are errors that say what to do.
//
// RUN: not %clang -O0 %cubicle -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONAME
// RUN: not %clang -O0 %cubicle -fplugin-arg-cubicle-name='has space' -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not %clang -O0 %cubicle -fplugin-arg-cubicle-name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADNAME
// RUN: not %clang -O0 %cubicle -fplugin-arg-cubicle-frobnicate=1 -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BADARG

int f(void) { return 0; }

// NONAME: error: cubicle: no cubicle name for this translation unit; pass -fplugin-arg-cubicle-name=NAME
// BADNAME: error: invalid cubicle name '{{.*}}': use 1 to 47 letters, digits, '_' or '-'
// BADARG: error: unknown Cubicle plugin argument 'frobnicate=1' (expected name=NAME, no-window-warnings or W[no-][error=]cubicle-unwindowed-pointer)
