/*===- lib.c - Cubicle "lib": computations and callbacks --------------------===*/
struct big { long a, b, c; };
struct pair { long lo, hi; };

long lib_many(long a, long b, long c, long d, long e, long f, long g,
              struct big h) {
  return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g +
         100 * h.a + 1000 * h.b + 10000 * h.c;
}

double lib_mix(float x, double y, int z) { return x * y + z; }

struct pair lib_split(long v) {
  struct pair p = {v & 0xffff, v >> 16};
  return p;
}

/* Calls back into whoever passed the function. */
int lib_apply(int (*fn)(int), int x) { return fn(x) + fn(x + 1); }

/* A callback of lib's own, handed out. */
static int lib_double(int x) { return 2 * x; }
int (*lib_callback(void))(int) { return lib_double; }

/* Calls through a pointer it is given (the attacker's target). */
int lib_call(int (*fn)(int), int x) { return fn(x); }

/* A struct returned through memory. */
struct quad { long a, b, c, d; };
struct quad lib_quad(long x) {
  struct quad q = {x, x + 1, x + 2, x + 3};
  return q;
}
