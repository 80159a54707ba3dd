// A cubicle's blocks are whole pages, also when passes that run after the
// plugin's (GlobalDCE, ConstantMerge, the relative lookup table converter)
// would drop or shrink a global: here a switch becomes a table of string
// pointers, which the converter would turn into a table of 32-bit offsets,
// and a table only an inlined-away function used would be dropped.
//
// RUN: %clang -O2 -fPIC %cubicle -fplugin-arg-cubicle-name=lib -c %s -o %t.o
// RUN: llvm-readelf -S %t.o | FileCheck %s
// RUN: %clang -O2 -fPIC %cubicle -fplugin-arg-cubicle-name=lib -S -emit-llvm %s -o - | FileCheck %s --check-prefix=IR

const char *name(int x) {
  switch (x) {
  case 0: return "zero";
  case 1: return "one";
  case 2: return "two";
  case 3: return "three";
  case 4: return "four";
  default: return "many";
  }
}

static const char *const Unused[] = {"a", "b", "c"};
static inline const char *first(void) { return Unused[0]; }
const char *use(void) { return first(); }

int counter = 1;

// Each block is a multiple of 4096 bytes (the sizes are hexadecimal).
// CHECK: cubicle_rw_lib PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} {{[0-9a-f]*}}000 {{.*}} 4096
// IR: @switch.table.name = {{.*}}[5 x ptr]{{.*}}section "cubicle_rw_lib"
// IR: @llvm.compiler.used = {{.*}}@switch.table.name
