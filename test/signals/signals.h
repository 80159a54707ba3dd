/*===- signals.h - Cubicle "lib" of the signal tests ----------------------===*/
#ifndef CUBICLE_SIGNALS_TEST_H
#define CUBICLE_SIGNALS_TEST_H
#include <cubicle/cubicle.h>

void lib_install(int Sig);          /* lib's handler for Sig (SA_SIGINFO) */
/* What lib's handler saw, as text, into Out. */
void lib_handler_report(char *Out CUBICLE_WINDOW(Len), unsigned long Len);
char *lib_secret(void);              /* leaked: "lib-secret" */
int lib_raise_inside(int Sig);      /* raises Sig while lib runs; then reads
                                       its own secret: 1 if it still can */
/* Trusted (built without the plugin): installs a handler that sets the
 * interrupted context's saved PKRU to 0 in its frame. */
void trusted_install_frame_editor(int Sig);
#endif
