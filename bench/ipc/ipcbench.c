/*===- ipcbench.c - A call to a component in another process ---------------===*\
 *
 *   ipcbench socket|shm|shm-spin N   N round trips of "x + 1" to a server
 *                                    process; prints the time per call
 *
 * socket: a Unix stream socket pair.  shm: the shared-memory channel of
 * channel.h, sleeping on a futex at once; shm-spin: spinning 2000 times
 * before sleeping.
\*===----------------------------------------------------------------------===*/
#include "../clock.h"
#include "channel.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

typedef struct {
  ChannelHead H;
  int Value;
} Shared;

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    fprintf(stderr, "usage: ipcbench socket|shm|shm-spin N\n");
    return 2;
  }
  long N = atol(Argv[2]);
  int X = 0;
  double T0 = 0, T1 = 0;
  if (!strcmp(Argv[1], "socket")) {
    int S[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, S))
      return 1;
    pid_t P = fork();
    if (P == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      close(S[0]); /* else the server never sees the end of the stream */
      int V;
      while (read(S[1], &V, sizeof(V)) == sizeof(V)) {
        ++V;
        if (write(S[1], &V, sizeof(V)) != sizeof(V))
          break;
      }
      _exit(0);
    }
    close(S[1]);
    T0 = now();
    for (long I = 0; I < N; ++I)
      if (write(S[0], &X, sizeof(X)) != sizeof(X) ||
          read(S[0], &X, sizeof(X)) != sizeof(X))
        return 1;
    T1 = now();
    close(S[0]);
    waitpid(P, 0, 0);
  } else {
    Shared *Sh = chan_create(sizeof(Shared));
    Sh->H.Spin = !strcmp(Argv[1], "shm-spin") ? 2000 : 0;
    pid_t P = fork();
    if (P == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      uint32_t Seq = 0;
      for (long I = 0; I < N; ++I) {
        Seq = chan_next(&Sh->H, Seq);
        ++Sh->Value;
        chan_reply(&Sh->H, Seq);
      }
      _exit(0);
    }
    T0 = now();
    for (long I = 0; I < N; ++I) {
      Sh->Value = X;
      chan_call(&Sh->H);
      X = Sh->Value;
    }
    T1 = now();
    waitpid(P, 0, 0);
  }
  printf("%s %ld %.2f ns/call (result %d)\n", Argv[1], N, (T1 - T0) / N, X);
  return X == N ? 0 : 1;
}
