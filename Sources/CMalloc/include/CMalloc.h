#ifndef CTG_CMALLOC_H
#define CTG_CMALLOC_H
// glibc's malloc tuning (mallopt), which the Swift Glibc module does not export.
#include <stdlib.h> // defines __GLIBC__ on glibc
#if defined(__GLIBC__)
#include <malloc.h>
/// Limits the number of malloc arenas (M_ARENA_MAX); returns 1 on success, 0 if not supported.
static inline int ctg_limit_malloc_arenas(int n) { return mallopt(M_ARENA_MAX, n); }
#else
static inline int ctg_limit_malloc_arenas(int n) { (void)n; return 0; }
#endif
#endif
