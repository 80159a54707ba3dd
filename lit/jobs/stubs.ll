; cubicle-stubs: an exported function's name becomes its entry stub (a
; naked function with the stub magic and the entry record's offset as
; prefix data); its body becomes __cubicle_body.<name>, which calls inside
; the TU use; an entry record says where both are.  A static function whose
; address is taken gets a local stub, which its address becomes.  A static
; function only called directly gets nothing.
;
; RUN: %opt-cubicle -passes=cubicle-stubs %s | FileCheck %s

@handler = global ptr @cb

; CHECK: @handler = global ptr @__cubicle_stub.cb
; CHECK: @__cubicle_entry.exported = constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_desc.app, ptr @__cubicle_body.exported, ptr @exported, i64 0, ptr null }, align 16
; CHECK: @__cubicle_entry.caller = constant
; CHECK: @__cubicle_entry_local.cb = internal constant { ptr, ptr, ptr, i64, ptr } { ptr @__cubicle_desc.app, ptr @cb, ptr @__cubicle_stub.cb, i64 0, ptr null }, align 16
; CHECK-NOT: __cubicle_entry{{.*}}helper

define i32 @exported(i32 %x) {
  %r = call i32 @helper(i32 %x)
  ret i32 %r
}

define internal i32 @helper(i32 %x) {
  ret i32 %x
}

define internal void @cb() {
  ret void
}

define i32 @caller() {
  %r = call i32 @exported(i32 1)
  ret i32 %r
}

; CHECK-LABEL: define internal i32 @__cubicle_body.exported(i32 %x)
; CHECK-LABEL: define internal i32 @helper(
; Calls inside the TU go straight to the body.
; CHECK-LABEL: define internal i32 @__cubicle_body.caller()
; CHECK-NEXT: call i32 @__cubicle_body.exported(i32 1)
; CHECK: define i32 @exported(i32 %0) #[[NAKED:[0-9]+]] align 16 prefix { i64, i64 } { i64 4851857056024384594, i64 sub (i64 ptrtoint (ptr @__cubicle_entry.exported to i64), i64 ptrtoint (ptr @exported to i64)) }
; CHECK: asm sideeffect "{{.*}}rdpkru{{.*}}je \22__cubicle_body.exported\22{{.*}}jmp __cubicle_stub_enter
; CHECK: define internal void @__cubicle_stub.cb() #[[NAKED]]
; CHECK: attributes #[[NAKED]] = { naked noinline nounwind }
