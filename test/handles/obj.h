/* An expat-shaped API: an opaque object whose first word a macro reads
 * (like XML_GetUserData), handlers that get it and the user's data back, a
 * buffer the caller fills (like XML_GetBuffer), a context whose size the
 * call sets (like XML_GetInputContext), a feature table ending with an
 * all-zero element (like XML_GetFeatureList), and an allocator in a struct
 * whose header carries no annotations (like XML_Memory_Handling_Suite),
 * annotated from outside as a port would. */
#ifndef OBJ_H
#define OBJ_H

#include <cubicle/cubicle.h>
#include <stddef.h>

typedef struct obj obj;
#define obj_user(o) (*(void **)(o))

#define H_ CUBICLE_HANDLE(sizeof(void *))

obj *obj_new(void) CUBICLE_RESULT_HANDLE(sizeof(void *));
obj *obj_new_bare(void); /* no annotation: the negative control */
void obj_set_user(obj *o H_, void *user CUBICLE_USER_DATA);
int obj_secret(obj *o H_);
int obj_same(obj *a H_, obj *b H_);
void obj_free(obj *o CUBICLE_HANDLE_END(sizeof(void *)));

/* Calls cb(o, ud), then cb(o, o): the object as its user data, as
 * XML_UseParserAsHandlerArg makes expat do. */
typedef void (*obj_cb)(obj *o H_, void *ud CUBICLE_USER_DATA);
void obj_visit(obj *o H_, obj_cb cb, void *ud CUBICLE_USER_DATA);

char *obj_buffer(obj *o H_, int n) CUBICLE_RESULT_WRITABLE(n);
char *obj_buffer_ro(obj *o H_, int n) CUBICLE_RESULT(n);
int obj_sum(obj *o H_, int n); /* of the buffer's first n bytes */
const char *obj_context(obj *o H_, int *size CUBICLE_WINDOW(sizeof(int)))
    CUBICLE_RESULT(*size);

struct feature {
  int id;
  long value;
};
const struct feature *obj_features(void)
    CUBICLE_RESULT_ARRAY(sizeof(struct feature));

/* A tree in one block, handed to a handler that owns it and frees it
 * through the library (expat's content models), and the same through a
 * type without the annotation (the negative). */
struct tnode {
  int value;
  unsigned nkids;
  struct tnode *kids;
  const char *name;
};
typedef void (*tree_cb)(struct tnode *t CUBICLE_WINDOW_GIVEN);
typedef void (*tree_bare_cb)(struct tnode *t);
void tree_visit(tree_cb cb);
void tree_visit_bare(tree_bare_cb cb);
void tree_free(struct tnode *t CUBICLE_RELEASED);
int tree_live(void);

/* An end pointer, as strtol's: the digits of s scanned up to *end. */
long scan_digits(const char *s CUBICLE_WINDOW_CSTR,
                 const char **end CUBICLE_WINDOW_INTO(s));
long scan_digits_bare(const char *s CUBICLE_WINDOW_CSTR,
                      const char **end CUBICLE_WINDOW(sizeof(char *)));

/* A statement that keeps the text bound to it until it is reset, read by
 * later calls that do not pass it (SQLITE_STATIC bindings). */
typedef struct stmt stmt;
stmt *stmt_new(void);
void stmt_bind(stmt *s CUBICLE_NO_WINDOW,
               const char *text CUBICLE_WINDOW_KEPT_BY(n, s), int n);
void stmt_bind_bare(stmt *s CUBICLE_NO_WINDOW,
                    const char *text CUBICLE_NO_WINDOW, int n);
int stmt_step(stmt *s CUBICLE_NO_WINDOW, char *out CUBICLE_WINDOW(64));
int stmt_bound_byte(stmt *s CUBICLE_NO_WINDOW); /* the text's first byte */
void stmt_reset(stmt *s CUBICLE_DROPS_KEPT);

#endif
