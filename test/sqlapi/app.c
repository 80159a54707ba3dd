/* The application (cubicle app): uses db.h as speedtest1 uses sqlite3.h,
 * with nothing but the annotations between them.  argv[1] picks the case. */
#include "db.h"

#include <stdio.h>
#include <string.h>

static char *vformat(int bare, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (bare) {
    printf("bare va_list: %p\n", (void *)&ap);
    fflush(stdout);
  }
  char *z = bare ? db_vmprintf_bare(fmt, ap) : db_vmprintf(fmt, ap);
  va_end(ap);
  return z;
}

static int rows;
static int on_row(void *arg, int n, char **values, char **names) {
  printf("row %d of %s:", ++rows, (const char *)arg);
  for (int i = 0; i < n; ++i)
    printf(" %s=%s", names[i], values[i] ? values[i] : "(null)");
  printf("\n");
  return 0;
}
static int on_row_bare(void *arg, int n, char **values, char **names) {
  printf("bare row: %p\n", (void *)values);
  fflush(stdout);
  printf("bare value: %s\n", values[0]);
  return 0;
}

int main(int argc, char **argv) {
  const char *t = argc > 1 ? argv[1] : "";
  char name[] = "O'Brien", table[] = "my\"t";
  if (!strcmp(t, "format")) {
    char *z = db_mprintf("INSERT INTO %w VALUES(%d, %Q, '%q', %Q)", table, 7,
                         name, name, (char *)0);
    printf("mprintf: %s (owner %s)\n", z, cubicle_name(cubicle_owner(z)));
    db_free(z);
    z = vformat(0, "SELECT %s FROM %w WHERE x=%Q", "count(*)", table, name);
    printf("vmprintf: %s\n", z);
    db_free(z);
    char buf[32];
    char *r = db_snprintf(sizeof(buf), buf, "%s hundred", "seven");
    printf("snprintf: %s, returned its buffer %s\n", buf,
           r == buf ? "yes" : "no");
  } else if (!strcmp(t, "bareformat")) {
    char *z = vformat(1, "x=%Q", name);
    printf("bare vmprintf: %s\n", z);
  } else if (!strcmp(t, "freeformat")) {
    /* SQLite's %z would free app's string with the library's allocator. */
    char *z = db_mprintf("%z", name);
    printf("freed by the library: %s\n", z);
  } else if (!strcmp(t, "exec")) {
    char *err = (char *)&rows; /* not set: exec must not read it */
    int rc = db_exec(1, on_row, "t", &err);
    printf("exec: rc %d, error \"%s\" (owner %s)\n", rc, err,
           cubicle_name(cubicle_owner(err)));
    db_free(err);
    rc = db_exec(0, 0, 0, &err);
    printf("exec: rc %d, error %s\n", rc, err ? err : "none");
  } else if (!strcmp(t, "bareexec")) {
    db_exec_bare(0, on_row_bare, "t", 0);
  } else if (!strcmp(t, "bareerr")) {
    char *err = 0;
    db_exec_bare(1, 0, 0, &err);
    printf("bare error: %p\n", (void *)err);
    fflush(stdout);
    printf("bare error text: %s\n", err);
  } else if (!strcmp(t, "blob")) {
    db_stmt *s = db_stmt_new();
    const unsigned char *b = db_blob(s, 1);
    int n = db_blob_bytes(s, 1), sum = 0;
    for (int i = 0; i < n; ++i)
      sum += b[i];
    printf("blob: %d bytes, sum %d, owner %s, none %s\n", n, sum,
           cubicle_name(cubicle_owner(b)), db_blob(s, 0) ? "no" : "yes");
  } else if (!strcmp(t, "bareblob")) {
    db_stmt *s = db_stmt_new();
    const unsigned char *b = db_blob_bare(s, 1);
    printf("bare blob: %p\n", (void *)(b + 999));
    fflush(stdout);
    printf("bare blob byte: %d\n", b[999]);
  } else if (!strcmp(t, "bind")) {
    db_stmt *s = db_stmt_new();
    char out[64];
    char first[16] = "alpha", second[16] = "betamax";
    db_bind(s, 1, first, -1);
    db_bind(s, 2, second, 4);
    db_step(s, out);
    printf("step: %s\n", out);
    db_reset(s);
    db_step(s, out);
    printf("after reset: %s\n", out);
    /* The same parameter bound over and over, each time another range: one
     * copy per parameter. */
    char many[400];
    memset(many, 'x', sizeof(many));
    for (int n = 1; n <= 300; ++n)
      db_bind(s, 1, many, n);
    db_bind(s, 1, many, 5);
    db_step(s, out);
    printf("rebound 300 times: %zu bytes of x then %s\n",
           strcspn(out, "|"), strchr(out, '|'));
    db_clear(s);
    db_step(s, out);
    printf("cleared: %s\n", out);
  } else if (!strcmp(t, "noslot")) {
    db_stmt *s = db_stmt_new();
    char many[400];
    memset(many, 'x', sizeof(many));
    for (int n = 1; n <= 300; ++n) {
      db_bind_noslot(s, 1, many, n);
      if (n % 100 == 0) {
        printf("noslot: %d bound\n", n);
        fflush(stdout);
      }
    }
  } else if (!strcmp(t, "barebind")) {
    db_stmt *s = db_stmt_new();
    char out[64];
    char first[16] = "alpha";
    printf("bare bound: %p\n", (void *)first);
    fflush(stdout);
    db_bind_bare(s, 1, first, -1);
    db_step(s, out);
    printf("bare step: %s\n", out);
  }
  return 0;
}
