#ifndef ALPHARADAR_CBLAS_SHIM_H
#define ALPHARADAR_CBLAS_SHIM_H

// OpenBLAS's cblas.h; pkg-config "openblas" puts its directory on the include path.
#include <cblas.h>

#endif
