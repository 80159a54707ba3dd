; cubicle-trusted-entries: libc calls main and the constructors from the
; trusted base, so each is renamed and "main" (or the constructor list's
; entry) becomes a wrapper that enters the cubicle through a gate from the
; trusted base's descriptor.
;
; RUN: %opt-cubicle -passes=cubicle-trusted-entries %s | FileCheck %s

@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @init, ptr null }]

; CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @__cubicle_init.init, ptr null }]

define internal void @init() {
  ret void
}

; CHECK: define internal i32 @__cubicle_main.app(i32 %argc, ptr %argv)
define i32 @main(i32 %argc, ptr %argv) {
  ret i32 0
}

; The gate from the trusted base: WRPKRU into app, checked, the call on
; app's stack, and back.
; CHECK-LABEL: define dso_local i32 @main(i32 %0, ptr %1)
; CHECK: call { i64, i64, i64 } asm sideeffect "{{.*}}__cubicle_desc_trusted{{.*}}wrpkru{{.*}}call \22__cubicle_main.app\22
; CHECK-NOT: call {{.*}}@__cubicle_main.app
; CHECK-LABEL: define internal void @__cubicle_init.init()
; CHECK: asm sideeffect "{{.*}}wrpkru{{.*}}call \22init\22
