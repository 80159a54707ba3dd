// Misuse of field, kept and format window annotations: errors at the
// annotation.
//
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=x %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=x -Xclang -verify %s

#include <cubicle/cubicle.h>

struct s {
  char *p;
  unsigned n;
  int *q;
  char *r;
  unsigned bits : 3;
};
struct incomplete;

CUBICLE_FIELD_WINDOW(struct s, nosuch, n);
// CHECK: field-diagnostics.c:[[@LINE-1]]:1: error: no field 'nosuch' in 'struct s'
// expected-error@-2 {{no field 'nosuch' in 'struct s'}}
CUBICLE_FIELD_WINDOW(struct s, n, 4);
// CHECK: field-diagnostics.c:[[@LINE-1]]:1: error: 'cubicle_field_window' on field 'n' of type 'unsigned int': a window needs a pointer
// expected-error@-2 {{'cubicle_field_window' on field 'n' of type 'unsigned int': a window needs a pointer}}
CUBICLE_FIELD_WINDOW_CSTR(struct s, q);
// CHECK: field-diagnostics.c:[[@LINE-1]]:1: error: 'cubicle_field_window_cstr' on field 'q' of type 'int *': a window needs a pointer to characters
// expected-error@-2 {{'cubicle_field_window_cstr' on field 'q' of type 'int *': a window needs a pointer to characters}}

// Size expressions name the struct's integer fields.
CUBICLE_FIELD_WINDOW(struct s, p, len);
CUBICLE_FIELD_WINDOW(struct s, q, p);
int use(struct s *v CUBICLE_WINDOW(sizeof(struct s)));
// CHECK: field-diagnostics.c:[[@LINE-3]]:1: error: bad window size 'len' on field 'p': 'len' names no field of 's'
// expected-error@-4 {{bad window size 'len' on field 'p': 'len' names no field of 's'}}
// CHECK: field-diagnostics.c:[[@LINE-4]]:1: error: bad window size 'p' on field 'q': 'p' is not an integer field
// expected-error@-5 {{bad window size 'p' on field 'q': 'p' is not an integer field}}

// Two annotations on one field must agree.
struct t {
  char *p CUBICLE_WINDOW(n);
  unsigned n;
};
CUBICLE_FIELD_WINDOW(struct t, p, n * 2);
int use_t(struct t *v CUBICLE_WINDOW(sizeof(struct t)));
// CHECK: field-diagnostics.c:[[@LINE-2]]:1: error: conflicting window annotations on field 'p' of 't'
// expected-error@-3 {{conflicting window annotations on field 'p' of 't'}}
// CHECK: field-diagnostics.c:[[@LINE-7]]:11: note: the other annotation is here
// expected-note@-8 {{the other annotation is here}}

// Kept windows go on parameters only.
struct u {
  char *p CUBICLE_WINDOW_KEPT(4);
  // CHECK: field-diagnostics.c:[[@LINE-1]]:11: warning: 'cubicle_window_kept' attribute only applies to parameters; ignored
  // expected-warning@-2 {{'cubicle_window_kept' attribute only applies to parameters; ignored}}
};
int kept_int(int x CUBICLE_WINDOW_KEPT(4));
// CHECK: field-diagnostics.c:[[@LINE-1]]:20: error: 'cubicle_window_kept' on parameter 'x' of type 'int': a window needs a pointer
// expected-error@-2 {{'cubicle_window_kept' on parameter 'x' of type 'int': a window needs a pointer}}
int field_on_var CUBICLE_WINDOW(4);
// CHECK: field-diagnostics.c:[[@LINE-1]]:18: warning: 'cubicle_window' attribute only applies to parameters and struct fields; ignored
// expected-warning@-2 {{'cubicle_window' attribute only applies to parameters and struct fields; ignored}}

// Format windows go on the last parameter before '...', a char pointer.
int fmt_fixed(const char *f CUBICLE_WINDOW_FORMAT);
// CHECK: field-diagnostics.c:[[@LINE-1]]:29: error: a format window goes on the last parameter before '...' of a variadic function
// expected-error@-2 {{a format window goes on the last parameter before '...' of a variadic function}}
int fmt_first(const char *f CUBICLE_WINDOW_FORMAT, int n, ...);
// CHECK: field-diagnostics.c:[[@LINE-1]]:29: error: a format window goes on the last parameter before '...' of a variadic function
// expected-error@-2 {{a format window goes on the last parameter before '...' of a variadic function}}
int fmt_int(int x CUBICLE_WINDOW_FORMAT, ...);
// CHECK: field-diagnostics.c:[[@LINE-1]]:19: error: 'cubicle_window_format' on parameter 'x' of type 'int': a window needs a pointer to characters
// expected-error@-2 {{'cubicle_window_format' on parameter 'x' of type 'int': a window needs a pointer to characters}}
int fmt_ok(void *h CUBICLE_NO_WINDOW, const char *f CUBICLE_WINDOW_FORMAT, ...);

CUBICLE_FIELD_WINDOW(struct incomplete, p, 4);
// (Reported at the end of the file: the struct could still be defined.)
// CHECK: field-diagnostics.c:[[@LINE-2]]:1: error: field window on 'struct incomplete', which this translation unit declares but never defines
// expected-error@-3 {{field window on 'struct incomplete', which this translation unit declares but never defines}}
