/*===- cubicle/cubicle.h - Public interface of the Cubicle runtime --------===*\
 *
 * Cubicle isolates the components of one C/C++ program from each other with
 * Intel MPK.  A cubicle is a set of translation units with its own
 * protection key: its globals, heap and stacks are out of reach of every
 * other cubicle.  Windows lend ranges of a cubicle's memory to other cubicles
 * for a while.
 *
 * Most programs only need the annotation macros at the bottom of this file:
 * the compiler plugin emits the gates and the window calls.  The functions
 * below are for hand-written window management, for programs that use the
 * runtime without the plugin, and for tests.
 *
 * All functions return a negative CUBICLE_E* code on failure and change
 * nothing when they fail.
\*===----------------------------------------------------------------------===*/
#ifndef CUBICLE_CUBICLE_H
#define CUBICLE_CUBICLE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int cid_type; /* cubicle id; 0 is the trusted base */
typedef int wid_type; /* window id */

#define CUBICLE_TRUSTED 0 /* the id of code built without the plugin */

/* Error codes.  Every function that can fail returns one of these, negated
 * values never collide with valid ids. */
enum cubicle_error {
  CUBICLE_OK = 0,
  CUBICLE_EBADWID = -1,   /* no such window (never created, or destroyed) */
  CUBICLE_ENOTOWNER = -2, /* the caller does not own that memory/window */
  CUBICLE_EOVERLAP = -3,  /* range overlaps a range already in a window */
  CUBICLE_EINVAL = -4,    /* size 0, NULL pointer, or range wraps around */
  CUBICLE_ENOMEM = -5,    /* out of runtime memory or table space */
  CUBICLE_EBADCID = -6,   /* no such cubicle */
  CUBICLE_ENOENT = -7,    /* window_remove: no range starts at that address */
  CUBICLE_ENOTOPEN = -8,  /* window_close: window is not open to that cubicle */
  CUBICLE_EPERM = -9,     /* not allowed from the calling context */
  CUBICLE_EEXIST = -10,   /* a cubicle with that name already exists */
  CUBICLE_ELIMIT = -11    /* too many cubicles */
};

/* A short description of an error code ("CUBICLE_EBADWID: no such window"). */
const char *cubicle_strerror(int err);

/*===-- Cubicles ----------------------------------------------------------===*/

/* Creates a cubicle at run time (programs built with the plugin get theirs
 * from the compiler).  Only the trusted base may create cubicles. */
cid_type cubicle_create(const char *name);

/* The cubicle the calling thread runs in. */
cid_type cubicle_self(void);

/* The id of the cubicle with that name, or CUBICLE_EBADCID. */
cid_type cubicle_lookup(const char *name);

/* The name of a cubicle, or NULL. */
const char *cubicle_name(cid_type cid);

/* The cubicle that owns the memory at ptr (its heap, globals or stacks),
 * or CUBICLE_TRUSTED for memory of the trusted base. */
cid_type cubicle_owner(const void *ptr);

/* The number of cubicles, the trusted base included. */
int cubicle_count(void);

/* "mpk", "mprotect" or "none". */
const char *cubicle_backend(void);

/* Runs fn(arg) in cubicle cid: switches to that cubicle's rights and its
 * stack for the calling thread, and back on return.  This is the runtime's
 * own gate for programs that do not use the compiler plugin; programs built
 * with the plugin get inline gates instead and may not use it (it returns
 * NULL and reports).  Nested calls are allowed. */
void *cubicle_call(cid_type cid, void *(*fn)(void *), void *arg);

/*===-- Windows -----------------------------------------------------------===*/

/* A window is a set of memory ranges owned by one cubicle (its creator) that
 * can be opened to other cubicles.  Access granted is exactly the bytes
 * added, not the pages around them. */

/* Creates an empty window owned by the calling cubicle.  Returns its id. */
wid_type cubicle_window_init(void);

/* Adds [ptr, ptr + size) to the window.  The caller must own every byte and
 * the range may not overlap any range already in a window.  If the window is
 * open, the new range is granted at once. */
int cubicle_window_add(wid_type wid, void *ptr, size_t size);

/* Removes the range that starts at ptr.  Revoked at once if open. */
int cubicle_window_remove(wid_type wid, void *ptr);

/* Grants cubicle cid access to every range in the window. */
int cubicle_window_open(wid_type wid, cid_type cid);

/* Revokes cid's access. */
int cubicle_window_close(wid_type wid, cid_type cid);

/* Revokes every cubicle's access. */
int cubicle_window_close_all(wid_type wid);

/* Closes the window to everyone, forgets its ranges and frees its id. */
int cubicle_window_destroy(wid_type wid);

/*===-- Per-cubicle heap --------------------------------------------------===*/

/* Allocate from the calling cubicle's heap, whose pages carry its key.
 * Freeing memory of another cubicle is refused with a report. */
void *cubicle_malloc(size_t size);
void *cubicle_calloc(size_t n, size_t size);
void *cubicle_realloc(void *ptr, size_t size);
void cubicle_free(void *ptr);
void *cubicle_aligned_alloc(size_t alignment, size_t size);
int cubicle_posix_memalign(void **out, size_t alignment, size_t size);
size_t cubicle_malloc_usable_size(void *ptr);

/*===-- Annotations -------------------------------------------------------===*/

/* Put these on the parameters of functions other cubicles call, in the
 * header both sides include; the compiler does the rest:
 *
 *   ssize_t fs_read(int fd, void *buf CUBICLE_WINDOW(len), size_t len);
 *   int fs_open(const char *path CUBICLE_WINDOW_CSTR, int flags);
 *   int fs_stat(int fd, struct stat *st CUBICLE_WINDOW(sizeof(struct stat)));
 *
 * CUBICLE_WINDOW(size)    lends [p, p + size) to the callee for the call and
 *                         takes back what it wrote; size may name other
 *                         parameters, constants and sizeof(type).
 * CUBICLE_WINDOW_IN(size) the same, read-only (a const pointer is too).
 * CUBICLE_WINDOW_CSTR     lends a NUL-terminated string, read-only.
 * CUBICLE_RESULT(size)    on a function returning a pointer, after the
 *                         declarator: the caller may read [r, r + size) of
 *                         what it returns (size from the parameters):
 *
 *   const char *db_errmsg(db *d) CUBICLE_RESULT_CSTR;
 *   const row *db_row(db *d, int i, size_t n) CUBICLE_RESULT(n * sizeof(row));
 *
 *                         A result in the callee's memory reaches the
 *                         caller as a read-only copy in the caller's heap,
 *                         valid until its thread has been returned 32 newer
 *                         results (the same range returned again gives the
 *                         same copy, refreshed); never free it.  A result the
 *                         caller may read already is returned as it is.
 * CUBICLE_RESULT_CSTR     the same for a NUL-terminated string.
 * CUBICLE_RESULT_WRITABLE(size) a buffer of the callee's the caller fills
 *                         (expat's XML_GetBuffer): the caller gets a copy
 *                         it may write, and what it wrote goes into the
 *                         callee's buffer before its thread's next call
 *                         into the callee through a function with windows
 *                         (XML_ParseBuffer, which takes the parser's
 *                         handle); until then the copy is the buffer.
 * CUBICLE_RESULT_ARRAY(elem_size) a table of elem_size-byte elements that
 *                         ends with an all-zero one (expat's
 *                         XML_GetFeatureList): a copy as CUBICLE_RESULT
 *                         gives, up to and including that element.  Pointers
 *                         inside the elements are not lent.
 * CUBICLE_RESULT_OWNED(size) on a function returning a block the caller
 *                         then owns (a library's malloc, a string it
 *                         formats), and CUBICLE_RELEASED on the pointer
 *                         parameter of the function that takes it back
 *                         (its free, its realloc):
 *
 *   void *db_alloc(db *d, size_t n) CUBICLE_RESULT_OWNED(n);
 *   void *db_realloc(db *d, void *p CUBICLE_RELEASED, size_t n)
 *       CUBICLE_RESULT_OWNED(n);
 *   void db_free(db *d, void *p CUBICLE_RELEASED);
 *   char *db_format(const char *fmt CUBICLE_WINDOW_FORMAT, ...)
 *       CUBICLE_RESULT_OWNED_CSTR;
 *
 *                         The caller gets a block of its own memory with
 *                         the callee's bytes; the callee's block stays
 *                         behind, unused.  Given back, the callee gets its
 *                         own block with the caller's bytes; a free drops
 *                         the caller's block, a realloc does when it returns
 *                         a new one.  Free such a block only through the
 *                         library; plain free() refuses it.
 * CUBICLE_RESULT_OWNED_CSTR the same for a NUL-terminated string.
 * CUBICLE_WINDOW_GIVEN    on a parameter: the heap block it points into
 *                         is handed over whole, as a result annotated
 *                         CUBICLE_RESULT_OWNED is (expat's content model,
 *                         a tree in one block that the handler frees with
 *                         XML_FreeContentModel, whose parameter is
 *                         CUBICLE_RELEASED); pointer-sized words pointing
 *                         into the block are rebased into the callee's.
 * CUBICLE_WINDOW_INTO(param) on a pointer to a pointer into the window of
 *                         another parameter (strtol's endptr):
 *
 *   void trim(const char *from CUBICLE_WINDOW_CSTR,
 *             const char **end CUBICLE_WINDOW_INTO(from));
 *
 *                         the callee reads and writes that pointer as one
 *                         into its copy of param's window, and the caller
 *                         gets it back pointing into its own memory.
 * CUBICLE_WINDOW_STRV     lends a NULL-terminated array of strings (an argv,
 *                         expat's attributes), read-only.
 * CUBICLE_WINDOW_FORMAT   on the format of a printf-like function (the last
 *                         parameter before "..."): lends the format and
 *                         every string its %s take, read-only; %n and
 *                         positional arguments are refused at the call.
 * CUBICLE_WINDOW_FORMAT_SQLITE the same for SQLite's printf dialect
 *                         (sqlite3_mprintf): %q, %Q and %w take strings too;
 *                         %z, which would free the caller's string with the
 *                         callee's allocator, is refused at the call.
 * CUBICLE_WINDOW_VFORMAT  on the format of a vprintf-like function (the
 *                         parameter before its va_list), and
 * CUBICLE_WINDOW_VFORMAT_SQLITE for SQLite's dialect (sqlite3_vmprintf):
 *                         the callee gets a va_list of its own holding
 *                         exactly the arguments the format consumes, each
 *                         string a read-only copy.
 * CUBICLE_WINDOW_STRV_N(n) lends an array of exactly n strings, any of them
 *                         NULL (sqlite3_exec's row and column names).
 * CUBICLE_RESULT_SIZED_BY(fn) on a function returning a pointer whose size
 *                         another function of the callee's, taking the same
 *                         parameters, returns when called after it
 *                         (sqlite3_column_blob and sqlite3_column_bytes):
 *                         the callee's cubicle calls it as the call returns,
 *                         and the caller gets a copy as CUBICLE_RESULT gives.
 * CUBICLE_OUT_OWNED_CSTR  on a char ** parameter through which the callee
 *                         returns a string it allocated (sqlite3_exec's
 *                         errmsg): handed over as CUBICLE_RESULT_OWNED_CSTR
 *                         hands over a result, the caller frees it through
 *                         the library (CUBICLE_RELEASED).
 * A size expression may say len_or_cstr(n): n bytes, or, if the signed
 * parameter n is negative, the NUL-terminated string with its NUL
 * (sqlite3_bind_text's nByte).
 * CUBICLE_NO_WINDOW       the callee does not use the memory (an opaque
 *                         handle): silences the unwindowed-pointer warning.
 * CUBICLE_SHARED          on a global: every cubicle may read and write it.
 *
 * Memory the callee keeps a pointer to across calls (a stream struct the
 * caller owns and every call of the library passes back):
 *
 *   int z_init(z_stream *s CUBICLE_WINDOW_KEPT(sizeof(z_stream)));
 *   int z_pump(z_stream *s CUBICLE_WINDOW_KEPT(sizeof(z_stream)), int f);
 *   int z_end(z_stream *s CUBICLE_WINDOW_END(sizeof(z_stream)));
 *
 * CUBICLE_WINDOW_KEPT(size) like CUBICLE_WINDOW, but every call lending the
 *                         same range to the same cubicle gives it the same
 *                         copy, at the same address, in its own memory:
 *                         the callee may keep the pointer and compare it.
 *                         Each call copies the caller's bytes in and the
 *                         callee's back, as CUBICLE_WINDOW does...
 * CUBICLE_WINDOW_KEPT_BY(size, handle) a window the callee keeps with the
 *                         handle in parameter handle, for use in later
 *                         calls that do not pass it (an SQLITE_STATIC
 *                         binding, read by sqlite3_step): a copy of its own
 *                         per handle, made at this call...
 * CUBICLE_WINDOW_KEPT_BY_SLOT(size, handle, slot) the same, one copy per
 *                         handle and value of the integer parameter slot
 *                         (a binding's index): binding that slot again
 *                         replaces its copy, so a statement bound again
 *                         and again keeps one copy per parameter.
 * CUBICLE_DROPS_KEPT      ...until a call with this on that handle
 *                         parameter returns (sqlite3_finalize,
 *                         sqlite3_clear_bindings): every copy kept with it
 *                         goes.  The copy is the caller's bytes at the call
 *                         that lent it: a later change to the caller's
 *                         buffer is not seen (bind again to change it).
 * CUBICLE_WINDOW_END(size) ...until a call annotated so: the copy is
 *                         dropped after it returns.
 *
 * Pointers inside a struct that a window lends (a stream's input and
 * output buffers): annotate the field, in the struct or, for a struct in a
 * header you do not edit, after including it:
 *
 *   struct z_stream { const char *in CUBICLE_WINDOW_IN(avail_in);
 *                     unsigned avail_in; ... };
 *   CUBICLE_FIELD_WINDOW_IN(z_stream, in, avail_in);
 *
 * Whenever a window lends the struct, the field's window is lent with it,
 * for the call (size from the struct's fields, as the caller set them); the
 * callee sees the field point at its copy (or, from 64 KiB, at the
 * caller's memory lent in place) and the caller gets back the field moved
 * as far as the callee moved it.  CUBICLE_FIELD_WINDOW(type, field, size),
 * _IN and _CSTR(type, field) mirror the parameter annotations.
 *
 * A function pointer field of a struct in a header you do not edit takes
 * the annotations of a typedef of the same type that the port writes:
 *
 *   typedef void *(*xml_malloc_fn)(size_t n) CUBICLE_RESULT_OWNED(n);
 *   CUBICLE_FIELD_CALLBACK(XML_Memory_Handling_Suite, malloc_fcn,
 *                          xml_malloc_fn);
 *
 * Every function stored in the field (an initializer, an assignment) is
 * registered with those windows, wherever it is defined: a callback of
 * another file, or libc's realloc, goes through a thunk that carries them.
 *
 * Opaque handles whose first bytes a header's macro reads (expat's
 * XML_GetUserData(p) reads the parser's first word):
 *
 *   XML_Parser XML_ParserCreate(const char *enc CUBICLE_WINDOW_CSTR)
 *       CUBICLE_RESULT_HANDLE(sizeof(void *));
 *   void XML_SetUserData(XML_Parser p CUBICLE_HANDLE(sizeof(void *)),
 *                        void *u CUBICLE_NO_WINDOW);
 *   void XML_ParserFree(XML_Parser p CUBICLE_HANDLE_END(sizeof(void *)));
 *
 * CUBICLE_RESULT_HANDLE(head) the caller gets, for the callee's handle, a
 *                         proxy in its own memory holding a copy of the
 *                         handle's first head bytes (at most 4096): the
 *                         same proxy for the same handle every time.
 * CUBICLE_HANDLE(head)    on a parameter: a proxy passed back reaches the
 *                         callee as its handle, and its head is copied
 *                         again when the call returns (the call may have
 *                         changed it).  A handle of the caller's passed to
 *                         a callback of another cubicle crosses as a proxy
 *                         the same way.
 * CUBICLE_HANDLE_END(head) ...and the proxy is dropped after this call (the
 *                         library's destructor).
 * CUBICLE_USER_DATA       a pointer the library only passes back (a
 *                         handler's user data), which may be a handle
 *                         (expat's XML_UseParserAsHandlerArg): one the
 *                         other side holds a proxy of crosses as the proxy
 *                         and back; anything else as it is, unlent.
 *
 * Below 64 KiB the callee works on a copy made on its own stack, so it sees
 * exactly the bytes lent, whatever lies next to them; larger windows, of any
 * size, are lent in place for the call, the bytes around them still out of
 * reach.  A callback the callee makes into the caller gets pointers into the
 * caller's own memory either way.  Without the plugin the macros expand to
 * nothing. */
#if defined(__has_attribute)
#if __has_attribute(cubicle_window)
#define CUBICLE_WINDOW(size) __attribute__((cubicle_window(#size)))
#define CUBICLE_WINDOW_IN(size) __attribute__((cubicle_window_in(#size)))
#define CUBICLE_WINDOW_CSTR __attribute__((cubicle_window_cstr))
#define CUBICLE_NO_WINDOW __attribute__((cubicle_no_window))
#define CUBICLE_RESULT(size) __attribute__((cubicle_result(#size)))
#define CUBICLE_RESULT_CSTR __attribute__((cubicle_result_cstr))
#define CUBICLE_RESULT_WRITABLE(size)                                          \
  __attribute__((cubicle_result_writable(#size)))
#define CUBICLE_RESULT_ARRAY(elem_size)                                        \
  __attribute__((cubicle_result_array(#elem_size)))
#define CUBICLE_RESULT_OWNED(size) __attribute__((cubicle_result_owned(#size)))
#define CUBICLE_RESULT_OWNED_CSTR __attribute__((cubicle_result_owned_cstr))
#define CUBICLE_RELEASED __attribute__((cubicle_released))
#define CUBICLE_SHARED __attribute__((cubicle_shared))
#define CUBICLE_WINDOW_FORMAT __attribute__((cubicle_window_format))
#define CUBICLE_WINDOW_STRV __attribute__((cubicle_window_strv))
#define CUBICLE_WINDOW_KEPT(size) __attribute__((cubicle_window_kept(#size)))
#define CUBICLE_WINDOW_END(size) __attribute__((cubicle_window_end(#size)))
#define CUBICLE_FIELD_ANNOTATION_(type, attr)                                  \
  typedef type CUBICLE_FIELD_NAME_(__COUNTER__) __attribute__((attr))
#define CUBICLE_FIELD_NAME_(n) CUBICLE_FIELD_NAME2_(n)
#define CUBICLE_FIELD_NAME2_(n) __cubicle_field_window_##n
#define CUBICLE_FIELD_WINDOW(type, field, size)                                \
  CUBICLE_FIELD_ANNOTATION_(type, cubicle_field_window(#field, #size))
#define CUBICLE_FIELD_WINDOW_IN(type, field, size)                             \
  CUBICLE_FIELD_ANNOTATION_(type, cubicle_field_window_in(#field, #size))
#define CUBICLE_FIELD_WINDOW_CSTR(type, field)                                 \
  CUBICLE_FIELD_ANNOTATION_(type, cubicle_field_window_cstr(#field))
#define CUBICLE_FIELD_CALLBACK(type, field, callback_type)                     \
  CUBICLE_FIELD_ANNOTATION_(type,                                              \
                            cubicle_field_callback(#field, #callback_type))
#define CUBICLE_HANDLE(head) __attribute__((cubicle_handle(#head)))
#define CUBICLE_HANDLE_END(head) __attribute__((cubicle_handle_end(#head)))
#define CUBICLE_RESULT_HANDLE(head) __attribute__((cubicle_result_handle(#head)))
#define CUBICLE_USER_DATA __attribute__((cubicle_user_data))
#define CUBICLE_WINDOW_GIVEN __attribute__((cubicle_window_given))
#define CUBICLE_WINDOW_INTO(param) __attribute__((cubicle_window_into(#param)))
#define CUBICLE_WINDOW_KEPT_BY(size, handle)                                   \
  __attribute__((cubicle_window_kept_by(#size, #handle)))
#define CUBICLE_DROPS_KEPT __attribute__((cubicle_drops_kept))
#define CUBICLE_WINDOW_KEPT_BY_SLOT(size, handle, slot)                        \
  __attribute__((cubicle_window_kept_by(#size, #handle, #slot)))
#define CUBICLE_WINDOW_FORMAT_SQLITE                                           \
  __attribute__((cubicle_window_format_sqlite))
#define CUBICLE_WINDOW_VFORMAT __attribute__((cubicle_window_vformat))
#define CUBICLE_WINDOW_VFORMAT_SQLITE                                          \
  __attribute__((cubicle_window_vformat_sqlite))
#define CUBICLE_WINDOW_STRV_N(n) __attribute__((cubicle_window_strv_n(#n)))
#define CUBICLE_RESULT_SIZED_BY(fn)                                            \
  __attribute__((cubicle_result_sized_by(#fn)))
#define CUBICLE_OUT_OWNED_CSTR __attribute__((cubicle_out_owned_cstr))
#endif
#endif
#ifndef CUBICLE_WINDOW
#define CUBICLE_WINDOW(size)
#define CUBICLE_WINDOW_IN(size)
#define CUBICLE_WINDOW_CSTR
#define CUBICLE_NO_WINDOW
#define CUBICLE_RESULT(size)
#define CUBICLE_RESULT_CSTR
#define CUBICLE_RESULT_WRITABLE(size)
#define CUBICLE_RESULT_ARRAY(elem_size)
#define CUBICLE_RESULT_OWNED(size)
#define CUBICLE_RESULT_OWNED_CSTR
#define CUBICLE_RELEASED
#define CUBICLE_SHARED
#define CUBICLE_WINDOW_FORMAT
#define CUBICLE_WINDOW_STRV
#define CUBICLE_WINDOW_KEPT(size)
#define CUBICLE_WINDOW_END(size)
/* A declaration that declares nothing new, so that the ';' after it is not
 * an empty declaration. */
#define CUBICLE_FIELD_WINDOW(type, field, size) extern int __cubicle_no_fields
#define CUBICLE_FIELD_WINDOW_IN(type, field, size)                             \
  extern int __cubicle_no_fields
#define CUBICLE_FIELD_WINDOW_CSTR(type, field) extern int __cubicle_no_fields
#define CUBICLE_FIELD_CALLBACK(type, field, callback_type)                     \
  extern int __cubicle_no_fields
#define CUBICLE_HANDLE(head)
#define CUBICLE_HANDLE_END(head)
#define CUBICLE_RESULT_HANDLE(head)
#define CUBICLE_USER_DATA
#define CUBICLE_WINDOW_GIVEN
#define CUBICLE_WINDOW_INTO(param)
#define CUBICLE_WINDOW_KEPT_BY(size, handle)
#define CUBICLE_DROPS_KEPT
#define CUBICLE_WINDOW_KEPT_BY_SLOT(size, handle, slot)
#define CUBICLE_WINDOW_FORMAT_SQLITE
#define CUBICLE_WINDOW_VFORMAT
#define CUBICLE_WINDOW_VFORMAT_SQLITE
#define CUBICLE_WINDOW_STRV_N(n)
#define CUBICLE_RESULT_SIZED_BY(fn)
#define CUBICLE_OUT_OWNED_CSTR
#endif

#ifdef __cplusplus
}
#endif

#endif /* CUBICLE_CUBICLE_H */
