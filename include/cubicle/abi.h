/*===- cubicle/abi.h - The contract between gates and the runtime ---------===*\
 *
 * Everything that inline gates (emitted by the LLVM pass into cubicle code)
 * and the runtime must agree on: section names, the layout of cubicle
 * descriptors and per-thread records, flag bits and magic numbers.  This is
 * the one place that knows the gate ABI; the pass and the runtime both
 * include it.  Not part of the user-facing API (see cubicle.h).
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

/* Sections. */
#define CUBICLE_DESC_SECTION "cubicle_descs"
#define CUBICLE_TU_SECTION "cubicle_tus"
#define CUBICLE_ENTRY_SECTION "cubicle_entries"
#define CUBICLE_STATS_SECTION "cubicle_stats"

/* Symbol prefixes used by the pass. */
#define CUBICLE_DESC_PREFIX "__cubicle_desc."
#define CUBICLE_ENTRY_PREFIX "__cubicle_entry."
#define CUBICLE_STUB_PREFIX "__cubicle_stub."

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

/* Record page layout (byte offsets). */
#define CUBICLE_REC_SP 0 /* u64: stack top where the next entry starts */

/* PKRU bits for key k. */
#define CUBICLE_PKRU_AD(k) (1u << (2 * (k)))
#define CUBICLE_PKRU_WD(k) (1u << (2 * (k) + 1))

/* Limits. */
#define CUBICLE_MAX_CUBICLES 64
#define CUBICLE_RUNTIME_DESCS 32 /* descriptor pages the runtime reserves */

#endif /* CUBICLE_ABI_H */
