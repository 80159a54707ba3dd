// -Wcubicle-unwindowed-pointer is a real flag: -Wno- silences the warning,
// -Werror= (or -Werror) makes it an error, the last flag wins, -w and
// -Wno-error= work as for clang's own warnings.  cubicle-cc hands the flag to
// the plugin, so clang never calls it unknown; plain clang with the plugin
// honours it too (and warns that it does not know it itself).
//
// RUN: %cubicle-cc --cubicle=app -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %cubicle-cc --cubicle=app -fsyntax-only -Wno-cubicle-unwindowed-pointer %s 2>&1 | count 0
// RUN: not %cubicle-cc --cubicle=app -fsyntax-only -Werror=cubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %cubicle-cc --cubicle=app -fsyntax-only -Werror %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: %cubicle-cc --cubicle=app -fsyntax-only -Werror -Wno-error=cubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %cubicle-cc --cubicle=app -fsyntax-only -Wno-cubicle-unwindowed-pointer -Wcubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=WARN
// RUN: %cubicle-cc --cubicle=app -fsyntax-only -Werror=cubicle-unwindowed-pointer -Wno-cubicle-unwindowed-pointer %s 2>&1 | count 0
// RUN: %cubicle-cc --cubicle=app -fsyntax-only -w %s 2>&1 | count 0
//
// Plain clang with the plugin:
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -Wno-cubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=CLANG-QUIET
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -Werror=cubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -fplugin-arg-cubicle-Werror=cubicle-unwindowed-pointer %s 2>&1 | FileCheck %s --check-prefix=ERR
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=app -fplugin-arg-cubicle-Wbogus %s 2>&1 | FileCheck %s --check-prefix=BAD

int raw(char *p, int n);

int use(void) {
  char buf[8];
  return raw(buf, 8);
  // WARN: warning-flag.c:[[@LINE-1]]:14: warning: pointer argument 1 of 'raw' is not covered by a window annotation; if 'raw' is in another cubicle it cannot use this memory [-Wcubicle-unwindowed-pointer]
  // ERR: warning-flag.c:[[@LINE-2]]:14: error: pointer argument 1 of 'raw' is not covered by a window annotation; if 'raw' is in another cubicle it cannot use this memory [-Werror,-Wcubicle-unwindowed-pointer]
}
// WARN-NOT: error:
// CLANG-QUIET: warning: unknown warning option '-Wno-cubicle-unwindowed-pointer'
// CLANG-QUIET-NOT: pointer argument
// BAD: error: unknown Cubicle plugin argument 'Wbogus'
