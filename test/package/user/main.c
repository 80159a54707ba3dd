/* main rot13s a string through the codec cubicle, prints the result and
 * the cubicle it ran in, then (with "poke") writes the codec's counter
 * through a leaked pointer, which must fault. */
#include "codec.h"

#include <stdio.h>
#include <string.h>

int main(int Argc, char **Argv) {
  char Text[] = "Hello, cubicle";
  size_t Letters = codec_rot13(Text, strlen(Text));
  printf("%s (%zu letters) in cubicle %s of %d\n", Text, Letters,
         cubicle_name(cubicle_self()), cubicle_count());
  fflush(stdout);
  if (Argc > 1 && !strcmp(Argv[1], "poke")) {
    *codec_counter() = 42;
    printf("poked\n");
  }
  return 0;
}
