/* A library in the style of expat: the application registers handlers,
 * the library calls them with its own memory (a name, a NULL-terminated
 * attribute array, a buffer and its length).  The windows are written on
 * the callback types only, three ways: a typedef, the parameter of the
 * registering function, a struct field; the handlers in app.c carry no
 * annotation. */
#ifndef CALLBACKS_PARSER_H
#define CALLBACKS_PARSER_H

#include <cubicle/cubicle.h>

/* As the library's own header has it... */
typedef void (*start_fn)(void *ud, const char *name, const char **atts);
/* ...and again, annotated, as a port header would repeat it. */
typedef void (*start_fn)(void *ud, const char *name CUBICLE_WINDOW_CSTR,
                         const char **atts CUBICLE_WINDOW_STRV);
typedef void (*bare_fn)(const char *name);

struct hooks {
  void (*text)(void *ud, const char *s CUBICLE_WINDOW_IN(len), int len);
};

void p_set_start(start_fn f);
void p_set_end(void (*f)(void *ud, const char *name CUBICLE_WINDOW_CSTR));
void p_set_hooks(const struct hooks *h CUBICLE_WINDOW_IN(sizeof(struct hooks)));
void p_set_bare(bare_fn f);
void p_set_user(void *ud CUBICLE_NO_WINDOW);
/* Parses "<name a=1 b=2>text</name>" of the library's own. */
int p_run(void);
/* Calls the bare handler with a name of the library's. */
void p_run_bare(void);

#endif
