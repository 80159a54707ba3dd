/*===- keys.c - Cubicle "keys": holds the signing key ----------------------===*/
#include "keystore.h"

#include <stdio.h>
#include <string.h>

/* The secret.  Only this cubicle can read it. */
static char SigningKey[32] = "K3Y-7f4e-SECRET-do-not-print";

const void *keys_debug_address(void) { return SigningKey; }

/* A toy MAC: FNV-1a over key, user and message. */
int keys_sign(const char *User, const char *Message, char *Out,
              size_t OutLen) {
  unsigned long long H = 1469598103934665603ull;
  const char *Parts[3] = {SigningKey, User, Message};
  for (int P = 0; P < 3; ++P)
    for (const char *S = Parts[P]; *S; ++S)
      H = (H ^ (unsigned char)*S) * 1099511628211ull;
  return snprintf(Out, OutLen, "%016llx", H);
}
