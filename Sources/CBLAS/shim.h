#ifndef ALPHARADAR_CBLAS_SHIM_H
#define ALPHARADAR_CBLAS_SHIM_H

// OpenBLAS's cblas.h; pkg-config "openblas" puts its directory on the include path.
#include <cblas.h>

// The scoring core's only other need from C: a prefetch hint, which Swift cannot spell. Histogram
// passes over a leaf's rows gather bins at known, scattered addresses; asking for them a few rows
// ahead hides the cache misses.
static inline void radar_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
