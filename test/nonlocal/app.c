/*===- app.c - Cubicle "app": longjmp, siglongjmp and exceptions ----------===*\
 *
 *   nonlocal TEST    runs one test and prints what happened; the test suite
 *                    checks the output and the exit status
\*===----------------------------------------------------------------------===*/
#include "nonlocal.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

int app_exceptions(int Across); /* app_exc.cpp */

static jmp_buf Env;
static sigjmp_buf SigEnv;
static volatile int Handled;

static void say(const char *What, int V) {
  printf("%s: %d (in cubicle '%s')\n", What, V, cubicle_name(cubicle_self()));
  fflush(stdout);
}

static __attribute__((noinline)) void jumpOut(void) { longjmp(Env, 5); }

static void jumpFromHandler(int Sig) {
  ++Handled;
  siglongjmp(SigEnv, Sig);
}

int main(int Argc, char **Argv) {
  const char *Test = Argc > 1 ? Argv[1] : "";
  if (!strcmp(Test, "inside")) {
    /* The controls: jumps that stay in one cubicle go ahead. */
    int V = setjmp(Env);
    if (V == 0)
      jumpOut();
    say("app: longjmp inside app returned", V);
    say("app: longjmp inside lib returned", lib_inside());
  } else if (!strcmp(Test, "callee")) {
    /* lib jumps to app's frame: out of lib through the gate app used. */
    if (setjmp(Env) == 0) {
      lib_jump(Env);
      say("app: lib_jump returned", 0);
    } else {
      say("app: back in app by lib's longjmp", 1);
    }
  } else if (!strcmp(Test, "callback")) {
    /* app -> lib -> app; the inner app jumps to the outer app's frame,
     * leaving lib's frames behind. */
    if (setjmp(Env) == 0) {
      lib_run(jumpOut);
      say("app: lib_run returned", 0);
    } else {
      say("app: back in the outer app by longjmp", 1);
    }
  } else if (!strcmp(Test, "signal")) {
    /* app's handler leaves by siglongjmp, 20 times (more deliveries than
     * the runtime nests): each delivery is popped. */
    signal(SIGUSR1, jumpFromHandler);
    int Jumps = 0;
    for (int I = 0; I < 20; ++I)
      if (sigsetjmp(SigEnv, 1) == 0)
        raise(SIGUSR1);
      else
        ++Jumps;
    say("app: siglongjmps out of its handler", Jumps);
  } else if (!strcmp(Test, "signal-in-lib")) {
    /* The signal arrives while lib runs; app's handler jumps to app's frame
     * from before the call into lib. */
    signal(SIGUSR1, jumpFromHandler);
    if (sigsetjmp(SigEnv, 1) == 0) {
      lib_raise();
      say("app: lib_raise returned", 0);
    } else {
      say("app: back in app by siglongjmp", 1);
    }
  } else if (!strcmp(Test, "exception")) {
    app_exceptions(1);
  } else if (!strcmp(Test, "exception-inside")) {
    app_exceptions(0);
  } else {
    fprintf(stderr, "usage: nonlocal inside|callee|callback|signal|"
                    "signal-in-lib|exception|exception-inside\n");
    return 2;
  }
  /* The state is whole: calls still cross. */
  say("app: lib_add(40, 2)", lib_add(40, 2));
  return 0;
}
