/*===- cubicle/abi.h - The contract between gates and the runtime ---------===*\
 *
 * Everything that inline gates (emitted by the LLVM pass into cubicle code)
 * and the runtime must agree on: section names, the layout of cubicle
 * descriptors and per-thread records, flag bits and magic numbers.  This is
 * the one place that knows the gate ABI; the pass and the runtime both
 * include it, and so does runtime/Switch.S: it holds macros only.  Not
 * part of the user-facing API (see cubicle.h).
 *
 * Descriptor pages.  Every cubicle has a 4 KiB descriptor page in the section
 * CUBICLE_DESC_SECTION.  The pass emits one per cubicle name as a COMDAT
 * global named CUBICLE_DESC_PREFIX<name>; the runtime reserves a few more for
 * cubicles created at run time.  The runtime fills in the PKRU value and the
 * flags at start-up and then makes the pages read-only to every cubicle.
 *
 * Record pages.  Each thread has a "mirror" of the descriptor section: one
 * page per descriptor, at the same offset from the thread's mirror base as the
 * descriptor is from the section start.  The thread's GS base is set to
 * (mirror base - section start), so `%gs:desc(%rip)` addresses the calling
 * thread's record for that cubicle with one instruction.  A record page
 * carries the key of its cubicle: only that cubicle can write it, which is
 * what makes the saved stack pointers trustworthy.
\*===----------------------------------------------------------------------===*/
#ifndef CUBICLE_ABI_H
#define CUBICLE_ABI_H

#define CUBICLE_ABI_VERSION 1

#define CUBICLE_PAGE_SIZE 4096

/* Entry records (read-only): where a function's cubicle and body are. */
#define CUBICLE_ENTRY_DESC 0        /* ptr: descriptor of its cubicle */
#define CUBICLE_ENTRY_BODY 8        /* ptr: the function's body */
#define CUBICLE_ENTRY_STUB 16       /* ptr: its entry stub */
#define CUBICLE_ENTRY_STACK_ARGS 24 /* u64: bytes of stack arguments */
#define CUBICLE_ENTRY_WINDOWS 32    /* const u8 *: window spec, or null */
#define CUBICLE_ENTRY_SIZE 40

/* A window spec: which parameters a call through an entry stub lends, and
 * how much.  The pass compiles it from the CUBICLE_WINDOW annotations (and
 * struct returns through memory) into this binary form; the runtime only
 * evaluates it, per call, and never parses text.  Little-endian:
 *
 *   header (CUBICLE_WSPEC_HEADER bytes):
 *     +0 u8 CUBICLE_WSPEC_VERSION
 *     +1 u8 number of parameters P   (<= CUBICLE_WSPEC_MAX_PARAMS)
 *     +2 u8 number of windows W      (<= CUBICLE_WSPEC_MAX_WINDOWS)
 *     +3 u8 number of ops N          (<= CUBICLE_WSPEC_MAX_OPS)
 *     +4 u32 zero
 *   P parameter locations, u16 each: kind << 14 | value, kind
 *     CUBICLE_WLOC_NONE (not an integer), CUBICLE_WLOC_REG (value: the
 *     integer argument register, 0-5: RDI RSI RDX RCX R8 R9),
 *     CUBICLE_WLOC_STACK (value: byte offset among the stack arguments);
 *   W windows, CUBICLE_WSPEC_WINDOW_BYTES each, starting at
 *     CUBICLE_WSPEC_WINDOWS(P):
 *     +0 u8 parameter (CUBICLE_WSPEC_RESULT: the returned pointer, lent to
 *        the caller; with CUBICLE_WFLAG_FIELD: the index of the earlier
 *        window, over a struct, whose pointer field this window lends)
 *     +1 u8 CUBICLE_WKIND_*
 *     +2 u8 first op, +3 u8 end op (its size expression is ops [first,
 *        end), empty for strings)
 *     +4 u8 CUBICLE_WFLAG_* bits, +5 u8 zero
 *     +6 u16 with CUBICLE_WFLAG_FIELD: the pointer field's byte offset in
 *        that struct;
 *   N ops, u64 each: opcode << 56 | operand, starting at
 *     CUBICLE_WSPEC_OPS(P, W) (8-aligned).  PARAM pushes parameter
 *     <operand>, CONST pushes <operand> (below 2^56), FIELD pushes the
 *     unsigned integer field (operand: width << 16 | byte offset) of the
 *     struct a field window's parent lends, as the caller has it; LOAD
 *     pops an address and pushes the unsigned integer of <operand> bytes
 *     the caller has there (a size passed by pointer, as in *destLen),
 *     refusing the window if the caller cannot read it; the others pop b
 *     then a and push a op b; any overflow, division by zero or shift of
 *     64 or more refuses the window. */
#define CUBICLE_WSPEC_VERSION 2
#define CUBICLE_WSPEC_HEADER 8
#define CUBICLE_WSPEC_MAX_PARAMS 16
#define CUBICLE_WSPEC_MAX_WINDOWS 8
#define CUBICLE_WSPEC_MAX_OPS 32
#define CUBICLE_WSPEC_RESULT 0xff
#define CUBICLE_WSPEC_WINDOW_BYTES 8
#define CUBICLE_WSPEC_WINDOWS(P) (CUBICLE_WSPEC_HEADER + 2 * (P))
#define CUBICLE_WSPEC_OPS(P, W)                                                \
  ((CUBICLE_WSPEC_WINDOWS(P) + CUBICLE_WSPEC_WINDOW_BYTES * (W) + 7) & ~7)
#define CUBICLE_WSPEC_SIZE(P, W, N) (CUBICLE_WSPEC_OPS(P, W) + 8 * (N))

#define CUBICLE_WLOC_NONE 0
#define CUBICLE_WLOC_REG 1
#define CUBICLE_WLOC_STACK 2
#define CUBICLE_WLOC_SHIFT 14

#define CUBICLE_WKIND_READ 1   /* read-only: copied in */
#define CUBICLE_WKIND_WRITE 2  /* read-write: copied in and back */
#define CUBICLE_WKIND_STRING 3 /* NUL-terminated, read-only */
/* A printf format, the last parameter before the variadic ones: the format
 * and each string its %s conversions take are lent read-only, and the
 * stack arguments it consumes copied (runtime/windows/FormatArgs.cpp). */
#define CUBICLE_WKIND_FORMAT 4
/* A NULL-terminated array of NUL-terminated strings (argv, expat's
 * attributes), read-only: the array and every string are copied. */
#define CUBICLE_WKIND_STRV 5
/* Ownership crossing the call (runtime/windows/OwnedBlocks.cpp): on the
 * result, a block of <size> bytes (or a NUL-terminated string) the callee
 * hands the caller, who gets a block of its own with those bytes; on a
 * parameter (no size), a block handed over before and now given back. */
#define CUBICLE_WKIND_OWNED 6
#define CUBICLE_WKIND_OWNED_STRING 7
#define CUBICLE_WKIND_RELEASED 8
/* An opaque handle whose first <size> bytes the other side may read (a
 * header's macro reads them: expat's XML_GetUserData).  Crossing from its
 * owner it becomes a proxy in the other side's memory holding a copy of
 * those bytes; crossing back, the handle again (OwnedBlocks.cpp).  With
 * CUBICLE_WFLAG_END on a parameter, the proxy is dropped after the call. */
#define CUBICLE_WKIND_HANDLE 9
/* On the result: an array of <size>-byte elements ending with an all-zero
 * one (a feature table), copied read-only up to and including it. */
#define CUBICLE_WKIND_ZARRAY 10
/* On a parameter: the caller's heap block the pointer points into is
 * handed over to the callee (expat's content model, which the handler
 * frees through the library): a block of the callee's with its bytes,
 * pointers into itself rebased; no size. */
#define CUBICLE_WKIND_GIVEN 11
/* A pointer field (with CUBICLE_WFLAG_FIELD) pointing into the window of
 * another parameter, whose index is the one PARAM op (an end pointer, as
 * strtol's endptr): the callee sees it point into that window's copy, the
 * caller gets it back pointing into its memory. */
#define CUBICLE_WKIND_INTO 12
/* As a field at offset 0 of a pointer-sized read-write window (a char **
 * out-parameter, sqlite3_exec's errmsg), CUBICLE_WKIND_OWNED_STRING: the
 * string the callee stored there when the call returns is handed over as
 * a result of that kind is. */
/* On a handle parameter (no size): after the call, every kept window tied
 * to that handle (CUBICLE_WFLAG_TIED) is dropped: a statement's reset. */
#define CUBICLE_WKIND_DROPS 13

/* The callee keeps the pointer: every call lending the same range gives it
 * the same copy (kept windows, runtime/windows/KeptWindows.cpp). */
#define CUBICLE_WFLAG_KEPT 1
/* ... and this call is the last: the copy (or a handle's proxy) is dropped
 * after it. */
#define CUBICLE_WFLAG_END 2
/* A pointer field of the struct another window lends. */
#define CUBICLE_WFLAG_FIELD 4
/* On a handle: user data passed through, not always a handle; only one
 * that already has a proxy on the other side crosses as it. */
#define CUBICLE_WFLAG_USER_DATA 8
/* On a kept window: it lives with the handle in the parameter whose index
 * is in the field-offset bytes, until a call dropping that handle's
 * (CUBICLE_WKIND_DROPS), not until a call ending it. */
#define CUBICLE_WFLAG_TIED 16
/* On a format window: SQLite's dialect (%q, %Q, %w; runtime/windows/
 * FormatArgs.cpp). */
#define CUBICLE_WFLAG_SQLITE_FORMAT 32
/* On a format window: its arguments are a va_list, the next parameter
 * (vprintf), which the callee gets rebuilt in its own memory. */
#define CUBICLE_WFLAG_VA_LIST 64

#define CUBICLE_WOP_PARAM 0
#define CUBICLE_WOP_CONST 1
#define CUBICLE_WOP_ADD 2
#define CUBICLE_WOP_SUB 3
#define CUBICLE_WOP_MUL 4
#define CUBICLE_WOP_DIV 5
#define CUBICLE_WOP_REM 6
#define CUBICLE_WOP_SHL 7
#define CUBICLE_WOP_SHR 8
#define CUBICLE_WOP_FIELD 9
#define CUBICLE_WOP_LOAD 10
/* Pops a signed integer of <operand> bytes (4 or 8): pushes it if it is not
 * negative, else the size of the NUL-terminated string the window's
 * pointer points at, NUL included (SQLite's n < 0). */
#define CUBICLE_WOP_LEN_OR_CSTR 11
/* Pushes what the function's size function returned (a result's window
 * only, read when the call returns: CUBICLE_RESULT_SIZED_BY; the entry's
 * body returns it in RDX). */
#define CUBICLE_WOP_SIZED 12
#define CUBICLE_WOP_SHIFT 56

/* Entry stubs carry prefix data just before their first instruction: the
 * magic, then the offset of their entry record from the stub (an offset,
 * so that position-independent code needs no text relocation).  A call
 * through a pointer into cubicle code is allowed only to an address p with
 *   ((u64 *)p)[-2] == CUBICLE_STUB_MAGIC and record(p)->stub == p,
 * where record(p) = p + ((i64 *)p)[-1]. */
#define CUBICLE_STUB_MAGIC 0x43554249454e5452ull /* "RTNEIBUC" */

/* Sections. */
#define CUBICLE_TEXT_SECTION "cubicle_text"
#define CUBICLE_DESC_SECTION "cubicle_descs"
#define CUBICLE_TU_SECTION "cubicle_tus"
#define CUBICLE_ENTRY_SECTION "cubicle_entries"
#define CUBICLE_STATS_SECTION "cubicle_stats"

/* Symbols the pass emits.
 *   __cubicle_desc.<cubicle>   descriptor page (COMDAT)
 *   __cubicle_entry.<function> read-only entry record (layout below) of a
 *                              function the TU exports; callers define a
 *                              weak fallback whose descriptor is a sentinel
 *                              (flags CUBICLE_DF_UNINSTRUMENTED, id ~0), so
 *                              the linker picks the definer's when there is
 *                              one
 *   __cubicle_body.<function>  an exported function's body; the function's
 *                              own name becomes its entry stub
 *   __cubicle_stub.<function>  entry stub of a static address-taken function
 * The trusted base's descriptor is __cubicle_desc_trusted (the runtime's).
 * Entry records live in RELRO; the runtime makes RELRO read-only at start-up
 * where no loader does (static executables). */
#define CUBICLE_DESC_PREFIX "__cubicle_desc."
#define CUBICLE_ENTRY_PREFIX "__cubicle_entry."
#define CUBICLE_ENTRY_LOCAL_PREFIX "__cubicle_entry_local."
#define CUBICLE_BODY_PREFIX "__cubicle_body."
#define CUBICLE_STUB_PREFIX "__cubicle_stub."
#define CUBICLE_TRUSTED_DESC "__cubicle_desc_trusted"
/* More names the pass gives what it makes:
 *   __cubicle_main.<cubicle>   a cubicle's main; "main" becomes the gate
 *                              into it from the trusted base
 *   __cubicle_init.<function>  the same for a constructor or destructor
 *   __cubicle_redirect.<cubicle>.<function>  a redirected function's
 *                              address (AllocRedirect.cpp; redirects.def) */
#define CUBICLE_MAIN_PREFIX "__cubicle_main."
#define CUBICLE_INIT_PREFIX "__cubicle_init."
#define CUBICLE_REDIRECT_PREFIX "__cubicle_redirect."
/* Sections of a cubicle's global blocks: <prefix><cubicle>. */
#define CUBICLE_RW_SECTION_PREFIX "cubicle_rw_"
#define CUBICLE_RO_SECTION_PREFIX "cubicle_ro_"

/* Names beginning with this are Cubicle's (the runtime's ABI, and what the
 * pass makes); the pass leaves functions and globals so named alone. */
#define CUBICLE_RESERVED_PREFIX "__cubicle"
/* The public API's prefix (cubicle.h). */
#define CUBICLE_API_PREFIX "cubicle_"

/* Runtime symbols generated code refers to. */
#define CUBICLE_THREAD_PAGES_SYMBOL "__cubicle_thread_pages"
#define CUBICLE_STUB_ENTER_SYMBOL "__cubicle_stub_enter"
#define CUBICLE_STUB_MAGIC_SYMBOL "__cubicle_stub_magic"
#define CUBICLE_BAD_INDIRECT_CALL_SYMBOL "__cubicle_bad_indirect_call"
#define CUBICLE_UNSUPPORTED_CALL_SYMBOL "__cubicle_unsupported_call"

/* Descriptor page layout (byte offsets). */
#define CUBICLE_DESC_PKRU 0   /* u32: PKRU while running in this cubicle */
#define CUBICLE_DESC_FLAGS 4  /* u32: CUBICLE_DF_* */
#define CUBICLE_DESC_ID 8     /* u32: cubicle id, set by the runtime */
#define CUBICLE_DESC_MAGIC 12 /* u32: CUBICLE_DESC_MAGIC_VALUE */
#define CUBICLE_DESC_NAME 16  /* char[CUBICLE_NAME_MAX] */
#define CUBICLE_NAME_MAX 48

#define CUBICLE_DESC_MAGIC_VALUE 0x49425543u /* "CUBI" */

/* Descriptor flags. */
/* The switch into this cubicle is not a plain WRPKRU: the gate calls
 * __cubicle_switch_slow (backends none and mprotect, and cubicles beyond the
 * hardware keys on mpk). */
#define CUBICLE_DF_SLOW 0x1u
/* The switch needs the runtime (mprotect, and virtual cubicles on mpk): the
 * gate calls __cubicle_gate_switch / __cubicle_gate_complete. */
#define CUBICLE_DF_RUNTIME 0x2u
/* The sentinel descriptor: the function is not in any cubicle. */
#define CUBICLE_DF_UNINSTRUMENTED 0x4u

/* Record page layout (byte offsets). */
#define CUBICLE_REC_SP 0     /* u64: stack top where the next entry starts */
#define CUBICLE_REC_SECRET 8 /* u64: random; proves the caller's rights */
#define CUBICLE_REC_TOKEN 16 /* u64: one-shot token of the monitor exit */

/* The gate frame a caller pushes on its own stack before leaving it; its
 * record's SP points at the frame while the call is out. */
#define CUBICLE_FRAME_COOKIE 0  /* address of the call site's return label */
#define CUBICLE_FRAME_OLD_SP 8  /* the record's SP before this call */
#define CUBICLE_FRAME_RBP 16    /* the caller's frame pointer */
#define CUBICLE_FRAME_ARGS 24   /* calls with stack arguments: their block */

/* Thread-state offsets that generated code and Switch.S use (through %gs
 * and __cubicle_thread_pages); the runtime's ThreadState is checked
 * against them (runtime/threads/ThreadState.h). */
#define CUBICLE_TS_EXIT_PKRU 8  /* u32: the PKRU the next monitor exit writes */
#define CUBICLE_TS_CURRENT 18   /* u16: current cubicle id (none backend) */
#define CUBICLE_TS_EXIT_DESC 24 /* ptr: whose record holds the exit token */

/* Per-TU record (CUBICLE_TU_SECTION), emitted by the pass:
 *   u32 magic, u32 abi version, ptr descriptor,
 *   ptr rw begin, ptr rw end, ptr ro begin, ptr ro end, ptr source name.
 * The blocks are page-aligned and page-padded. */

/* Per-call-site counter (CUBICLE_STATS_SECTION): ptr caller descriptor,
 * ptr the callee's entry record (or descriptor, see below), u64 count, u64
 * kind: 0 the second field is a descriptor, 1 an entry record. */

/* PKRU bits for key k. */
#define CUBICLE_PKRU_AD(k) (1u << (2 * (k)))
#define CUBICLE_PKRU_WD(k) (1u << (2 * (k) + 1))

/* Limits. */
#define CUBICLE_MAX_CUBICLES 64
#define CUBICLE_RUNTIME_DESCS 32 /* descriptor pages the runtime reserves */

#endif /* CUBICLE_ABI_H */
