/*===- app.c - Cubicle "app": the key-store demo's main program ------------===*\
 *
 *   keystore REQUEST     sign a request such as "user=alice;msg=hello"
 *   keystore --crafted   a request whose user field is an out-of-bounds
 *                        reference aimed at the key store's key
\*===----------------------------------------------------------------------===*/
#include "keystore.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(int Argc, char **Argv) {
  char Input[256];
  if (Argc > 1 && !strcmp(Argv[1], "--crafted")) {
    /* The attacker learnt where the key is and where the parser's name
     * table is (both leak through debugging aids, as addresses do in real
     * exploit chains) and aims the parser's unchecked offset at the key. */
    long Offset = (long)((uintptr_t)keys_debug_address() -
                         (uintptr_t)parser_debug_names());
    snprintf(Input, sizeof(Input), "user=@%ld:24;msg=gimme", Offset);
  } else {
    snprintf(Input, sizeof(Input), "%s",
             Argc > 1 ? Argv[1] : "user=@6:5;msg=hello");
  }
  printf("app: request \"%s\"\n", Input);
  fflush(stdout);
  struct request Req;
  if (parser_parse(Input, &Req) != 0) {
    printf("app: bad request\n");
    return 1;
  }
  printf("app: user \"%s\", message \"%s\"\n", Req.user, Req.message);
  char Sig[32];
  keys_sign(Req.user, Req.message, Sig, sizeof(Sig));
  printf("app: signature %s\n", Sig);
  return 0;
}
