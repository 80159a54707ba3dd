/*===- ipcvfs.c - The RAM file system in a process of its own -------------===*\
 *
 * The microkernel-style baseline of the SQLite benchmark: the same RAM file
 * system (memvfs.c, included below) runs in a server process, and SQLite's
 * VFS calls reach it as messages through the shared-memory channel of
 * bench/ipc/channel.h.  Built without the plugin: speedtest1_ipc.
\*===----------------------------------------------------------------------===*/
#define sqlite3_os_init memvfs_os_init
#define sqlite3_os_end memvfs_os_end
#include "memvfs.c"
#undef sqlite3_os_init
#undef sqlite3_os_end

#include "../ipc/channel.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

enum {
  OpOpen, OpClose, OpRead, OpWrite, OpTruncate, OpSize, OpDelete, OpAccess
};

#define MAX_DATA (128 * 1024)

typedef struct {
  ChannelHead H;
  int Op, Handle, Amt, Flags, Rc, OutFlags, Res;
  sqlite3_int64 Off, Size;
  char Name[MAX_NAME];
  unsigned char Data[MAX_DATA];
} Msg;

typedef struct {
  sqlite3_file Base;
  int Handle;
} IpcFile;

static Msg *Chan;
static MemFile ServerFiles[MAX_FILES]; /* the server's file objects */

static void serve(void) {
  uint32_t Seq = 0;
  for (;;) {
    Seq = chan_next(&Chan->H, Seq);
    Msg *M = Chan;
    sqlite3_file *F = M->Handle >= 0 && M->Handle < MAX_FILES
                          ? &ServerFiles[M->Handle].Base
                          : 0;
    switch (M->Op) {
    case OpOpen: {
      int H = 0;
      while (H < MAX_FILES && ServerFiles[H].Base.pMethods)
        ++H;
      if (H == MAX_FILES) {
        M->Rc = SQLITE_CANTOPEN;
        break;
      }
      M->Rc = memOpen(&MemVfs, M->Name[0] ? M->Name : 0,
                      &ServerFiles[H].Base, M->Flags, &M->OutFlags);
      M->Handle = M->Rc == SQLITE_OK ? H : -1;
      break;
    }
    case OpClose:
      M->Rc = F ? memClose(F) : SQLITE_OK;
      if (F)
        F->pMethods = 0;
      break;
    case OpRead:
      M->Rc = memRead(F, M->Data, M->Amt, M->Off);
      break;
    case OpWrite:
      M->Rc = memWrite(F, M->Data, M->Amt, M->Off);
      break;
    case OpTruncate:
      M->Rc = memTruncate(F, M->Size);
      break;
    case OpSize:
      M->Rc = memFileSize(F, &M->Size);
      break;
    case OpDelete:
      M->Rc = memDelete(&MemVfs, M->Name, M->Flags);
      break;
    case OpAccess:
      M->Rc = memAccess(&MemVfs, M->Name, M->Flags, &M->Res);
      break;
    }
    chan_reply(&Chan->H, Seq);
  }
}

static int call(void) {
  chan_call(&Chan->H);
  return Chan->Rc;
}

static int ipcClose(sqlite3_file *F) {
  Chan->Op = OpClose;
  Chan->Handle = ((IpcFile *)F)->Handle;
  return call();
}

static int ipcRead(sqlite3_file *F, void *Buf, int Amt, sqlite3_int64 Off) {
  if (Amt > MAX_DATA)
    return SQLITE_IOERR_READ;
  Chan->Op = OpRead;
  Chan->Handle = ((IpcFile *)F)->Handle;
  Chan->Amt = Amt;
  Chan->Off = Off;
  int Rc = call();
  memcpy(Buf, Chan->Data, (size_t)Amt);
  return Rc;
}

static int ipcWrite(sqlite3_file *F, const void *Buf, int Amt,
                    sqlite3_int64 Off) {
  if (Amt > MAX_DATA)
    return SQLITE_IOERR_WRITE;
  Chan->Op = OpWrite;
  Chan->Handle = ((IpcFile *)F)->Handle;
  Chan->Amt = Amt;
  Chan->Off = Off;
  memcpy(Chan->Data, Buf, (size_t)Amt);
  return call();
}

static int ipcTruncate(sqlite3_file *F, sqlite3_int64 Size) {
  Chan->Op = OpTruncate;
  Chan->Handle = ((IpcFile *)F)->Handle;
  Chan->Size = Size;
  return call();
}

static int ipcFileSize(sqlite3_file *F, sqlite3_int64 *Size) {
  Chan->Op = OpSize;
  Chan->Handle = ((IpcFile *)F)->Handle;
  int Rc = call();
  *Size = Chan->Size;
  return Rc;
}

/* Locking and the rest have no state in the server: answered here, as
 * memvfs answers them. */
static const sqlite3_io_methods IpcMethods = {
    1,           ipcClose,         ipcRead,        ipcWrite,
    ipcTruncate, memSync,          ipcFileSize,    memLock,
    memUnlock,   memCheckReservedLock, memFileControl, memSectorSize,
    memDeviceCharacteristics,       0, 0, 0, 0, 0, 0};

static int ipcOpen(sqlite3_vfs *Vfs, const char *Name, sqlite3_file *F,
                   int Flags, int *OutFlags) {
  (void)Vfs;
  IpcFile *P = (IpcFile *)F;
  P->Base.pMethods = 0;
  if (Name && strlen(Name) >= MAX_NAME)
    return SQLITE_CANTOPEN;
  Chan->Op = OpOpen;
  Chan->Flags = Flags;
  strcpy(Chan->Name, Name ? Name : "");
  int Rc = call();
  if (Rc == SQLITE_OK) {
    P->Handle = Chan->Handle;
    P->Base.pMethods = &IpcMethods;
    if (OutFlags)
      *OutFlags = Chan->OutFlags;
  }
  return Rc;
}

static int ipcDelete(sqlite3_vfs *Vfs, const char *Name, int SyncDir) {
  (void)Vfs;
  Chan->Op = OpDelete;
  Chan->Flags = SyncDir;
  snprintf(Chan->Name, MAX_NAME, "%s", Name);
  return call();
}

static int ipcAccess(sqlite3_vfs *Vfs, const char *Name, int Flags,
                     int *Out) {
  (void)Vfs;
  Chan->Op = OpAccess;
  Chan->Flags = Flags;
  snprintf(Chan->Name, MAX_NAME, "%s", Name);
  int Rc = call();
  *Out = Chan->Res;
  return Rc;
}

static sqlite3_vfs IpcVfs = {
    2,                   sizeof(IpcFile), MAX_NAME,      0,
    "ipcvfs",            0,               ipcOpen,       ipcDelete,
    ipcAccess,           memFullPathname, 0,             0,
    0,                   0,               memRandomness, memSleep,
    memCurrentTime,      memGetLastError, memCurrentTimeInt64,
    0,                   0,               0};

int sqlite3_os_init(void) {
  Chan = chan_create(sizeof(Msg));
  if (!Chan)
    return SQLITE_ERROR;
  Chan->H.Spin = getenv("IPCVFS_SPIN") ? (uint32_t)atoi(getenv("IPCVFS_SPIN"))
                                       : 2000;
  pid_t P = fork();
  if (P < 0)
    return SQLITE_ERROR;
  if (P == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    serve();
  }
  return sqlite3_vfs_register(&IpcVfs, 1);
}

int sqlite3_os_end(void) { return SQLITE_OK; }
