#include "CTessLoader.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __typeof__(&TessBaseAPICreate) p_TessBaseAPICreate;
static __typeof__(&TessBaseAPIDelete) p_TessBaseAPIDelete;
static __typeof__(&TessBaseAPISetVariable) p_TessBaseAPISetVariable;
static __typeof__(&TessBaseAPIInit3) p_TessBaseAPIInit3;
static __typeof__(&TessBaseAPISetPageSegMode) p_TessBaseAPISetPageSegMode;
static __typeof__(&TessBaseAPISetImage) p_TessBaseAPISetImage;
static __typeof__(&TessBaseAPISetSourceResolution) p_TessBaseAPISetSourceResolution;
static __typeof__(&TessBaseAPIRecognize) p_TessBaseAPIRecognize;
static __typeof__(&TessBaseAPIGetIterator) p_TessBaseAPIGetIterator;
static __typeof__(&TessBaseAPIMeanTextConf) p_TessBaseAPIMeanTextConf;
static __typeof__(&TessBaseAPIClear) p_TessBaseAPIClear;
static __typeof__(&TessBaseAPIEnd) p_TessBaseAPIEnd;
static __typeof__(&TessDeleteText) p_TessDeleteText;
static __typeof__(&TessPageIteratorIsAtBeginningOf) p_TessPageIteratorIsAtBeginningOf;
static __typeof__(&TessPageIteratorBoundingBox) p_TessPageIteratorBoundingBox;
static __typeof__(&TessResultIteratorDelete) p_TessResultIteratorDelete;
static __typeof__(&TessResultIteratorGetPageIterator) p_TessResultIteratorGetPageIterator;
static __typeof__(&TessResultIteratorNext) p_TessResultIteratorNext;
static __typeof__(&TessResultIteratorGetUTF8Text) p_TessResultIteratorGetUTF8Text;
static __typeof__(&TessResultIteratorConfidence) p_TessResultIteratorConfidence;
static __typeof__(&TessMonitorCreate) p_TessMonitorCreate;
static __typeof__(&TessMonitorDelete) p_TessMonitorDelete;
static __typeof__(&TessMonitorSetDeadlineMSecs) p_TessMonitorSetDeadlineMSecs;
static __typeof__(&pixCreate) p_pixCreate;
static __typeof__(&pixDestroy) p_pixDestroy;
static __typeof__(&pixGetWidth) p_pixGetWidth;
static __typeof__(&pixGetHeight) p_pixGetHeight;
static __typeof__(&pixGetDepth) p_pixGetDepth;
static __typeof__(&pixGetWpl) p_pixGetWpl;
static __typeof__(&pixGetData) p_pixGetData;
static __typeof__(&pixFindSkewAndDeskew) p_pixFindSkewAndDeskew;

static const char *load_error = "not loaded";
static char load_message[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *sym(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p && !load_message[0]) snprintf(load_message, sizeof load_message, "symbol %s missing from the Tesseract library", name);
    return p;
}

static void load(void) {
    // One OpenMP thread per Tesseract: pages already run in parallel, one engine per worker. OpenMP reads the
    // variable when it loads (just below, with Tesseract); a value set by the user is kept.
    setenv("OMP_THREAD_LIMIT", "1", 0);
#if defined(__APPLE__)
    static const char *names[] = {"libtesseract.5.dylib", "libtesseract.dylib", "/opt/homebrew/lib/libtesseract.dylib",
                                  "/usr/local/lib/libtesseract.dylib", NULL};
#else
    static const char *names[] = {"libtesseract.so.5", "libtesseract.so", NULL};
#endif
    void *lib = NULL;
    const char *first = NULL;
    for (int i = 0; names[i] && !lib; i++) {
        lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (!lib && !first) { const char *e = dlerror(); if (e) { snprintf(load_message, sizeof load_message, "%s", e); first = load_message; } }
    }
    if (!lib) {
        if (!first) snprintf(load_message, sizeof load_message, "libtesseract not found");
        load_error = load_message;
        return;
    }
    load_message[0] = 0;
    p_TessBaseAPICreate = (__typeof__(&TessBaseAPICreate))sym(lib, "TessBaseAPICreate");
    p_TessBaseAPIDelete = (__typeof__(&TessBaseAPIDelete))sym(lib, "TessBaseAPIDelete");
    p_TessBaseAPISetVariable = (__typeof__(&TessBaseAPISetVariable))sym(lib, "TessBaseAPISetVariable");
    p_TessBaseAPIInit3 = (__typeof__(&TessBaseAPIInit3))sym(lib, "TessBaseAPIInit3");
    p_TessBaseAPISetPageSegMode = (__typeof__(&TessBaseAPISetPageSegMode))sym(lib, "TessBaseAPISetPageSegMode");
    p_TessBaseAPISetImage = (__typeof__(&TessBaseAPISetImage))sym(lib, "TessBaseAPISetImage");
    p_TessBaseAPISetSourceResolution = (__typeof__(&TessBaseAPISetSourceResolution))sym(lib, "TessBaseAPISetSourceResolution");
    p_TessBaseAPIRecognize = (__typeof__(&TessBaseAPIRecognize))sym(lib, "TessBaseAPIRecognize");
    p_TessBaseAPIGetIterator = (__typeof__(&TessBaseAPIGetIterator))sym(lib, "TessBaseAPIGetIterator");
    p_TessBaseAPIMeanTextConf = (__typeof__(&TessBaseAPIMeanTextConf))sym(lib, "TessBaseAPIMeanTextConf");
    p_TessBaseAPIClear = (__typeof__(&TessBaseAPIClear))sym(lib, "TessBaseAPIClear");
    p_TessBaseAPIEnd = (__typeof__(&TessBaseAPIEnd))sym(lib, "TessBaseAPIEnd");
    p_TessDeleteText = (__typeof__(&TessDeleteText))sym(lib, "TessDeleteText");
    p_TessPageIteratorIsAtBeginningOf = (__typeof__(&TessPageIteratorIsAtBeginningOf))sym(lib, "TessPageIteratorIsAtBeginningOf");
    p_TessPageIteratorBoundingBox = (__typeof__(&TessPageIteratorBoundingBox))sym(lib, "TessPageIteratorBoundingBox");
    p_TessResultIteratorDelete = (__typeof__(&TessResultIteratorDelete))sym(lib, "TessResultIteratorDelete");
    p_TessResultIteratorGetPageIterator = (__typeof__(&TessResultIteratorGetPageIterator))sym(lib, "TessResultIteratorGetPageIterator");
    p_TessResultIteratorNext = (__typeof__(&TessResultIteratorNext))sym(lib, "TessResultIteratorNext");
    p_TessResultIteratorGetUTF8Text = (__typeof__(&TessResultIteratorGetUTF8Text))sym(lib, "TessResultIteratorGetUTF8Text");
    p_TessResultIteratorConfidence = (__typeof__(&TessResultIteratorConfidence))sym(lib, "TessResultIteratorConfidence");
    p_TessMonitorCreate = (__typeof__(&TessMonitorCreate))sym(lib, "TessMonitorCreate");
    p_TessMonitorDelete = (__typeof__(&TessMonitorDelete))sym(lib, "TessMonitorDelete");
    p_TessMonitorSetDeadlineMSecs = (__typeof__(&TessMonitorSetDeadlineMSecs))sym(lib, "TessMonitorSetDeadlineMSecs");
    p_pixCreate = (__typeof__(&pixCreate))sym(lib, "pixCreate");
    p_pixDestroy = (__typeof__(&pixDestroy))sym(lib, "pixDestroy");
    p_pixGetWidth = (__typeof__(&pixGetWidth))sym(lib, "pixGetWidth");
    p_pixGetHeight = (__typeof__(&pixGetHeight))sym(lib, "pixGetHeight");
    p_pixGetDepth = (__typeof__(&pixGetDepth))sym(lib, "pixGetDepth");
    p_pixGetWpl = (__typeof__(&pixGetWpl))sym(lib, "pixGetWpl");
    p_pixGetData = (__typeof__(&pixGetData))sym(lib, "pixGetData");
    p_pixFindSkewAndDeskew = (__typeof__(&pixFindSkewAndDeskew))sym(lib, "pixFindSkewAndDeskew");
    load_error = load_message[0] ? load_message : NULL;
}

const char *ctg_tess_load(void) {
    pthread_once(&once, load);
    return load_error;
}

TessBaseAPI * ctg_TessBaseAPICreate(void) { return p_TessBaseAPICreate(); }
void ctg_TessBaseAPIDelete(TessBaseAPI *handle) { p_TessBaseAPIDelete(handle); }
BOOL ctg_TessBaseAPISetVariable(TessBaseAPI *handle, const char *name, const char *value) { return p_TessBaseAPISetVariable(handle, name, value); }
int ctg_TessBaseAPIInit3(TessBaseAPI *handle, const char *datapath, const char *language) { return p_TessBaseAPIInit3(handle, datapath, language); }
void ctg_TessBaseAPISetPageSegMode(TessBaseAPI *handle, TessPageSegMode mode) { p_TessBaseAPISetPageSegMode(handle, mode); }
void ctg_TessBaseAPISetImage(TessBaseAPI *handle, const unsigned char *imagedata, int width, int height, int bytes_per_pixel, int bytes_per_line) { p_TessBaseAPISetImage(handle, imagedata, width, height, bytes_per_pixel, bytes_per_line); }
void ctg_TessBaseAPISetSourceResolution(TessBaseAPI *handle, int ppi) { p_TessBaseAPISetSourceResolution(handle, ppi); }
int ctg_TessBaseAPIRecognize(TessBaseAPI *handle, ETEXT_DESC *monitor) { return p_TessBaseAPIRecognize(handle, monitor); }
TessResultIterator * ctg_TessBaseAPIGetIterator(TessBaseAPI *handle) { return p_TessBaseAPIGetIterator(handle); }
int ctg_TessBaseAPIMeanTextConf(TessBaseAPI *handle) { return p_TessBaseAPIMeanTextConf(handle); }
void ctg_TessBaseAPIClear(TessBaseAPI *handle) { p_TessBaseAPIClear(handle); }
void ctg_TessBaseAPIEnd(TessBaseAPI *handle) { p_TessBaseAPIEnd(handle); }
void ctg_TessDeleteText(const char *text) { p_TessDeleteText(text); }
BOOL ctg_TessPageIteratorIsAtBeginningOf(const TessPageIterator *handle, TessPageIteratorLevel level) { return p_TessPageIteratorIsAtBeginningOf(handle, level); }
BOOL ctg_TessPageIteratorBoundingBox(const TessPageIterator *handle, TessPageIteratorLevel level, int *left, int *top, int *right, int *bottom) { return p_TessPageIteratorBoundingBox(handle, level, left, top, right, bottom); }
void ctg_TessResultIteratorDelete(TessResultIterator *handle) { p_TessResultIteratorDelete(handle); }
TessPageIterator * ctg_TessResultIteratorGetPageIterator(TessResultIterator *handle) { return p_TessResultIteratorGetPageIterator(handle); }
BOOL ctg_TessResultIteratorNext(TessResultIterator *handle, TessPageIteratorLevel level) { return p_TessResultIteratorNext(handle, level); }
char * ctg_TessResultIteratorGetUTF8Text(const TessResultIterator *handle, TessPageIteratorLevel level) { return p_TessResultIteratorGetUTF8Text(handle, level); }
float ctg_TessResultIteratorConfidence(const TessResultIterator *handle, TessPageIteratorLevel level) { return p_TessResultIteratorConfidence(handle, level); }
ETEXT_DESC * ctg_TessMonitorCreate(void) { return p_TessMonitorCreate(); }
void ctg_TessMonitorDelete(ETEXT_DESC *monitor) { p_TessMonitorDelete(monitor); }
void ctg_TessMonitorSetDeadlineMSecs(ETEXT_DESC *monitor, int deadline) { p_TessMonitorSetDeadlineMSecs(monitor, deadline); }
PIX * ctg_pixCreate(l_int32 width, l_int32 height, l_int32 depth) { return p_pixCreate(width, height, depth); }
void ctg_pixDestroy(PIX **ppix) { p_pixDestroy(ppix); }
l_int32 ctg_pixGetWidth(const PIX *pix) { return p_pixGetWidth(pix); }
l_int32 ctg_pixGetHeight(const PIX *pix) { return p_pixGetHeight(pix); }
l_int32 ctg_pixGetDepth(const PIX *pix) { return p_pixGetDepth(pix); }
l_int32 ctg_pixGetWpl(const PIX *pix) { return p_pixGetWpl(pix); }
l_uint32 * ctg_pixGetData(PIX *pix) { return p_pixGetData(pix); }
PIX * ctg_pixFindSkewAndDeskew(PIX *pixs, l_int32 redsearch, l_float32 *pangle, l_float32 *pconf) { return p_pixFindSkewAndDeskew(pixs, redsearch, pangle, pconf); }
