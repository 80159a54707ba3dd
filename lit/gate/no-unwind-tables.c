// Gates stop unwinders with CFI directives, but only in functions that have
// unwind tables: without them there is no frame to describe, and a CFI
// directive outside .cfi_startproc would not assemble.
//
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -S %s -o - | FileCheck %s --check-prefix=CFI
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -fno-asynchronous-unwind-tables -fno-unwind-tables -S %s -o - | FileCheck %s --check-prefix=NOCFI
// RUN: %clang -O2 %cubicle -fplugin-arg-cubicle-name=app -fno-asynchronous-unwind-tables -fno-unwind-tables -c %s -o %t.o

int fs_read(int fd);

int use(int fd) { return fs_read(fd) + 1; }

// CFI-LABEL: __cubicle_body.use:
// CFI:       .cfi_startproc
// CFI:       .cfi_remember_state
// CFI-NEXT:  .cfi_undefined %rip
// CFI-NEXT:  .Lcubicle_call_{{[0-9]+}}:
// CFI-NEXT:  callq *__cubicle_entry.fs_read+8(%rip)
// CFI-NEXT:  .Lcubicle_site_{{[0-9]+}}:
// CFI-NEXT:  .cfi_restore_state

// NOCFI-LABEL: __cubicle_body.use:
// NOCFI-NOT:   .cfi_
// NOCFI:       callq *__cubicle_entry.fs_read+8(%rip)
// NOCFI-NOT:   .cfi_
