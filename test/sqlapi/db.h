/* An SQLite-shaped API (issue 13, the shapes sqlite3.h needs): a printf
 * with SQLite's %q, %Q and %w, taking its arguments as "..." or as a
 * va_list; an exec whose callback gets each row as n strings, NULL for a
 * NULL column, and whose error message is an out-parameter the caller
 * frees through the library; a blob whose size another call returns; text
 * bound to a statement, n bytes or up to the NUL when n < 0, that later
 * steps read, one copy per parameter, until the bindings are cleared.  Each
 * with a bare twin: the negative control. */
#ifndef DB_H
#define DB_H

#include <cubicle/cubicle.h>

#include <stdarg.h>

typedef struct db_stmt db_stmt;
#define H_ CUBICLE_NO_WINDOW

char *db_mprintf(const char *fmt CUBICLE_WINDOW_FORMAT_SQLITE, ...)
    CUBICLE_RESULT_OWNED_CSTR;
char *db_vmprintf(const char *fmt CUBICLE_WINDOW_VFORMAT_SQLITE, va_list ap)
    CUBICLE_RESULT_OWNED_CSTR;
char *db_vmprintf_bare(const char *fmt CUBICLE_WINDOW_CSTR, va_list ap H_)
    CUBICLE_RESULT_OWNED_CSTR;
char *db_snprintf(int n, char *buf CUBICLE_WINDOW(n),
                  const char *fmt CUBICLE_WINDOW_FORMAT_SQLITE, ...);
void db_free(void *p CUBICLE_RELEASED);

typedef int (*db_row_fn)(void *arg H_, int n,
                         char **values CUBICLE_WINDOW_STRV_N(n),
                         char **names CUBICLE_WINDOW_STRV_N(n));
typedef int (*db_row_fn_bare)(void *arg H_, int n, char **values H_,
                              char **names H_);
/* Two rows of three columns, the second's middle one NULL; then, if fail,
 * an error message. */
int db_exec(int fail, db_row_fn cb, void *arg H_,
            char **errmsg CUBICLE_OUT_OWNED_CSTR);
int db_exec_bare(int fail, db_row_fn_bare cb, void *arg H_,
                 char **errmsg CUBICLE_WINDOW(sizeof(char *)));

db_stmt *db_stmt_new(void);
int db_blob_bytes(db_stmt *s H_, int i);
const void *db_blob(db_stmt *s H_, int i)
    CUBICLE_RESULT_SIZED_BY(db_blob_bytes);
const void *db_blob_bare(db_stmt *s H_, int i);
int db_bind(db_stmt *s H_, int i,
            const char *z CUBICLE_WINDOW_KEPT_BY_SLOT(len_or_cstr(n), s, i),
            int n);
int db_bind_bare(db_stmt *s H_, int i, const char *z H_, int n);
/* Kept with the statement but without a slot: every binding a copy. */
int db_bind_noslot(db_stmt *s H_, int i,
                   const char *z CUBICLE_WINDOW_KEPT_BY(len_or_cstr(n), s),
                   int n);
/* Writes "first|second" of the bound texts into out. */
int db_step(db_stmt *s H_, char *out CUBICLE_WINDOW(64));
void db_reset(db_stmt *s H_);
void db_clear(db_stmt *s CUBICLE_DROPS_KEPT);

#undef H_

#endif
