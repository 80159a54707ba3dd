; cubicle-privatize: an inline function (linkonce_odr, COMDAT) gets a
; private copy in each TU, so that the linker cannot pick one cubicle's copy
; for all; an explicit instantiation (weak_odr) and declarations are left
; alone.
;
; RUN: %opt-cubicle -passes=cubicle-privatize %s | FileCheck %s

$inl = comdat any

; CHECK: define internal i32 @inl(i32 %x) {
; CHECK-NOT: comdat
define linkonce_odr i32 @inl(i32 %x) comdat {
  ret i32 %x
}

; CHECK: define weak_odr i32 @explicit(
define weak_odr i32 @explicit(i32 %x) {
  ret i32 %x
}

; CHECK: declare i32 @ext(
declare i32 @ext(i32)

define i32 @user(i32 %x) {
  %a = call i32 @inl(i32 %x)
  %b = call i32 @explicit(i32 %a)
  %c = call i32 @ext(i32 %b)
  ret i32 %c
}
