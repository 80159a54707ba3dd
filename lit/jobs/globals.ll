; cubicle-globals: the TU's globals move into one page-aligned writable
; block and one read-only block, each padded to whole pages, in sections
; named after the cubicle; a TU record says where they are.  Shared
; (annotated), thread-local, COMDAT and weak globals stay where they were.
;
; RUN: %opt-cubicle -passes=cubicle-globals %s | FileCheck %s

$inl_var = comdat any

@counter = global i32 1
@table = constant [3 x i32] [i32 1, i32 2, i32 3]
@buf = internal global [100 x i8] zeroinitializer
@shared = global i32 0
@tls = thread_local global i32 0
@inl_var = linkonce_odr global i32 0, comdat
@weakv = weak global i32 0

@.str = private unnamed_addr constant [15 x i8] c"cubicle.shared\00", section "llvm.metadata"
@llvm.global.annotations = appending global [1 x { ptr, ptr, ptr, i32, ptr }] [{ ptr, ptr, ptr, i32, ptr } { ptr @shared, ptr @.str, ptr null, i32 0, ptr null }], section "llvm.metadata"

; CHECK-DAG: @shared = global i32 0{{$}}
; CHECK-DAG: @tls = thread_local global i32 0{{$}}
; CHECK-DAG: @inl_var = linkonce_odr global i32 0, comdat{{$}}
; CHECK-DAG: @weakv = weak global i32 0{{$}}
; The writable block: the first global page-aligned, then the pad.
; CHECK:      @counter = global i32 1, section "cubicle_rw_app", align 4096
; CHECK-NEXT: @buf = internal global [100 x i8] zeroinitializer, section "cubicle_rw_app", align 16
; CHECK-NEXT: @__cubicle_pad = internal global [3980 x i8] zeroinitializer, section "cubicle_rw_app", align 1
; CHECK-NEXT: @table = constant [3 x i32] [i32 1, i32 2, i32 3], section "cubicle_ro_app", align 4096
; CHECK-NEXT: @__cubicle_pad.1 = internal constant [4084 x i8] zeroinitializer, section "cubicle_ro_app", align 1
; The TU record: magic, ABI version, descriptor, rw and ro bounds, source.
; CHECK: @__cubicle_tu = internal global { i32, i32, ptr, ptr, ptr, ptr, ptr, ptr } { i32 1229083971, i32 1, ptr @__cubicle_desc.app, ptr @counter, ptr getelementptr (i8, ptr @counter, i64 4096), ptr @table, ptr getelementptr (i8, ptr @table, i64 4096), ptr @__cubicle_source }, section "cubicle_tus", align 8
; Nothing may drop or reshape the blocks later.
; CHECK: @llvm.compiler.used = {{.*}}@counter{{.*}}@buf{{.*}}@__cubicle_pad{{.*}}@table{{.*}}@__cubicle_tu

define i32 @get() {
  %v = load i32, ptr @counter
  %t = load i32, ptr getelementptr ([3 x i32], ptr @table, i64 0, i64 1)
  %s = add i32 %v, %t
  store i8 1, ptr @buf
  ret i32 %s
}
