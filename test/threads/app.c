/*===- app.c - Cubicle "app": threads that cross into "store" -------------===*\
 *
 *   threads stress ROUNDS   ROUNDS rounds of 8 threads at once: half start
 *                           in app and call into store (with windows, by
 *                           annotation and by the window API), half start
 *                           in store itself (its entry point given to
 *                           pthread_create); every result is checked
 *   threads cross [control] the main thread lends one buffer to store
 *                           through a window and keeps it open while a
 *                           thread running in store reads it, then reads
 *                           app's secret (must fault); the control reads
 *                           only the window
 *   threads fork [control]  the child of fork() calls into store, then has
 *                           store read app's secret (must fault: the child
 *                           keeps isolation); the control reads only the
 *                           window the parent opened before forking
 *   threads fork-busy N     N forks while 2 threads keep entering the
 *                           runtime (window calls) and 2 app's allocator:
 *                           every child allocates and enters the runtime
 *                           too and exits (a child that inherited the
 *                           runtime's or the heap's lock held by a thread
 *                           it does not have would hang: alarm(10) ends it)
 *   threads shared-page N   N children (fresh heaps: the parent never
 *                           allocates in app) each start 4 threads at
 *                           once whose first malloc(64) is app's first
 *                           heap use; the 4 blocks share one page, each
 *                           thread lends its block to store and store
 *                           reads it while the other 3 windows on that
 *                           page are open, then every block is freed
 *   threads exec [control]  app (holding a window open to store, store's
 *                           total at 42) execs this program again: the new
 *                           image starts clean, its total at 0 and no
 *                           window open, so store's read of the parent's
 *                           lent buffer must fault; the control opens a
 *                           window of its own first
\*===----------------------------------------------------------------------===*/
#include "threads.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { kThreads = 8, kIter = 100 };

static char Secret[64] = "app-secret";
static char Lent[64] = "lent-bytes";

static void *appWorker(void *Arg) {
  int Slot = (int)(long)Arg;
  long Failures = 0, Expect = store_total(Slot);
  if (cubicle_self() != cubicle_lookup("app"))
    ++Failures;
  char *Buf = malloc(32); /* app's heap */
  for (int I = 0; I < kIter; ++I) {
    int V[4] = {I, Slot, 1, 2};
    Expect += I + Slot + 3;
    if (store_add(Slot, V, 4) != Expect)
      ++Failures;
    if (I % 10 == 0) {
      /* A window by the API: open to store, read there, closed again. */
      Buf[0] = (char)('a' + I % 26);
      wid_type W = cubicle_window_init();
      if (W < 0 || cubicle_window_add(W, Buf, 32) != 0 ||
          cubicle_window_open(W, cubicle_lookup("store")) != 0)
        ++Failures;
      if (store_read((unsigned long)Buf) != Buf[0])
        ++Failures;
      if (cubicle_window_close(W, cubicle_lookup("store")) != 0 ||
          cubicle_window_destroy(W) != 0)
        ++Failures;
    }
  }
  free(Buf);
  return (void *)Failures;
}

static int stress(int Rounds) {
  long Failures = 0;
  int Started = 0;
  for (int R = 0; R < Rounds; ++R) {
    pthread_t Th[kThreads];
    for (int I = 0; I < kThreads; ++I) {
      long Slot = (R * kThreads + I) % kSlots;
      int E = pthread_create(&Th[I], NULL, I % 2 ? store_worker : appWorker,
                             (void *)Slot);
      if (E != 0) {
        printf("pthread_create failed in round %d: %s\n", R, strerror(E));
        return 1;
      }
      ++Started;
    }
    for (int I = 0; I < kThreads; ++I) {
      void *Res;
      pthread_join(Th[I], &Res);
      Failures += (long)Res;
    }
  }
  /* Every slot's total, recomputed from what the threads added. */
  long Bad = 0;
  for (int S = 0; S < kSlots; ++S) {
    long Expect = 0;
    for (int R = 0; R < Rounds; ++R)
      for (int I = 0; I < kThreads; ++I)
        if ((R * kThreads + I) % kSlots == S)
          Expect += I % 2 ? kIter * (kIter + 1) / 2
                          : kIter * (kIter - 1) / 2 + kIter * (S + 3);
    if (store_total(S) != Expect)
      ++Bad;
  }
  printf("threads: %d started in %d rounds of %d, %ld failed checks, %ld "
         "wrong totals\n",
         Started, Rounds, kThreads, Failures, Bad);
  return Failures || Bad;
}

static int cross(int Control) {
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Lent, sizeof(Lent));
  if (cubicle_window_open(W, cubicle_lookup("store")) != 0) {
    printf("window open failed\n");
    return 1;
  }
  store_targets((unsigned long)Lent, Control ? 0 : (unsigned long)Secret);
  pthread_t Th;
  pthread_create(&Th, NULL, store_peek, NULL);
  pthread_join(Th, NULL);
  cubicle_window_close(W, cubicle_lookup("store"));
  printf("app: the window stayed open while the store thread ran\n");
  return 0;
}

static int forked(int Control) {
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Lent, sizeof(Lent));
  cubicle_window_open(W, cubicle_lookup("store"));
  int V[2] = {20, 22};
  pid_t P = fork();
  if (P == 0) {
    printf("child: store_add = %ld\n", store_add(1, V, 2));
    store_targets((unsigned long)Lent, Control ? 0 : (unsigned long)Secret);
    store_peek(NULL);
    _exit(0);
  }
  int St;
  waitpid(P, &St, 0);
  if (WIFSIGNALED(St))
    printf("parent: child killed by signal %d\n", WTERMSIG(St));
  else
    printf("parent: child exited with %d\n", WEXITSTATUS(St));
  printf("parent: store_add = %ld\n", store_add(1, V, 2));
  return 0;
}

static volatile int StopBusy;
static char BusyBufs[2][4096] __attribute__((aligned(4096)));

static void *busyWindows(void *Arg) {
  long Failures = 0;
  char *Buf = BusyBufs[(long)Arg]; /* a window of its own */
  while (!StopBusy) {
    wid_type W = cubicle_window_init();
    if (W < 0 || cubicle_window_add(W, Buf, 64) != 0 ||
        cubicle_window_open(W, cubicle_lookup("store")) != 0 ||
        cubicle_window_close(W, cubicle_lookup("store")) != 0 ||
        cubicle_window_destroy(W) != 0)
      ++Failures;
  }
  return (void *)Failures;
}

/* Keeps taking and giving back app's heap lock. */
static void *busyHeap(void *Arg) {
  (void)Arg;
  long Failures = 0;
  while (!StopBusy) {
    char *P[4];
    for (int I = 0; I < 4; ++I) {
      P[I] = malloc(64 << I);
      /* used, so that the compiler keeps the malloc/free pair */
      __asm__ volatile("" : : "r"(P[I]) : "memory");
    }
    for (int I = 0; I < 4; ++I) {
      if (!P[I])
        ++Failures;
      free(P[I]);
    }
  }
  return (void *)Failures;
}

static int forkBusy(int N) {
  pthread_t T[4];
  for (int I = 0; I < 4; ++I)
    if (pthread_create(&T[I], NULL, I < 2 ? busyWindows : busyHeap,
                       (void *)(long)I) != 0) {
      printf("pthread_create failed\n");
      return 1;
    }
  int Clean = 0, Stuck = 0, Other = 0;
  for (int I = 0; I < N; ++I) {
    pid_t P = fork();
    if (P == 0) {
      alarm(10);
      char *M = malloc(100); /* app's heap works in the child */
      __asm__ volatile("" : : "r"(M) : "memory");
      free(M);
      wid_type W = cubicle_window_init();
      int Ok = M && W >= 0 && cubicle_window_add(W, Lent, sizeof(Lent)) == 0 &&
               cubicle_window_open(W, cubicle_lookup("store")) == 0 &&
               store_read((unsigned long)Lent) == 'l';
      _exit(Ok ? 0 : 1);
    }
    int St;
    waitpid(P, &St, 0);
    if (WIFEXITED(St) && WEXITSTATUS(St) == 0)
      ++Clean;
    else if (WIFSIGNALED(St) && WTERMSIG(St) == SIGALRM)
      ++Stuck;
    else
      ++Other;
  }
  StopBusy = 1;
  long Failures = 0;
  for (int I = 0; I < 4; ++I) {
    void *R;
    pthread_join(T[I], &R);
    Failures += (long)R;
  }
  printf("fork-busy: %d children entered the runtime and exited, %d stuck, "
         "%d failed, %ld failed window calls in the parent\n",
         Clean, Stuck, Other, Failures);
  return 0;
}

enum { kSharers = 4, kSharedReads = 200 };
static pthread_barrier_t Together;
static char *Shared[kSharers];

static void *sharePage(void *Arg) {
  long Slot = (long)Arg, Failures = 0;
  pthread_barrier_wait(&Together);
  char *B = malloc(64); /* all four at once: the heap's first use */
  Shared[Slot] = B;
  if (!B)
    return (void *)1L;
  memset(B, 'A' + Slot, 64);
  wid_type W = cubicle_window_init();
  if (W < 0 || cubicle_window_add(W, B, 64) != 0 ||
      cubicle_window_open(W, cubicle_lookup("store")) != 0)
    ++Failures;
  pthread_barrier_wait(&Together); /* four windows open on one page */
  for (int I = 0; I < kSharedReads; ++I)
    if (store_read((unsigned long)(B + I % 64)) != 'A' + Slot)
      ++Failures;
  pthread_barrier_wait(&Together);
  if (cubicle_window_close(W, cubicle_lookup("store")) != 0 ||
      cubicle_window_destroy(W) != 0)
    ++Failures;
  for (int I = 0; I < 64; ++I)
    if (B[I] != 'A' + Slot)
      ++Failures;
  pthread_barrier_wait(&Together); /* all windows gone, then free */
  free(B);
  return (void *)Failures;
}

/* One child's run; exits 0 if every check held and the blocks shared one
 * page, 2 if the checks held on different pages, 1 otherwise. */
static int sharePageChild(void) {
  pthread_barrier_init(&Together, NULL, kSharers);
  pthread_t T[kSharers];
  for (long I = 0; I < kSharers; ++I)
    if (pthread_create(&T[I], NULL, sharePage, (void *)I) != 0)
      return 1;
  long Failures = 0;
  for (int I = 0; I < kSharers; ++I) {
    void *R;
    pthread_join(T[I], &R);
    Failures += (long)R;
  }
  int OnePage = 1;
  for (int I = 0; I < kSharers; ++I) {
    for (int J = 0; J < I; ++J)
      if (Shared[I] == Shared[J])
        ++Failures; /* one block handed out twice */
    if ((unsigned long)Shared[I] / 4096 != (unsigned long)Shared[0] / 4096)
      OnePage = 0;
  }
  /* The freed blocks are heap again: the free list hands exactly those
   * four back (a refused free would leave one out). */
  for (int I = 0; I < kSharers; ++I) {
    char *P = malloc(64);
    int Found = 0;
    for (int J = 0; J < kSharers; ++J)
      Found |= P == Shared[J];
    if (!Found)
      ++Failures;
  }
  return Failures ? 1 : OnePage ? 0 : 2;
}

static int sharedPage(int N) {
  int Clean = 0, Apart = 0, Failed = 0;
  for (int I = 0; I < N; ++I) {
    pid_t P = fork();
    if (P == 0) {
      alarm(60);
      _exit(sharePageChild());
    }
    int St;
    waitpid(P, &St, 0);
    if (WIFEXITED(St) && WEXITSTATUS(St) == 0)
      ++Clean;
    else if (WIFEXITED(St) && WEXITSTATUS(St) == 2)
      ++Apart;
    else
      ++Failed;
  }
  printf("shared-page: %d runs, %d clean on one page, %d clean on several "
         "pages, %d failed\n",
         N, Clean, Apart, Failed);
  return 0;
}

static int execed(int Control) {
  wid_type W = cubicle_window_init();
  cubicle_window_add(W, Lent, sizeof(Lent));
  cubicle_window_open(W, cubicle_lookup("store"));
  int V[2] = {20, 22};
  printf("before exec: store_add = %ld, in cubicle '%s'\n", store_add(1, V, 2),
         cubicle_name(cubicle_self()));
  char *Args[] = {"threads", "exec-child", Control ? "control" : "plain",
                  NULL};
  execv("/proc/self/exe", Args);
  perror("execv");
  return 1;
}

/* The new image: the same addresses (a static executable), fresh state. */
static int execChild(int Control) {
  int V[2] = {20, 22};
  printf("after exec: store_add = %ld, in cubicle '%s'\n", store_add(1, V, 2),
         cubicle_name(cubicle_self()));
  if (Control) {
    wid_type W = cubicle_window_init();
    cubicle_window_add(W, Lent, sizeof(Lent));
    cubicle_window_open(W, cubicle_lookup("store"));
  }
  store_targets((unsigned long)Lent, 0);
  store_peek(NULL);
  return 0;
}

int main(int Argc, char **Argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (Argc >= 3 && !strcmp(Argv[1], "fork-busy"))
    return forkBusy(atoi(Argv[2]));
  if (Argc >= 3 && !strcmp(Argv[1], "shared-page"))
    return sharedPage(atoi(Argv[2]));
  if (Argc >= 2 && !strcmp(Argv[1], "exec"))
    return execed(Argc >= 3 && !strcmp(Argv[2], "control"));
  if (Argc >= 3 && !strcmp(Argv[1], "exec-child"))
    return execChild(!strcmp(Argv[2], "control"));
  if (Argc >= 3 && !strcmp(Argv[1], "stress"))
    return stress(atoi(Argv[2]));
  if (Argc >= 2 && !strcmp(Argv[1], "cross"))
    return cross(Argc >= 3 && !strcmp(Argv[2], "control"));
  if (Argc >= 2 && !strcmp(Argv[1], "fork"))
    return forked(Argc >= 3 && !strcmp(Argv[2], "control"));
  fprintf(stderr,
          "usage: threads stress ROUNDS | cross [control] | fork [control] | "
          "exec [control] | fork-busy N | shared-page N\n");
  return 2;
}
