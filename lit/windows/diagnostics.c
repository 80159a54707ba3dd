// Misuse of window annotations is a compile error at the annotation, never
// a crash or a silent no-op.
//
// RUN: not %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=x %s 2>&1 | FileCheck %s
// RUN: %clang -fsyntax-only %cubicle -fplugin-arg-cubicle-name=x -Xclang -verify %s

#include <cubicle/cubicle.h>
#include <stddef.h>

int no_param(void *p CUBICLE_WINDOW(length), size_t len);
// CHECK: diagnostics.c:[[@LINE-1]]:22: error: bad window size 'length' on parameter 'p': 'length' names no parameter of 'no_param'
// expected-error@-2 {{bad window size 'length' on parameter 'p': 'length' names no parameter of 'no_param'}}
int not_ptr(int x CUBICLE_WINDOW(4));
// CHECK: diagnostics.c:[[@LINE-1]]:19: error: 'cubicle_window' on parameter 'x' of type 'int': a window needs a pointer
// expected-error@-2 {{'cubicle_window' on parameter 'x' of type 'int': a window needs a pointer}}
int cstr(int *p CUBICLE_WINDOW_CSTR);
// CHECK: diagnostics.c:[[@LINE-1]]:17: error: 'cubicle_window_cstr' on parameter 'p' of type 'int *': a window needs a pointer to characters
// expected-error@-2 {{'cubicle_window_cstr' on parameter 'p' of type 'int *': a window needs a pointer to characters}}
int var(void *p CUBICLE_WINDOW(n), int n, ...);
// CHECK: diagnostics.c:[[@LINE-1]]:17: error: window annotation on variadic function 'var': windows need a fixed parameter list
// expected-error@-2 {{window annotation on variadic function 'var': windows need a fixed parameter list}}
int syntax(void *p CUBICLE_WINDOW(n * ), int n);
// CHECK: diagnostics.c:[[@LINE-1]]:20: error: bad window size 'n *' on parameter 'p': empty expression
// expected-error@-2 {{bad window size 'n *' on parameter 'p': empty expression}}
int ptrsize(void *p CUBICLE_WINDOW(q), int *q);
// CHECK: diagnostics.c:[[@LINE-1]]:21: error: bad window size 'q' on parameter 'p': 'q' is not an integer parameter
// expected-error@-2 {{bad window size 'q' on parameter 'p': 'q' is not an integer parameter}}
int notype(void *p CUBICLE_WINDOW(n * sizeof(struct nosuch)), int n);
// CHECK: diagnostics.c:[[@LINE-1]]:20: error: bad window size 'n * sizeof(struct nosuch)' on parameter 'p': cannot find the type 'struct nosuch' for sizeof
// expected-error@-2 {{bad window size 'n * sizeof(struct nosuch)' on parameter 'p': cannot find the type 'struct nosuch' for sizeof}}
int local CUBICLE_WINDOW(4);
// CHECK: diagnostics.c:[[@LINE-1]]:11: warning: 'cubicle_window' attribute only applies to parameters and struct fields; ignored
// expected-warning@-2 {{'cubicle_window' attribute only applies to parameters and struct fields; ignored}}
void f(void) { int x CUBICLE_SHARED; (void)x; }
// CHECK: diagnostics.c:[[@LINE-1]]:22: warning: 'cubicle_shared' attribute only applies to global variables; ignored
// expected-warning@-2 {{'cubicle_shared' attribute only applies to global variables; ignored}}
int result_int(int n) CUBICLE_RESULT(n);
// CHECK: diagnostics.c:[[@LINE-1]]:23: error: 'cubicle_result' on function 'result_int' returning 'int': a result window needs a function returning a pointer
// expected-error@-2 {{'cubicle_result' on function 'result_int' returning 'int': a result window needs a function returning a pointer}}
int *result_cstr(void) CUBICLE_RESULT_CSTR;
// CHECK: diagnostics.c:[[@LINE-1]]:24: error: 'cubicle_result_cstr' on function 'result_cstr' returning 'int *': a result window needs a function returning a pointer to characters
// expected-error@-2 {{'cubicle_result_cstr' on function 'result_cstr' returning 'int *': a result window needs a function returning a pointer to characters}}
const int *result_size(int n) CUBICLE_RESULT(m * 4);
// CHECK: diagnostics.c:[[@LINE-1]]:31: error: bad window size 'm * 4' on the result of 'result_size': 'm' names no parameter of 'result_size'
// expected-error@-2 {{bad window size 'm * 4' on the result of 'result_size': 'm' names no parameter of 'result_size'}}
const char *result_conflict(int n) CUBICLE_RESULT(n);
const char *result_conflict(int n) CUBICLE_RESULT_CSTR;
// CHECK: diagnostics.c:[[@LINE-1]]:36: error: conflicting window annotations on the result of 'result_conflict': declarations must agree
// CHECK: diagnostics.c:[[@LINE-3]]:36: note: the other annotation is here
// expected-error@-3 {{conflicting window annotations on the result of 'result_conflict': declarations must agree}}
// expected-note@-5 {{the other annotation is here}}
int result_var CUBICLE_RESULT_CSTR;
// CHECK: diagnostics.c:[[@LINE-1]]:16: warning: 'cubicle_result_cstr' attribute only applies to functions and function pointer types; ignored
// expected-warning@-2 {{'cubicle_result_cstr' attribute only applies to functions and function pointer types; ignored}}
