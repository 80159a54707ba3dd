/* The library (cubicle db): a few SQLite shapes, written plainly. */
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQLite's conversions, the few this test uses: %s, %d, %q (quotes
 * doubled), %Q (quoted, NULL for a null pointer), %w (identifier quotes
 * doubled). */
char *db_vmprintf(const char *fmt, va_list ap) {
  size_t cap = 256, n = 0;
  char *out = malloc(cap);
  for (const char *p = fmt; *p && n + 64 < cap; ++p) {
    if (*p != '%') {
      out[n++] = *p;
      continue;
    }
    char c = *++p;
    if (c == 'd') {
      n += (size_t)snprintf(out + n, cap - n, "%d", va_arg(ap, int));
      continue;
    }
    const char *s = va_arg(ap, const char *);
    char quote = c == 'w' ? '"' : '\'';
    if (c == 'Q' && !s) {
      memcpy(out + n, "NULL", 4);
      n += 4;
      continue;
    }
    if (c == 'Q')
      out[n++] = quote;
    for (; s && *s && n + 66 < cap; ++s) {
      out[n++] = *s;
      if (c != 's' && *s == quote)
        out[n++] = quote;
    }
    if (c == 'Q')
      out[n++] = quote;
  }
  out[n] = 0;
  return out;
}

char *db_vmprintf_bare(const char *fmt, va_list ap) {
  return db_vmprintf(fmt, ap);
}

char *db_mprintf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = db_vmprintf(fmt, ap);
  va_end(ap);
  return z;
}

char *db_snprintf(int n, char *buf, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *z = db_vmprintf(fmt, ap);
  va_end(ap);
  snprintf(buf, (size_t)n, "%s", z);
  free(z);
  return buf;
}

void db_free(void *p) { free(p); }

static char *Row[2][3] = {{"1", "one", "uno"}, {"2", NULL, "dos"}};
static char *Names[3] = {"id", "en", "es"};

int db_exec(int fail, db_row_fn cb, void *arg, char **errmsg) {
  if (errmsg)
    *errmsg = 0;
  for (int r = 0; cb && r < 2; ++r)
    if (cb(arg, 3, Row[r], Names))
      return 4; /* SQLITE_ABORT */
  if (fail && errmsg) {
    *errmsg = malloc(32);
    strcpy(*errmsg, "no such table: t");
  }
  return fail;
}

int db_exec_bare(int fail, db_row_fn_bare cb, void *arg, char **errmsg) {
  return db_exec(fail, (db_row_fn)cb, arg, errmsg);
}

struct db_stmt {
  unsigned char *blob;
  const char *bound[2];
  int len[2];
};

db_stmt *db_stmt_new(void) {
  db_stmt *s = calloc(1, sizeof(*s));
  s->blob = malloc(1000);
  for (int i = 0; i < 1000; ++i)
    s->blob[i] = (unsigned char)i;
  return s;
}

int db_blob_bytes(db_stmt *s, int i) { return i == 1 ? 1000 : 0; }
const void *db_blob(db_stmt *s, int i) { return i == 1 ? s->blob : 0; }
const void *db_blob_bare(db_stmt *s, int i) { return db_blob(s, i); }

int db_bind(db_stmt *s, int i, const char *z, int n) {
  if (i < 1 || i > 2)
    return 25; /* SQLITE_RANGE */
  s->bound[i - 1] = z; /* SQLITE_STATIC: read at step */
  s->len[i - 1] = n < 0 ? (int)strlen(z) : n;
  return 0;
}

int db_bind_bare(db_stmt *s, int i, const char *z, int n) {
  return db_bind(s, i, z, n);
}

int db_step(db_stmt *s, char *out) {
  int a = s->bound[0] ? s->len[0] : 0, b = s->bound[1] ? s->len[1] : 0;
  return snprintf(out, 64, "%.*s|%.*s", a, s->bound[0] ? s->bound[0] : "",
                  b, s->bound[1] ? s->bound[1] : "");
}

void db_reset(db_stmt *s) { (void)s; /* bindings stay, as SQLite's do */ }
void db_clear(db_stmt *s) { s->bound[0] = s->bound[1] = 0; }

int db_bind_noslot(db_stmt *s, int i, const char *z, int n) {
  return db_bind(s, i, z, n);
}
