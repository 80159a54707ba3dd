/*===- RuntimeDemo.c - Three cubicles with the runtime alone -------------===*\
 *
 * An app, a parser with a deliberate out-of-bounds read, and a key store
 * holding a secret, each in its own cubicle.  The app lends the parser its
 * input buffer through a window; the parser copies the field the input
 * asks for.  With crafted input the parser's read runs off its own buffer
 * into the key store's heap: isolation stops it and the runtime reports
 * which cubicle touched whose memory.
 *
 *   runtime_demo "name=alice"      # works
 *   runtime_demo --crafted         # the parser reads out of bounds
\*===----------------------------------------------------------------------===*/
#include <cubicle/cubicle.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cid_type App, Parser, Keys;

/* Shared between cubicles only through key-0 globals and windows. */
static char *volatile Input;
static size_t InputLen;
static char *volatile SecretAddr;
static char Field[64];
static size_t FieldOffset, FieldLen;

static void *keysInit(void *Unused) {
  (void)Unused;
  char *Secret = cubicle_malloc(32);
  strcpy(Secret, "TOP-SECRET-KEY-0xC0FFEE");
  SecretAddr = Secret;
  return NULL;
}

/* Copies FieldLen bytes from Input + FieldOffset: the offset comes from the
 * input and is not checked against the buffer (the bug). */
static void *parse(void *Unused) {
  (void)Unused;
  char *Local = cubicle_malloc(sizeof(Field));
  for (size_t I = 0; I < FieldLen && I < sizeof(Field) - 1; ++I)
    Local[I] = Input[FieldOffset + I];
  Local[FieldLen < sizeof(Field) - 1 ? FieldLen : sizeof(Field) - 1] = 0;
  memcpy(Field, Local, sizeof(Field));
  cubicle_free(Local);
  return NULL;
}

static void *app(void *Arg) {
  const char *Text = Arg;
  InputLen = strlen(Text);
  Input = cubicle_malloc(InputLen + 1);
  memcpy(Input, Text, InputLen + 1);
  /* "name=alice": the field starts after '='. */
  const char *Eq = strchr(Text, '=');
  FieldOffset = Eq ? (size_t)(Eq - Text) + 1 : 0;
  FieldLen = InputLen - FieldOffset;
  if (!strcmp(Text, "--crafted")) {
    /* A crafted length field: read "the value" from where the key store's
     * secret lies, as a real out-of-bounds bug would. */
    FieldOffset = (size_t)(SecretAddr - Input);
    FieldLen = 23;
  }
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Input, InputLen + 1);
  cubicle_window_open(W, Parser);
  cubicle_call(Parser, parse, NULL);
  cubicle_window_destroy(W);
  printf("app: parsed field: \"%s\"\n", Field);
  return NULL;
}

int main(int Argc, char **Argv) {
  App = cubicle_create("app");
  Parser = cubicle_create("parser");
  Keys = cubicle_create("keys");
  printf("backend: %s\n", cubicle_backend());
  cubicle_call(Keys, keysInit, NULL);
  const char *Text = Argc > 1 ? Argv[1] : "name=alice";
  cubicle_call(App, app, (void *)Text);
  return 0;
}
