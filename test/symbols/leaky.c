/* The negative control of the symbol check: an archive with one name of
 * the kind the runtime must not export. */
int cubicle_fine(void) { return 1; }
int leaky_helper(void) { return 2; }
