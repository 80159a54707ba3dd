/*===- memvfs.c - Cubicle "vfs": a RAM file system behind SQLite's VFS ----===*\
 *
 * SQLite is built with SQLITE_OS_OTHER, so it has no file layer of its own:
 * this one (in the manner of CubicleOS's use of Unikraft's ramfs) keeps
 * every file in memory.  SQLite reaches it only through its method tables,
 * sqlite3_vfs and sqlite3_io_methods: every call is an indirect call into
 * another cubicle, and the annotations below say which of SQLite's buffers
 * each method may use for the call.
 *
 * The method tables are CUBICLE_SHARED: SQLite reads them (and links the
 * VFS into its list through pNext).  The files' contents stay in this
 * cubicle; SQLite's sqlite3_file objects hold only an index.
\*===----------------------------------------------------------------------===*/
#include "sqlite3.h"

#include <cubicle/cubicle.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#define MAX_FILES 64
#define MAX_NAME 512

typedef struct MemData {
  char Name[MAX_NAME];
  unsigned char *Data;
  sqlite3_int64 Size, Cap;
  int Used;
  int Opens;
} MemData;

/* SQLite's per-file object: allocated and owned by SQLite, lent for each
 * call. */
typedef struct MemFile {
  sqlite3_file Base;
  int Index;
} MemFile;

static MemData Files[MAX_FILES];

static int memClose(sqlite3_file *F CUBICLE_WINDOW_IN(sizeof(MemFile)));
static int memRead(sqlite3_file *F CUBICLE_WINDOW_IN(sizeof(MemFile)),
                   void *Buf CUBICLE_WINDOW(Amt), int Amt,
                   sqlite3_int64 Off);
static int memWrite(sqlite3_file *F CUBICLE_WINDOW_IN(sizeof(MemFile)),
                    const void *Buf CUBICLE_WINDOW_IN(Amt), int Amt,
                    sqlite3_int64 Off);
static int memTruncate(sqlite3_file *F CUBICLE_WINDOW_IN(sizeof(MemFile)),
                       sqlite3_int64 Size);
static int memSync(sqlite3_file *F CUBICLE_NO_WINDOW, int Flags);
static int memFileSize(sqlite3_file *F CUBICLE_WINDOW_IN(sizeof(MemFile)),
                       sqlite3_int64 *Size
                           CUBICLE_WINDOW(sizeof(sqlite3_int64)));
static int memLock(sqlite3_file *F CUBICLE_NO_WINDOW, int Level);
static int memUnlock(sqlite3_file *F CUBICLE_NO_WINDOW, int Level);
static int memCheckReservedLock(sqlite3_file *F CUBICLE_NO_WINDOW,
                                int *Out CUBICLE_WINDOW(sizeof(int)));
static int memFileControl(sqlite3_file *F CUBICLE_NO_WINDOW, int Op,
                          void *Arg CUBICLE_NO_WINDOW);
static int memSectorSize(sqlite3_file *F CUBICLE_NO_WINDOW);
static int memDeviceCharacteristics(sqlite3_file *F CUBICLE_NO_WINDOW);

static int memOpen(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                   const char *Name CUBICLE_WINDOW_CSTR,
                   sqlite3_file *F CUBICLE_WINDOW(sizeof(MemFile)), int Flags,
                   int *OutFlags CUBICLE_WINDOW(sizeof(int)));
static int memDelete(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                     const char *Name CUBICLE_WINDOW_CSTR, int SyncDir);
static int memAccess(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                     const char *Name CUBICLE_WINDOW_CSTR, int Flags,
                     int *Out CUBICLE_WINDOW(sizeof(int)));
static int memFullPathname(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                           const char *Name CUBICLE_WINDOW_CSTR, int NOut,
                           char *Out CUBICLE_WINDOW(NOut));
static int memRandomness(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW, int N,
                         char *Out CUBICLE_WINDOW(N));
static int memSleep(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW, int Micro);
static int memCurrentTime(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                          double *Out CUBICLE_WINDOW(sizeof(double)));
static int memGetLastError(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW, int N,
                           char *Out CUBICLE_WINDOW(N));
static int memCurrentTimeInt64(sqlite3_vfs *Vfs CUBICLE_NO_WINDOW,
                               sqlite3_int64 *Out
                                   CUBICLE_WINDOW(sizeof(sqlite3_int64)));

static const sqlite3_io_methods MemMethods CUBICLE_SHARED = {
    1,                 /* iVersion: no shared memory, no mmap */
    memClose,          memRead,          memWrite,
    memTruncate,       memSync,          memFileSize,
    memLock,           memUnlock,        memCheckReservedLock,
    memFileControl,    memSectorSize,    memDeviceCharacteristics,
    0,                 0,                0,
    0,                 0,                0};

/* SQLite compares VFS names (VACUUM, ATTACH): the name is shared too. */
static char MemVfsName[] CUBICLE_SHARED = "memvfs";

static sqlite3_vfs MemVfs CUBICLE_SHARED = {
    2,                /* iVersion */
    sizeof(MemFile),  /* szOsFile */
    MAX_NAME,         /* mxPathname */
    0,                /* pNext */
    MemVfsName,       /* zName */
    0,                /* pAppData */
    memOpen,          memDelete,        memAccess,
    memFullPathname,  0,                0,
    0,                0,                memRandomness,
    memSleep,         memCurrentTime,   memGetLastError,
    memCurrentTimeInt64, 0,             0,
    0};

static MemData *dataOf(sqlite3_file *F) {
  int I = ((MemFile *)F)->Index;
  return I >= 0 && I < MAX_FILES && Files[I].Used ? &Files[I] : 0;
}

static int findFile(const char *Name) {
  for (int I = 0; I < MAX_FILES; ++I)
    if (Files[I].Used && !strcmp(Files[I].Name, Name))
      return I;
  return -1;
}

static int memClose(sqlite3_file *F) {
  MemData *D = dataOf(F);
  if (D && --D->Opens == 0 && D->Name[0] == 0) {
    /* A temporary file: gone when closed. */
    free(D->Data);
    memset(D, 0, sizeof(*D));
  }
  return SQLITE_OK;
}

static int memRead(sqlite3_file *F, void *Buf, int Amt, sqlite3_int64 Off) {
  MemData *D = dataOf(F);
  if (!D)
    return SQLITE_IOERR_READ;
  if (Off >= D->Size) {
    memset(Buf, 0, Amt);
    return SQLITE_IOERR_SHORT_READ;
  }
  sqlite3_int64 N = D->Size - Off < Amt ? D->Size - Off : Amt;
  memcpy(Buf, D->Data + Off, (size_t)N);
  if (N < Amt) {
    memset((char *)Buf + N, 0, (size_t)(Amt - N));
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

static int grow(MemData *D, sqlite3_int64 Size) {
  if (Size <= D->Cap)
    return 1;
  sqlite3_int64 Cap = D->Cap ? D->Cap : 65536;
  while (Cap < Size)
    Cap *= 2;
  unsigned char *P = realloc(D->Data, (size_t)Cap);
  if (!P)
    return 0;
  D->Data = P;
  D->Cap = Cap;
  return 1;
}

static int memWrite(sqlite3_file *F, const void *Buf, int Amt,
                    sqlite3_int64 Off) {
  MemData *D = dataOf(F);
  if (!D || !grow(D, Off + Amt))
    return SQLITE_IOERR_WRITE;
  if (Off > D->Size)
    memset(D->Data + D->Size, 0, (size_t)(Off - D->Size));
  memcpy(D->Data + Off, Buf, (size_t)Amt);
  if (Off + Amt > D->Size)
    D->Size = Off + Amt;
  return SQLITE_OK;
}

static int memTruncate(sqlite3_file *F, sqlite3_int64 Size) {
  MemData *D = dataOf(F);
  if (!D)
    return SQLITE_IOERR_TRUNCATE;
  if (Size < D->Size)
    D->Size = Size;
  return SQLITE_OK;
}

static int memSync(sqlite3_file *F, int Flags) {
  (void)F;
  (void)Flags;
  return SQLITE_OK;
}

static int memFileSize(sqlite3_file *F, sqlite3_int64 *Size) {
  MemData *D = dataOf(F);
  if (!D)
    return SQLITE_IOERR_FSTAT;
  *Size = D->Size;
  return SQLITE_OK;
}

static int memLock(sqlite3_file *F, int Level) {
  (void)F;
  (void)Level;
  return SQLITE_OK;
}

static int memUnlock(sqlite3_file *F, int Level) {
  (void)F;
  (void)Level;
  return SQLITE_OK;
}

static int memCheckReservedLock(sqlite3_file *F, int *Out) {
  (void)F;
  *Out = 0;
  return SQLITE_OK;
}

static int memFileControl(sqlite3_file *F, int Op, void *Arg) {
  (void)F;
  (void)Op;
  (void)Arg;
  return SQLITE_NOTFOUND;
}

static int memSectorSize(sqlite3_file *F) {
  (void)F;
  return 512;
}

static int memDeviceCharacteristics(sqlite3_file *F) {
  (void)F;
  return SQLITE_IOCAP_ATOMIC | SQLITE_IOCAP_SAFE_APPEND |
         SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static int memOpen(sqlite3_vfs *Vfs, const char *Name, sqlite3_file *F,
                   int Flags, int *OutFlags) {
  (void)Vfs;
  MemFile *M = (MemFile *)F;
  M->Base.pMethods = 0;
  /* Unnamed or delete-on-close: a temporary file, gone when closed. */
  int Temp = !Name || (Flags & SQLITE_OPEN_DELETEONCLOSE);
  int I = Temp ? -1 : findFile(Name);
  if (I < 0) {
    if (!(Flags & SQLITE_OPEN_CREATE) && !Temp)
      return SQLITE_CANTOPEN;
    for (I = 0; I < MAX_FILES && Files[I].Used; ++I)
      ;
    if (I == MAX_FILES || (!Temp && strlen(Name) >= MAX_NAME))
      return SQLITE_CANTOPEN;
    memset(&Files[I], 0, sizeof(Files[I]));
    Files[I].Used = 1;
    if (!Temp)
      strcpy(Files[I].Name, Name);
  }
  ++Files[I].Opens;
  M->Index = I;
  M->Base.pMethods = &MemMethods;
  if (OutFlags)
    *OutFlags = Flags;
  return SQLITE_OK;
}

static int memDelete(sqlite3_vfs *Vfs, const char *Name, int SyncDir) {
  (void)Vfs;
  (void)SyncDir;
  int I = findFile(Name);
  if (I >= 0) {
    if (Files[I].Opens) {
      Files[I].Name[0] = 0; /* freed on its last close */
    } else {
      free(Files[I].Data);
      memset(&Files[I], 0, sizeof(Files[I]));
    }
  }
  return SQLITE_OK;
}

static int memAccess(sqlite3_vfs *Vfs, const char *Name, int Flags,
                     int *Out) {
  (void)Vfs;
  (void)Flags;
  int I = findFile(Name);
  *Out = I >= 0 && Files[I].Size > 0;
  return SQLITE_OK;
}

static int memFullPathname(sqlite3_vfs *Vfs, const char *Name, int NOut,
                           char *Out) {
  (void)Vfs;
  if ((int)strlen(Name) >= NOut)
    return SQLITE_CANTOPEN;
  strcpy(Out, Name);
  return SQLITE_OK;
}

static int memRandomness(sqlite3_vfs *Vfs, int N, char *Out) {
  (void)Vfs;
  /* Deterministic, so that runs can be compared byte for byte. */
  for (int I = 0; I < N; ++I)
    Out[I] = (char)(I * 131 + 7);
  return N;
}

static int memSleep(sqlite3_vfs *Vfs, int Micro) {
  (void)Vfs;
  return Micro;
}

static int memCurrentTimeInt64(sqlite3_vfs *Vfs, sqlite3_int64 *Out) {
  (void)Vfs;
  struct timeval Tv;
  gettimeofday(&Tv, 0);
  *Out = (sqlite3_int64)210866760000000LL + (sqlite3_int64)Tv.tv_sec * 1000 +
         Tv.tv_usec / 1000;
  return SQLITE_OK;
}

static int memCurrentTime(sqlite3_vfs *Vfs, double *Out) {
  sqlite3_int64 T;
  memCurrentTimeInt64(Vfs, &T);
  *Out = T / 86400000.0;
  return SQLITE_OK;
}

static int memGetLastError(sqlite3_vfs *Vfs, int N, char *Out) {
  (void)Vfs;
  if (N > 0)
    Out[0] = 0;
  return 0;
}

/* SQLITE_OS_OTHER: SQLite calls these at initialisation and shutdown. */
int sqlite3_os_init(void) { return sqlite3_vfs_register(&MemVfs, 1); }
int sqlite3_os_end(void) { return SQLITE_OK; }
