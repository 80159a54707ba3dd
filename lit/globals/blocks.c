// The cubicle's globals move into page-aligned, page-padded blocks (writable
// and read-only), recorded in the TU record, so that the runtime can give
// them the cubicle's key without touching any other data.  Thread-locals,
// COMDAT data and CUBICLE_SHARED globals stay in key 0.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=keys -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O0 %cubicle -fplugin-arg-cubicle-name=keys -S -emit-llvm %s -o - | FileCheck %s

int counter = 1;
static char secret[16] = "hunter2";
const char *const banner = "keys";
static const int table[4] = {1, 2, 3, 4};
_Thread_local int per_thread;

int get(int I) { return secret[I] + table[I & 3] + counter + per_thread + banner[0]; }

// CHECK-DAG: @counter = {{.*}}global i32 1, section "cubicle_rw_keys", align 4096
// CHECK-DAG: @secret = internal {{.*}}[16 x i8] c"hunter2{{.*}}", section "cubicle_{{rw|ro}}_keys"
// A constant with a pointer needs a relocation at load time: writable block.
// CHECK-DAG: @banner = {{.*}}constant ptr @.str, section "cubicle_rw_keys"
// CHECK-DAG: @table = internal {{.*}}constant [4 x i32] [i32 1, i32 2, i32 3, i32 4], section "cubicle_ro_keys"
// CHECK-DAG: @.str = private {{.*}}c"keys\00", section "cubicle_ro_keys"
// CHECK-DAG: @per_thread = {{.*}}thread_local {{.*}}global i32 0, align 4
// CHECK-DAG: @__cubicle_pad = internal global [{{[0-9]+}} x i8] zeroinitializer, section "cubicle_rw_keys", align 1
// CHECK-DAG: @__cubicle_tu = internal global {{.*}} { i32 1229083971, i32 1, ptr @__cubicle_desc.keys, ptr @counter, ptr getelementptr (i8, ptr @counter, i64 4096), ptr @{{.*}}, ptr getelementptr (i8, ptr @{{.*}}, i64 4096), ptr @__cubicle_source }, section "cubicle_tus"

// The blocks in the object file are whole pages.
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=keys -c %s -o %t.o
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=OBJ
// OBJ: cubicle_rw_keys PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 001000 00 WA 0 0 4096
// OBJ: cubicle_ro_keys PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 001000 00 A 0 0 4096
