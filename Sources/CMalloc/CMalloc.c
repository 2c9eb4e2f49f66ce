// The functions of this target are static inline in include/CMalloc.h; SwiftPM needs one source file.
#include "CMalloc.h"
