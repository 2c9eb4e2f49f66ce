#include "CTesseract.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static CTGTesseract table;
static void *handle;
static const CTGTesseract *loaded;
static char failure[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) {
    // RTLD_GLOBAL: OpenMP (libgomp, a dependency) is then found by name from the process, see OCRRuntime.
    const char *names[] = {"libtesseract.so.5", "libtesseract.so.4", "libtesseract.so"};
    void *lib = NULL;
    for (size_t i = 0; i < sizeof names / sizeof *names && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(failure, sizeof failure, "cannot load libtesseract (%s)", why ? why : "not found");
        return;
    }
    handle = lib;
    // Leptonica's functions are found through libtesseract's dependencies.
#define CTG_TESSERACT_LOAD(name) \
    if (!(table.name = (__typeof__(table.name))dlsym(lib, #name))) { \
        snprintf(failure, sizeof failure, "libtesseract has no %s", #name); \
        return; \
    }
    CTG_TESSERACT_FUNCTIONS(CTG_TESSERACT_LOAD)
#undef CTG_TESSERACT_LOAD
    loaded = &table;
}

const CTGTesseract *ctg_tesseract(const char **error) {
    pthread_once(&once, load);
    if (!loaded && error) *error = failure;
    return loaded;
}

void *ctg_tesseract_symbol(const char *name) {
    pthread_once(&once, load);
    return handle ? dlsym(handle, name) : NULL;
}
