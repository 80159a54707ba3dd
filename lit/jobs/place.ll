; cubicle-place: the TU's functions go into the cubicle_text section;
; functions with a section or a COMDAT of their own keep it.
;
; RUN: %opt-cubicle -passes=cubicle-place %s | FileCheck %s

$inl = comdat any

; CHECK: define i32 @f() section "cubicle_text"
define i32 @f() {
  ret i32 0
}

; CHECK: define i32 @own() section ".text.own"
define i32 @own() section ".text.own" {
  ret i32 1
}

; CHECK: define linkonce_odr i32 @inl() comdat {
define linkonce_odr i32 @inl() comdat {
  ret i32 2
}

; CHECK: declare i32 @ext()
declare i32 @ext()
