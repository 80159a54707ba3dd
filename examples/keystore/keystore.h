/*===- keystore.h - Interfaces of the key-store demo's cubicles -----------===*\
 *
 * Three cubicles: app (reads requests, prints results), parser (parses a
 * request), keys (holds a signing key).  The annotations say which memory
 * each call lends: the compiler does the rest.
\*===----------------------------------------------------------------------===*/
#ifndef KEYSTORE_H
#define KEYSTORE_H

#include <cubicle/cubicle.h>
#include <stddef.h>

struct request {
  char user[32];
  char message[64];
};

/* parser: parses "user=NAME;msg=TEXT" into *Req.  Returns 0 or -1. */
int parser_parse(const char *Input CUBICLE_WINDOW_CSTR,
                 struct request *Req CUBICLE_WINDOW(sizeof(struct request)));

/* parser: where its table of well-known user names lives (another leak). */
const void *parser_debug_names(void);

/* keys: signs a message for a user into Out (hex).  Returns its length. */
int keys_sign(const char *User CUBICLE_WINDOW_CSTR,
              const char *Message CUBICLE_WINDOW_CSTR,
              char *Out CUBICLE_WINDOW(OutLen), size_t OutLen);

/* keys: where its key lives -- a debugging aid that leaks an address, as
 * real bugs do. */
const void *keys_debug_address(void);

#endif
