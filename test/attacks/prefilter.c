/*===- prefilter.c - A launcher with a seccomp filter of its own ----------===*\
 *
 *   prefilter PROGRAM ARGS...
 *
 * Installs a filter before PROGRAM starts, as a sandboxing launcher would
 * (uname fails with EACCES, everything else is allowed), then execs it:
 * the cubicle program's own filter stacks on top of this one.  Plain C,
 * built without the plugin.
\*===----------------------------------------------------------------------===*/
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int Argc, char **Argv) {
  if (Argc < 2) {
    fprintf(stderr, "usage: prefilter PROGRAM ARGS...\n");
    return 2;
  }
  struct sock_filter F[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_uname, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EACCES),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  struct sock_fprog Prog = {sizeof(F) / sizeof(F[0]), F};
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
      prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &Prog)) {
    perror("prefilter: seccomp");
    return 3;
  }
  execv(Argv[1], Argv + 1);
  perror("prefilter: execv");
  return 127;
}
