/*===- sqlite-shim.c - Cubicle "sqlite": copies of what SQLite hands out --===*\
 *
 * Part of the port (sqlite-cubicle.h): SQLite's API returns pointers into
 * its own memory, which the app may not read.  These copy such a result
 * into a buffer the app lends for the call.
\*===----------------------------------------------------------------------===*/
#include "sqlite3.h"

#include <string.h>

/* Copies column i (its text, or its blob) into Out[0, N); text gets a NUL.
 * Returns the value's length in bytes, or -1 if it is NULL. */
int cubicle_sqlite3_column_copy(sqlite3_stmt *S, int I, int AsText, void *Out,
                                int N) {
  const void *P = AsText ? (const void *)sqlite3_column_text(S, I)
                         : sqlite3_column_blob(S, I);
  if (!P)
    return -1;
  int Len = sqlite3_column_bytes(S, I);
  int Room = AsText ? N - 1 : N;
  int C = Len < Room ? Len : Room;
  if (C > 0)
    memcpy(Out, P, (size_t)C);
  if (AsText && N > 0)
    ((char *)Out)[C] = 0;
  return Len;
}

/* Copies a string SQLite owns into Out[0, N).  Returns its length. */
int cubicle_sqlite3_string_copy(const char *Z, char *Out, int N) {
  int Len = (int)strlen(Z);
  int C = Len < N - 1 ? Len : N - 1;
  if (C > 0)
    memcpy(Out, Z, (size_t)C);
  if (N > 0)
    Out[C < 0 ? 0 : C] = 0;
  return Len;
}
