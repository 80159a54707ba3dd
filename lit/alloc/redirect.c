// Allocation in a cubicle goes to the cubicle's heap, with the caller's
// descriptor, for direct calls and for the address of malloc taken as a
// value alike.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=parser -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=parser -S -emit-llvm %s -o - | FileCheck %s

#include <stdlib.h>
#include <string.h>

void *(*allocator)(size_t) = malloc;

char *dup(const char *S) {
  char *P = malloc(strlen(S) + 1);
  strcpy(P, S);
  char *Q = strdup(P);
  free(P);
  return Q;
}

// CHECK: @allocator = {{.*}}global ptr @__cubicle_redirect.parser.malloc, section "cubicle_rw_parser"
// CHECK-LABEL: define {{.*}}ptr @__cubicle_body.dup(
// CHECK: call {{.*}}@__cubicle_malloc_from(ptr {{.*}}@__cubicle_desc.parser
// CHECK: call {{.*}}@__cubicle_strdup_from(ptr {{.*}}@__cubicle_desc.parser
// CHECK: call void @__cubicle_free_from(ptr {{.*}}@__cubicle_desc.parser
// CHECK-NOT: call {{.*}}@malloc(
// CHECK-NOT: call {{.*}}@free(
