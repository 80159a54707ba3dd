// operator new and delete in a cubicle use the cubicle's heap too.
//
// RUN: %clangxx -O2 %cubicle -fplugin-arg-cubicle-name=parser -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clangxx -O0 %cubicle -fplugin-arg-cubicle-name=parser -S -emit-llvm %s -o - | FileCheck %s

struct Node { long V; Node *Next; };
Node *make(long V) { return new Node{V, nullptr}; }
void drop(Node *N) { delete N; }
int *array(unsigned N) { return new int[N]; }

// CHECK-LABEL: define {{.*}}@__cubicle_body._Z4makel(
// CHECK: call {{.*}}@__cubicle_new_from(ptr {{.*}}@__cubicle_desc.parser, i64 {{.*}}16)
// CHECK-LABEL: define {{.*}}@__cubicle_body._Z4dropP4Node(
// CHECK: call void @__cubicle_delete_sized_from(ptr {{.*}}@__cubicle_desc.parser
// CHECK-LABEL: define {{.*}}@__cubicle_body._Z5arrayj(
// CHECK: call {{.*}}@__cubicle_new_from(
