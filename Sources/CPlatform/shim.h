// C declarations the CLI needs beyond Foundation: glibc's malloc options (mallopt).
#include <stdlib.h>  /* defines __GLIBC__ on glibc systems */
#if defined(__GLIBC__)
#include <malloc.h>
#endif
