// Without the plugin the annotation macros expand to nothing: annotated
// headers compile with any compiler, warning-free, and the function keeps
// its plain signature.
//
// RUN: %clang -fsyntax-only -Wall -Wextra -Werror -I%include %s
// RUN: %clang -E -P -I%include %s | FileCheck %s

#include <cubicle/cubicle.h>
#include <stddef.h>

long fs_read(int fd, void *buf CUBICLE_WINDOW(len), size_t len);
int fs_open(const char *path CUBICLE_WINDOW_CSTR, int flags);
int fs_ro(const void *p CUBICLE_WINDOW_IN(n), size_t n);
void fs_close(void *handle CUBICLE_NO_WINDOW);
int fs_flag CUBICLE_SHARED;

// CHECK: long fs_read(int fd, void *buf , size_t len);
// CHECK: int fs_open(const char *path , int flags);
// CHECK: int fs_ro(const void *p , size_t n);
// CHECK: void fs_close(void *handle );
// CHECK: int fs_flag ;
// CHECK-NOT: __attribute__
