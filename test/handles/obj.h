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

#endif
