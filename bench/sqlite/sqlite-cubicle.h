/*===- sqlite-cubicle.h - SQLite's API as cubicles see it -----------------===*\
 *
 * The whole port of speedtest1 and SQLite to cubicles, besides the VFS:
 * force-included (-include) into sqlite3.c (cubicle "sqlite") and
 * speedtest1.c (cubicle "app"); neither file is edited.
 *
 * 1. Window annotations on the part of SQLite's API that speedtest1 uses:
 *    which of the caller's buffers SQLite may use during each call.
 *    Handles (sqlite3 *, sqlite3_stmt *) are CUBICLE_NO_WINDOW: SQLite's own
 *    memory, which the app never touches.
 *
 * 2. For the app only (CUBICLE_SQLITE_APP), wrappers where SQLite's API
 *    hands out its own memory or keeps the caller's beyond the call:
 *    - blobs SQLite returns (sqlite3_column_blob, whose size is another
 *      call's result) and strings it allocates (sqlite3_expanded_sql, an
 *      exec error) are copied into the app's memory (sqlite-shim.c does
 *      the copy on SQLite's side); strings it returns are result windows
 *      (CUBICLE_RESULT_CSTR) instead, in part 1;
 *    - SQLITE_STATIC text bindings become SQLITE_TRANSIENT (SQLite copies
 *      the text during the call instead of reading the app's buffer later);
 *    - the printf family formats in the app (string arguments are the
 *      app's), with SQLite's %q, %Q and %w;
 *    - sqlite3_malloc and friends allocate from the app's heap, and
 *      sqlite3_free frees from whichever cubicle owns the memory;
 *    - sqlite3_exec with a callback runs the statements from the app, so
 *      that the callback gets rows in the app's memory.
 *
 * Without the plugin every annotation is empty and the wrappers are off:
 * the same sources build the plain, uncompartmentalised benchmark.
\*===----------------------------------------------------------------------===*/
#ifndef SQLITE_CUBICLE_H
#define SQLITE_CUBICLE_H

#include <cubicle/cubicle.h>

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

/*===-- 1. Annotations ----------------------------------------------------===*/

#define H_ CUBICLE_NO_WINDOW /* a handle: SQLite's memory */

int sqlite3_open_v2(const char *filename CUBICLE_WINDOW_CSTR,
                    sqlite3 **ppDb CUBICLE_WINDOW(sizeof(sqlite3 *)),
                    int flags, const char *zVfs CUBICLE_WINDOW_CSTR);
int sqlite3_close(sqlite3 *db H_);
int sqlite3_prepare_v2(sqlite3 *db H_, const char *zSql CUBICLE_WINDOW_CSTR,
                       int nByte,
                       sqlite3_stmt **ppStmt
                           CUBICLE_WINDOW(sizeof(sqlite3_stmt *)),
                       const char **pzTail H_);
int sqlite3_exec(sqlite3 *db H_, const char *sql CUBICLE_WINDOW_CSTR,
                 int (*callback)(void *, int, char **, char **),
                 void *arg H_, char **errmsg CUBICLE_WINDOW(sizeof(char *)));
int sqlite3_step(sqlite3_stmt *s H_);
int sqlite3_reset(sqlite3_stmt *s H_);
int sqlite3_finalize(sqlite3_stmt *s H_);
int sqlite3_column_count(sqlite3_stmt *s H_);
int sqlite3_column_type(sqlite3_stmt *s H_, int i);
int sqlite3_column_bytes(sqlite3_stmt *s H_, int i);
int sqlite3_bind_int(sqlite3_stmt *s H_, int i, int v);
int sqlite3_bind_int64(sqlite3_stmt *s H_, int i, sqlite3_int64 v);
int sqlite3_bind_double(sqlite3_stmt *s H_, int i, double v);
/* The caller's text is read during the call only (see the wrapper). */
int sqlite3_bind_text(sqlite3_stmt *s H_, int i,
                      const char *z CUBICLE_WINDOW_CSTR, int n,
                      void (*d)(void *));
int sqlite3_bind_text64(sqlite3_stmt *s H_, int i,
                        const char *z CUBICLE_WINDOW_IN(n), sqlite3_uint64 n,
                        void (*d)(void *), unsigned char encoding);
const unsigned char *sqlite3_column_text(sqlite3_stmt *s H_, int i)
    CUBICLE_RESULT_CSTR;
const void *sqlite3_column_blob(sqlite3_stmt *s H_, int i);
const char *sqlite3_column_name(sqlite3_stmt *s H_, int i) CUBICLE_RESULT_CSTR;
const char *sqlite3_errmsg(sqlite3 *db H_) CUBICLE_RESULT_CSTR;
const char *sqlite3_sql(sqlite3_stmt *s H_) CUBICLE_RESULT_CSTR;
const char *sqlite3_libversion(void) CUBICLE_RESULT_CSTR;
const char *sqlite3_sourceid(void) CUBICLE_RESULT_CSTR;
char *sqlite3_expanded_sql(sqlite3_stmt *s H_);
int sqlite3_vfs_register(sqlite3_vfs *vfs H_, int makeDflt);
int sqlite3_create_function(sqlite3 *db H_,
                            const char *zFunctionName CUBICLE_WINDOW_CSTR,
                            int nArg, int eTextRep, void *pApp H_,
                            void (*xFunc)(sqlite3_context *, int,
                                          sqlite3_value **),
                            void (*xStep)(sqlite3_context *, int,
                                          sqlite3_value **),
                            void (*xFinal)(sqlite3_context *));
void sqlite3_result_int64(sqlite3_context *c H_, sqlite3_int64 v);
int sqlite3_db_status(sqlite3 *db H_, int op, int *pCur CUBICLE_WINDOW(sizeof(int)),
                      int *pHiwtr CUBICLE_WINDOW(sizeof(int)), int resetFlg);
int sqlite3_status(int op, int *pCurrent CUBICLE_WINDOW(sizeof(int)),
                   int *pHighwater CUBICLE_WINDOW(sizeof(int)), int resetFlag);
int sqlite3_stricmp(const char *a CUBICLE_WINDOW_CSTR,
                    const char *b CUBICLE_WINDOW_CSTR);
int sqlite3_strglob(const char *zGlob CUBICLE_WINDOW_CSTR,
                    const char *zStr CUBICLE_WINDOW_CSTR);
sqlite3_vfs *sqlite3_vfs_find(const char *zVfsName CUBICLE_WINDOW_CSTR);
int sqlite3_file_control(sqlite3 *db H_, const char *zDbName CUBICLE_WINDOW_CSTR,
                         int op, void *p CUBICLE_WINDOW(sizeof(int)));
int sqlite3_db_release_memory(sqlite3 *db H_);
void *sqlite3_trace(sqlite3 *db H_, void (*xTrace)(void *, const char *),
                    void *arg H_);
void sqlite3_free(void *p H_);

/* sqlite-shim.c (cubicle "sqlite"): copies of what SQLite hands out. */
int cubicle_sqlite3_column_copy(sqlite3_stmt *s H_, int i, int asText,
                                void *out CUBICLE_WINDOW(n), int n);
int cubicle_sqlite3_string_copy(const char *z H_, char *out CUBICLE_WINDOW(n),
                                int n);

/*===-- 2. The app's side -------------------------------------------------===*/

#if defined(CUBICLE_SQLITE_APP) && defined(__has_attribute)
#if __has_attribute(cubicle_window)

#include "sqlite3.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A few buffers in the app's memory for copied results, reused in turn: a
 * result stays valid at least until seven more have been copied (SQLite's
 * own results stay valid only until the next step, reset or finalize). */
static inline char *cubicle_sqlite_slot(size_t n) {
  static char *Slot[8];
  static size_t Cap[8];
  static unsigned Next;
  unsigned k = Next++ & 7;
  if (Cap[k] < n) {
    free(Slot[k]);
    Cap[k] = n < 256 ? 256 : n * 2;
    Slot[k] = malloc(Cap[k]);
  }
  return Slot[k];
}

static inline const void *cubicle_column(sqlite3_stmt *s, int i, int asText) {
  char *out = cubicle_sqlite_slot(256);
  int n = cubicle_sqlite3_column_copy(s, i, asText, out, 256);
  if (n < 0)
    return 0;
  if (n >= 256) {
    out = cubicle_sqlite_slot((size_t)n + 1);
    cubicle_sqlite3_column_copy(s, i, asText, out, n + 1);
  }
  return out;
}

static inline const void *cubicle_app_column_blob(sqlite3_stmt *s, int i) {
  return cubicle_column(s, i, 0);
}

/* A copy of a string SQLite owns (a handle to the app), in a slot. */
static inline const char *cubicle_string(const char *z) {
  if (!z)
    return 0;
  char *out = cubicle_sqlite_slot(256);
  int n = cubicle_sqlite3_string_copy(z, out, 256);
  if (n >= 256) {
    out = cubicle_sqlite_slot((size_t)n + 1);
    cubicle_sqlite3_string_copy(z, out, n + 1);
  }
  return out;
}


static inline void *cubicle_app_malloc(int n) { return malloc((size_t)n); }
static inline void *cubicle_app_malloc64(sqlite3_uint64 n) {
  return malloc((size_t)n);
}
static inline void *cubicle_app_realloc(void *p, int n) {
  return realloc(p, (size_t)n);
}
/* Memory the app allocated (the printf family, copies) is freed here;
 * memory SQLite handed out (an error message) by SQLite. */
static inline void cubicle_app_free(void *p) {
  if (!p)
    return;
  if (cubicle_owner(p) == cubicle_self())
    free(p);
  else
    sqlite3_free(p);
}

static inline char *cubicle_app_expanded_sql(sqlite3_stmt *s) {
  char *z = sqlite3_expanded_sql(s);
  if (!z)
    return 0;
  const char *c = cubicle_string(z);
  sqlite3_free(z);
  return strdup(c);
}

static inline int cubicle_app_bind_text64(sqlite3_stmt *s, int i,
                                          const char *z, sqlite3_uint64 n,
                                          void (*d)(void *),
                                          unsigned char enc) {
  if (d == SQLITE_STATIC)
    d = SQLITE_TRANSIENT;
  return sqlite3_bind_text64(s, i, z, n, d, enc);
}

static inline int cubicle_app_bind_text(sqlite3_stmt *s, int i, const char *z,
                                        int n, void (*d)(void *)) {
  if (d == SQLITE_STATIC)
    d = SQLITE_TRANSIENT; /* SQLite may not read the app's memory later */
  if (n >= 0 && z && (size_t)n > strlen(z))
    n = -1; /* the window lends the string up to its NUL */
  return sqlite3_bind_text(s, i, z, n, d);
}

/* The printf family, formatted in the app (its string arguments are the
 * app's), with SQLite's conversions %q, %Q and %w. */
typedef struct {
  char *z;
  size_t n, cap;
  int fixed; /* a caller's buffer: truncate instead of growing */
} CubicleStr;

static inline void cubicle_str_add(CubicleStr *s, const char *z, size_t n) {
  if (s->n + n + 1 > s->cap) {
    if (s->fixed) {
      n = s->cap > s->n + 1 ? s->cap - s->n - 1 : 0;
    } else {
      size_t cap = (s->n + n + 1) * 2;
      if (cap < 128)
        cap = 128;
      s->z = realloc(s->z, cap);
      s->cap = cap;
    }
  }
  memcpy(s->z + s->n, z, n);
  s->n += n;
  if (s->cap)
    s->z[s->n] = 0;
}

static inline void cubicle_str_vformat(CubicleStr *s, const char *fmt,
                                       va_list ap);

static inline char *cubicle_app_vmprintf(const char *fmt, va_list ap) {
  CubicleStr s = {0, 0, 0, 0};
  cubicle_str_add(&s, "", 0);
  cubicle_str_vformat(&s, fmt, ap);
  return s.z;
}

static inline void cubicle_str_vformat(CubicleStr *s_, const char *fmt,
                                       va_list ap) {
  CubicleStr s = *s_;
  for (const char *p = fmt; *p;) {
    if (*p != '%') {
      const char *q = strchr(p, '%');
      size_t n = q ? (size_t)(q - p) : strlen(p);
      cubicle_str_add(&s, p, n);
      p += n;
      continue;
    }
    const char *spec = p++;
    char flags[8] = {0};
    int nf = 0;
    while (strchr("-+ #0!,", *p) && nf < 7)
      flags[nf++] = *p++;
    int width = -1, prec = -1;
    if (*p == '*') {
      width = va_arg(ap, int);
      ++p;
    } else if (*p >= '0' && *p <= '9') {
      width = (int)strtol(p, (char **)&p, 10);
    }
    if (*p == '.') {
      ++p;
      if (*p == '*') {
        prec = va_arg(ap, int);
        ++p;
      } else {
        prec = (int)strtol(p, (char **)&p, 10);
      }
    }
    int longs = 0;
    while (*p == 'l') {
      ++longs;
      ++p;
    }
    char conv = *p ? *p++ : 0;
    /* Rebuild the conversion for snprintf, SQLite's flags ! and , left out. */
    char f[48];
    int k = 0;
    f[k++] = '%';
    for (int j = 0; j < nf; ++j)
      if (flags[j] != '!' && flags[j] != ',')
        f[k++] = flags[j];
    if (width >= 0)
      k += snprintf(f + k, sizeof(f) - (size_t)k, "%d", width);
    if (prec >= 0)
      k += snprintf(f + k, sizeof(f) - (size_t)k, ".%d", prec);
    char buf[512];
    int n = 0;
    switch (conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'x':
    case 'X':
    case 'o':
    case 'c': {
      f[k++] = 'l';
      f[k++] = 'l';
      f[k++] = conv;
      f[k] = 0;
      long long v = longs >= 2 ? va_arg(ap, long long)
                    : longs ? va_arg(ap, long)
                            : va_arg(ap, int);
      if (conv == 'c') {
        f[k - 3] = 'c';
        f[k - 2] = 0;
        n = snprintf(buf, sizeof(buf), f, (int)v);
      } else {
        n = snprintf(buf, sizeof(buf), f, v);
      }
      cubicle_str_add(&s, buf, (size_t)n);
      break;
    }
    case 'f':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      f[k++] = conv;
      f[k] = 0;
      n = snprintf(buf, sizeof(buf), f, va_arg(ap, double));
      cubicle_str_add(&s, buf, (size_t)n);
      break;
    }
    case 'p': {
      n = snprintf(buf, sizeof(buf), "%p", va_arg(ap, void *));
      cubicle_str_add(&s, buf, (size_t)n);
      break;
    }
    case 's':
    case 'z': {
      char *a = va_arg(ap, char *);
      const char *v = a ? a : "";
      size_t len = strlen(v);
      if (prec >= 0 && (size_t)prec < len)
        len = (size_t)prec;
      int pad = width > (int)len ? width - (int)len : 0;
      int left = strchr(flags, '-') != 0;
      for (int j = 0; !left && j < pad; ++j)
        cubicle_str_add(&s, " ", 1);
      cubicle_str_add(&s, v, len);
      for (int j = 0; left && j < pad; ++j)
        cubicle_str_add(&s, " ", 1);
      if (conv == 'z')
        cubicle_app_free(a);
      break;
    }
    case 'q':
    case 'Q':
    case 'w': {
      const char *a = va_arg(ap, const char *);
      char quote = conv == 'w' ? '"' : '\'';
      if (!a) {
        cubicle_str_add(&s, conv == 'Q' ? "NULL" : "(NULL)",
                        conv == 'Q' ? 4 : 6);
        break;
      }
      if (conv == 'Q')
        cubicle_str_add(&s, &quote, 1);
      for (const char *c = a; *c && (prec < 0 || c - a < prec); ++c) {
        cubicle_str_add(&s, c, 1);
        if (*c == quote)
          cubicle_str_add(&s, c, 1);
      }
      if (conv == 'Q')
        cubicle_str_add(&s, &quote, 1);
      break;
    }
    case '%':
      cubicle_str_add(&s, "%", 1);
      break;
    default:
      /* Not a conversion this port knows: keep it as written. */
      cubicle_str_add(&s, spec, (size_t)(p - spec));
      break;
    }
  }
  *s_ = s;
}

static inline char *cubicle_app_mprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = cubicle_app_vmprintf(fmt, ap);
  va_end(ap);
  return z;
}

static inline char *cubicle_app_vsnprintf(int n, char *out, const char *fmt,
                                          va_list ap) {
  if (n <= 0)
    return out;
  CubicleStr s = {out, 0, (size_t)n, 1};
  out[0] = 0;
  cubicle_str_vformat(&s, fmt, ap);
  return out;
}

static inline char *cubicle_app_snprintf(int n, char *out, const char *fmt,
                                         ...) {
  va_list ap;
  va_start(ap, fmt);
  cubicle_app_vsnprintf(n, out, fmt, ap);
  va_end(ap);
  return out;
}

/* sqlite3_exec with a callback: the statements run from here, so that the
 * callback's column values and names are the app's copies. */
static inline int cubicle_app_exec(sqlite3 *db, const char *sql,
                                   int (*cb)(void *, int, char **, char **),
                                   void *arg, char **errmsg) {
  if (errmsg)
    *errmsg = 0;
  if (!cb) {
    char *e = 0;
    int rc = sqlite3_exec(db, sql, 0, 0, &e);
    if (e) {
      if (errmsg)
        *errmsg = strdup(cubicle_string(e));
      sqlite3_free(e);
    }
    return rc;
  }
  sqlite3_stmt *st = 0;
  int rc = sqlite3_prepare_v2(db, sql, -1, &st, 0);
  if (rc != SQLITE_OK) {
    if (errmsg)
      *errmsg = strdup(sqlite3_errmsg(db));
    return rc;
  }
  int n = sqlite3_column_count(st);
  char **names = calloc((size_t)n + 1, sizeof(char *));
  char **vals = calloc((size_t)n + 1, sizeof(char *));
  for (int i = 0; i < n; ++i)
    names[i] = strdup(sqlite3_column_name(st, i));
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < n; ++i) {
      const unsigned char *t = sqlite3_column_text(st, i);
      vals[i] = t ? strdup((const char *)t) : 0;
    }
    int stop = cb(arg, n, vals, names);
    for (int i = 0; i < n; ++i)
      free(vals[i]);
    if (stop) {
      rc = SQLITE_ABORT;
      break;
    }
  }
  sqlite3_finalize(st);
  for (int i = 0; i < n; ++i)
    free(names[i]);
  free(names);
  free(vals);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

#define sqlite3_column_blob cubicle_app_column_blob
#define sqlite3_expanded_sql cubicle_app_expanded_sql
#define sqlite3_malloc cubicle_app_malloc
#define sqlite3_malloc64 cubicle_app_malloc64
#define sqlite3_realloc cubicle_app_realloc
#define sqlite3_free cubicle_app_free
#define sqlite3_bind_text cubicle_app_bind_text
#define sqlite3_bind_text64 cubicle_app_bind_text64
#define sqlite3_vmprintf cubicle_app_vmprintf
#define sqlite3_mprintf cubicle_app_mprintf
#define sqlite3_vsnprintf cubicle_app_vsnprintf
#define sqlite3_snprintf cubicle_app_snprintf
#define sqlite3_exec cubicle_app_exec

#endif /* __has_attribute(cubicle_window) */
#endif /* CUBICLE_SQLITE_APP */

#undef H_

#endif
