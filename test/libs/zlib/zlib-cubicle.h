/*===- zlib-cubicle.h - zlib 1.2.13's API as cubicles see it --------------===*\
 *
 * The whole port of zlib to a cubicle of its own: force-included (-include)
 * into zlib's sources and into the programs that call it; neither is
 * edited.  Declarations and annotations only.
 *
 * - A z_stream is the caller's and zlib keeps its address (its state points
 *   back at it and deflate/inflate refuse a stream that moved): every call
 *   that takes one lends it as a kept window, and deflateEnd/inflateEnd
 *   end it.  Its next_in/next_out buffers are field windows, lent with the
 *   stream at every call for avail_in/avail_out bytes; zlib moves them and
 *   the caller sees them moved in its own buffers.
 * - Buffers passed with their length are windows; compress's dest is sized
 *   by what destLen points at.
 * - Strings zlib returns (versions, messages) are result windows.
 * - A gzFile is zlib's memory, passed back as a handle.  zlib.h's gzgetc
 *   macro reads the gzFile's first fields in the caller; the function it
 *   falls back on does the same inside zlib, so the macro goes.
 *
 * Without the plugin every annotation is empty: the same sources build the
 * plain library the tests compare against.
\*===----------------------------------------------------------------------===*/
#ifndef ZLIB_CUBICLE_H
#define ZLIB_CUBICLE_H

#include <cubicle/cubicle.h>

#include "zlib.h"

#undef gzgetc

CUBICLE_FIELD_WINDOW_IN(z_stream, next_in, avail_in);
CUBICLE_FIELD_WINDOW(z_stream, next_out, avail_out);

#define ZS_ CUBICLE_WINDOW_KEPT(sizeof(z_stream)) /* a stream in use */
#define ZE_ CUBICLE_WINDOW_END(sizeof(z_stream))  /* its last call */
#define GZ_ CUBICLE_NO_WINDOW                     /* zlib's handle */
#define CSTR_ CUBICLE_WINDOW_CSTR

const char *zlibVersion(void) CUBICLE_RESULT_CSTR;
const char *zError(int) CUBICLE_RESULT_CSTR;
const z_crc_t *get_crc_table(void) CUBICLE_RESULT(256 * sizeof(z_crc_t));

/* Streams. */
int deflateInit_(z_streamp strm ZS_, int level, const char *version CSTR_,
                 int stream_size);
int deflateInit2_(z_streamp strm ZS_, int level, int method, int windowBits,
                  int memLevel, int strategy, const char *version CSTR_,
                  int stream_size);
int deflate(z_streamp strm ZS_, int flush);
int deflateEnd(z_streamp strm ZE_);
int deflateSetDictionary(z_streamp strm ZS_,
                         const Bytef *dictionary CUBICLE_WINDOW_IN(dictLength),
                         uInt dictLength);
int deflateCopy(z_streamp dest ZS_, z_streamp source ZS_);
int deflateReset(z_streamp strm ZS_);
int deflateParams(z_streamp strm ZS_, int level, int strategy);
int deflateTune(z_streamp strm ZS_, int good_length, int max_lazy,
                int nice_length, int max_chain);
uLong deflateBound(z_streamp strm ZS_, uLong sourceLen);
int deflatePending(z_streamp strm ZS_,
                   unsigned *pending CUBICLE_WINDOW(sizeof(unsigned)),
                   int *bits CUBICLE_WINDOW(sizeof(int)));
int deflatePrime(z_streamp strm ZS_, int bits, int value);
int inflateInit_(z_streamp strm ZS_, const char *version CSTR_,
                 int stream_size);
int inflateInit2_(z_streamp strm ZS_, int windowBits,
                  const char *version CSTR_, int stream_size);
int inflate(z_streamp strm ZS_, int flush);
int inflateEnd(z_streamp strm ZE_);
int inflateSetDictionary(z_streamp strm ZS_,
                         const Bytef *dictionary CUBICLE_WINDOW_IN(dictLength),
                         uInt dictLength);
int inflateSync(z_streamp strm ZS_);
int inflateCopy(z_streamp dest ZS_, z_streamp source ZS_);
int inflateReset(z_streamp strm ZS_);
int inflateReset2(z_streamp strm ZS_, int windowBits);
int inflatePrime(z_streamp strm ZS_, int bits, int value);
long inflateMark(z_streamp strm ZS_);

/* One-shot buffers. */
int compress(Bytef *dest CUBICLE_WINDOW(*destLen),
             uLongf *destLen CUBICLE_WINDOW(sizeof(uLongf)),
             const Bytef *source CUBICLE_WINDOW_IN(sourceLen),
             uLong sourceLen);
int compress2(Bytef *dest CUBICLE_WINDOW(*destLen),
              uLongf *destLen CUBICLE_WINDOW(sizeof(uLongf)),
              const Bytef *source CUBICLE_WINDOW_IN(sourceLen),
              uLong sourceLen, int level);
int uncompress(Bytef *dest CUBICLE_WINDOW(*destLen),
               uLongf *destLen CUBICLE_WINDOW(sizeof(uLongf)),
               const Bytef *source CUBICLE_WINDOW_IN(sourceLen),
               uLong sourceLen);
int uncompress2(Bytef *dest CUBICLE_WINDOW(*destLen),
                uLongf *destLen CUBICLE_WINDOW(sizeof(uLongf)),
                const Bytef *source CUBICLE_WINDOW_IN(*sourceLen),
                uLong *sourceLen CUBICLE_WINDOW(sizeof(uLong)));
uLong adler32(uLong adler, const Bytef *buf CUBICLE_WINDOW_IN(len), uInt len);
uLong adler32_z(uLong adler, const Bytef *buf CUBICLE_WINDOW_IN(len),
                z_size_t len);
uLong crc32(uLong crc, const Bytef *buf CUBICLE_WINDOW_IN(len), uInt len);
uLong crc32_z(uLong crc, const Bytef *buf CUBICLE_WINDOW_IN(len),
              z_size_t len);

/* Gzip files. */
gzFile gzopen(const char *path CSTR_, const char *mode CSTR_);
gzFile gzdopen(int fd, const char *mode CSTR_);
int gzbuffer(gzFile file GZ_, unsigned size);
int gzsetparams(gzFile file GZ_, int level, int strategy);
int gzread(gzFile file GZ_, voidp buf CUBICLE_WINDOW(len), unsigned len);
z_size_t gzfread(voidp buf CUBICLE_WINDOW(size * nitems), z_size_t size,
                 z_size_t nitems, gzFile file GZ_);
int gzwrite(gzFile file GZ_, voidpc buf CUBICLE_WINDOW_IN(len), unsigned len);
z_size_t gzfwrite(voidpc buf CUBICLE_WINDOW_IN(size * nitems), z_size_t size,
                  z_size_t nitems, gzFile file GZ_);
int gzprintf(gzFile file GZ_, const char *format CUBICLE_WINDOW_FORMAT, ...);
int gzputs(gzFile file GZ_, const char *s CSTR_);
char *gzgets(gzFile file GZ_, char *buf CUBICLE_WINDOW(len), int len);
int gzputc(gzFile file GZ_, int c);
int gzgetc(gzFile file GZ_);
int gzgetc_(gzFile file GZ_);
int gzungetc(int c, gzFile file GZ_);
int gzflush(gzFile file GZ_, int flush);
z_off_t gzseek(gzFile file GZ_, z_off_t offset, int whence);
int gzrewind(gzFile file GZ_);
z_off_t gztell(gzFile file GZ_);
z_off_t gzoffset(gzFile file GZ_);
int gzeof(gzFile file GZ_);
int gzdirect(gzFile file GZ_);
int gzclose(gzFile file GZ_);
int gzclose_r(gzFile file GZ_);
int gzclose_w(gzFile file GZ_);
const char *gzerror(gzFile file GZ_, int *errnum CUBICLE_WINDOW(sizeof(int)))
    CUBICLE_RESULT_CSTR;
void gzclearerr(gzFile file GZ_);

#undef ZS_
#undef ZE_
#undef GZ_
#undef CSTR_

#endif
