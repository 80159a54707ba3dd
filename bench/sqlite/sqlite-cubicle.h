/*===- sqlite-cubicle.h - SQLite's API as cubicles see it -----------------===*\
 *
 * The whole port of speedtest1 and SQLite to cubicles, besides the VFS:
 * force-included (-include) into sqlite3.c (cubicle "sqlite") and
 * speedtest1.c (cubicle "app"); neither file is edited.  Declarations
 * and annotations only: no wrappers, no shim.
 *
 * Window annotations on the part of SQLite's API that speedtest1 uses:
 * which of the caller's memory SQLite may use during each call and after
 * it, and which of SQLite's the caller gets back (docs/porting.md has the
 * patterns).  Handles (sqlite3 *, sqlite3_stmt *, sqlite3_context *,
 * sqlite3_value *) are CUBICLE_NO_WINDOW: SQLite's own memory, which the
 * app only passes back.
 *
 * Without the plugin every annotation is empty: the same sources build the
 * plain, uncompartmentalised benchmark.
\*===----------------------------------------------------------------------===*/
#ifndef SQLITE_CUBICLE_H
#define SQLITE_CUBICLE_H

#include <cubicle/cubicle.h>

#include <stdarg.h>

/* SQLite's types, declared here rather than by including sqlite3.h: the
 * amalgamation has its own copy of sqlite3.h, which must stay the one that
 * defines sqlite3_version[].  (C11 allows repeating a typedef.) */
typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef struct sqlite3_vfs sqlite3_vfs;
typedef long long int sqlite3_int64;
typedef unsigned long long int sqlite3_uint64;

#define H_ CUBICLE_NO_WINDOW /* a handle: SQLite's memory */

/*===-- Connections and statements ----------------------------------------===*/

int sqlite3_open_v2(const char *filename CUBICLE_WINDOW_CSTR,
                    sqlite3 **ppDb CUBICLE_WINDOW(sizeof(sqlite3 *)),
                    int flags, const char *zVfs CUBICLE_WINDOW_CSTR);
int sqlite3_close(sqlite3 *db H_);
int sqlite3_prepare_v2(sqlite3 *db H_, const char *zSql CUBICLE_WINDOW_CSTR,
                       int nByte,
                       sqlite3_stmt **ppStmt
                           CUBICLE_WINDOW(sizeof(sqlite3_stmt *)),
                       const char **pzTail CUBICLE_WINDOW_INTO(zSql));
int sqlite3_step(sqlite3_stmt *s H_);
int sqlite3_reset(sqlite3_stmt *s H_);
/* The text bound SQLITE_STATIC lives with the statement until it is
 * finalized or its bindings cleared. */
int sqlite3_finalize(sqlite3_stmt *s CUBICLE_DROPS_KEPT);
int sqlite3_clear_bindings(sqlite3_stmt *s CUBICLE_DROPS_KEPT);
const char *sqlite3_sql(sqlite3_stmt *s H_) CUBICLE_RESULT_CSTR;
/* Allocated by SQLite, freed by the caller with sqlite3_free. */
char *sqlite3_expanded_sql(sqlite3_stmt *s H_) CUBICLE_RESULT_OWNED_CSTR;

/* sqlite3_exec's callback gets each row as SQLite's strings (a NULL for
 * a NULL column); its first argument is the caller's own pointer back. */
typedef int (*cubicle_sqlite3_exec_fn)(void *arg H_, int n,
                                       char **values CUBICLE_WINDOW_STRV_N(n),
                                       char **names CUBICLE_WINDOW_STRV_N(n));
int sqlite3_exec(sqlite3 *db H_, const char *sql CUBICLE_WINDOW_CSTR,
                 cubicle_sqlite3_exec_fn callback, void *arg H_,
                 char **errmsg CUBICLE_OUT_OWNED_CSTR);

/*===-- Bindings ----------------------------------------------------------===*/

int sqlite3_bind_int(sqlite3_stmt *s H_, int i, int v);
int sqlite3_bind_int64(sqlite3_stmt *s H_, int i, sqlite3_int64 v);
int sqlite3_bind_double(sqlite3_stmt *s H_, int i, double v);
/* SQLITE_STATIC text is read when the statement steps: SQLite keeps a copy
 * with the statement, one per parameter (n < 0: up to the NUL).  The
 * destructor is SQLITE_STATIC or SQLITE_TRANSIENT, values, not code. */
int sqlite3_bind_text(sqlite3_stmt *s H_, int i,
                      const char *z CUBICLE_WINDOW_KEPT_BY_SLOT(
                          len_or_cstr(n), s, i),
                      int n, void (*d)(void *));
int sqlite3_bind_text64(sqlite3_stmt *s H_, int i,
                        const char *z CUBICLE_WINDOW_KEPT_BY_SLOT(n, s, i),
                        sqlite3_uint64 n, void (*d)(void *),
                        unsigned char encoding);

/*===-- Results -----------------------------------------------------------===*/

int sqlite3_column_count(sqlite3_stmt *s H_);
int sqlite3_column_type(sqlite3_stmt *s H_, int i);
int sqlite3_column_bytes(sqlite3_stmt *s H_, int i);
const unsigned char *sqlite3_column_text(sqlite3_stmt *s H_, int i)
    CUBICLE_RESULT_CSTR;
/* A blob's size is what sqlite3_column_bytes says after the call. */
const void *sqlite3_column_blob(sqlite3_stmt *s H_, int i)
    CUBICLE_RESULT_SIZED_BY(sqlite3_column_bytes);
const char *sqlite3_column_name(sqlite3_stmt *s H_, int i) CUBICLE_RESULT_CSTR;
const char *sqlite3_errmsg(sqlite3 *db H_) CUBICLE_RESULT_CSTR;
const char *sqlite3_libversion(void) CUBICLE_RESULT_CSTR;
const char *sqlite3_sourceid(void) CUBICLE_RESULT_CSTR;

/*===-- Application functions ---------------------------------------------===*/

/* SQLite calls them with its argument array and values (handles). */
typedef void (*cubicle_sqlite3_func_fn)(
    sqlite3_context *c H_, int argc,
    sqlite3_value **argv CUBICLE_WINDOW_IN(argc * sizeof(sqlite3_value *)));
typedef void (*cubicle_sqlite3_final_fn)(sqlite3_context *c H_);
int sqlite3_create_function(sqlite3 *db H_,
                            const char *zFunctionName CUBICLE_WINDOW_CSTR,
                            int nArg, int eTextRep, void *pApp H_,
                            cubicle_sqlite3_func_fn xFunc,
                            cubicle_sqlite3_func_fn xStep,
                            cubicle_sqlite3_final_fn xFinal);
const unsigned char *sqlite3_value_text(sqlite3_value *v H_)
    CUBICLE_RESULT_CSTR;
void sqlite3_result_int64(sqlite3_context *c H_, sqlite3_int64 v);

typedef void (*cubicle_sqlite3_trace_fn)(void *arg H_,
                                         const char *sql CUBICLE_WINDOW_CSTR);
void *sqlite3_trace(sqlite3 *db H_, cubicle_sqlite3_trace_fn xTrace,
                    void *arg H_);

/*===-- Memory and formatting ---------------------------------------------===*/

/* Blocks SQLite's allocator makes are handed over; sqlite3_free and
 * sqlite3_realloc take them back. */
void *sqlite3_malloc(int n) CUBICLE_RESULT_OWNED(n);
void *sqlite3_malloc64(sqlite3_uint64 n) CUBICLE_RESULT_OWNED(n);
void *sqlite3_realloc(void *p CUBICLE_RELEASED, int n) CUBICLE_RESULT_OWNED(n);
void *sqlite3_realloc64(void *p CUBICLE_RELEASED, sqlite3_uint64 n)
    CUBICLE_RESULT_OWNED(n);
void sqlite3_free(void *p CUBICLE_RELEASED);
/* SQLite's printf: its strings (%s, %q, %Q, %w) are the caller's. */
char *sqlite3_mprintf(const char *fmt CUBICLE_WINDOW_FORMAT_SQLITE, ...)
    CUBICLE_RESULT_OWNED_CSTR;
char *sqlite3_vmprintf(const char *fmt CUBICLE_WINDOW_VFORMAT_SQLITE,
                       va_list ap) CUBICLE_RESULT_OWNED_CSTR;
char *sqlite3_snprintf(int n, char *buf CUBICLE_WINDOW(n),
                       const char *fmt CUBICLE_WINDOW_FORMAT_SQLITE, ...);
char *sqlite3_vsnprintf(int n, char *buf CUBICLE_WINDOW(n),
                        const char *fmt CUBICLE_WINDOW_VFORMAT_SQLITE,
                        va_list ap);

/*===-- Status and the rest -----------------------------------------------===*/

int sqlite3_vfs_register(sqlite3_vfs *vfs H_, int makeDflt);
/* speedtest1 calls two methods of the default VFS, sqlite3_vfs_find(0):
 * xDelete for its database file and xCurrentTimeInt64 for its clock, the
 * object kept in a static.  The VFS object is SQLite's, a handle: the app
 * holds a proxy with a copy of its 168 bytes (SQLite 3.40's sqlite3_vfs,
 * version 3), the same proxy for every find.  The methods get it as a
 * handle they ignore (as memvfs.c's do). */
sqlite3_vfs *sqlite3_vfs_find(const char *zVfsName CUBICLE_WINDOW_CSTR)
    CUBICLE_RESULT_HANDLE(168);
typedef int (*cubicle_sqlite_vfs_delete_fn)(sqlite3_vfs *vfs H_,
                                            const char *zName
                                                CUBICLE_WINDOW_CSTR,
                                            int syncDir);
typedef int (*cubicle_sqlite_vfs_time_fn)(
    sqlite3_vfs *vfs H_,
    sqlite3_int64 *now CUBICLE_WINDOW(sizeof(sqlite3_int64)));
int sqlite3_db_status(sqlite3 *db H_, int op, int *pCur CUBICLE_WINDOW(sizeof(int)),
                      int *pHiwtr CUBICLE_WINDOW(sizeof(int)), int resetFlg);
int sqlite3_status(int op, int *pCurrent CUBICLE_WINDOW(sizeof(int)),
                   int *pHighwater CUBICLE_WINDOW(sizeof(int)), int resetFlag);
int sqlite3_stricmp(const char *a CUBICLE_WINDOW_CSTR,
                    const char *b CUBICLE_WINDOW_CSTR);
int sqlite3_strglob(const char *zGlob CUBICLE_WINDOW_CSTR,
                    const char *zStr CUBICLE_WINDOW_CSTR);
int sqlite3_file_control(sqlite3 *db H_, const char *zDbName CUBICLE_WINDOW_CSTR,
                         int op, void *p CUBICLE_WINDOW(sizeof(int)));
int sqlite3_db_release_memory(sqlite3 *db H_);

#undef H_

/* In the app's files and in the amalgamation, where the methods are
 * defined: applied where each defines sqlite3_vfs, after this header. */
CUBICLE_FIELD_CALLBACK(sqlite3_vfs, xDelete, cubicle_sqlite_vfs_delete_fn);
CUBICLE_FIELD_CALLBACK(sqlite3_vfs, xCurrentTimeInt64,
                       cubicle_sqlite_vfs_time_fn);

#endif
