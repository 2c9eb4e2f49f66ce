#ifndef CTG_TESS_LOADER_H
#define CTG_TESS_LOADER_H

// Tesseract and Leptonica loaded at run time (dlopen) on the first page that needs OCR, not linked: loading
// them costs every process start about 17 ms (their static initialisers, OpenMP, their libraries), and OpenMP
// (libgomp, a dependency of Tesseract) reads OMP_THREAD_LIMIT only when it loads, so setting the limit just
// before loading it keeps Tesseract single-threaded without re-executing the process.
// The types and constants come from the headers; every function used goes through ctg_<name>.

#include <tesseract/capi.h>
#include <leptonica/allheaders.h>

/// Loads Tesseract (once, thread-safe). NULL on success, else a one-line reason (static storage).
const char *ctg_tess_load(void);
TessBaseAPI * ctg_TessBaseAPICreate(void);
void ctg_TessBaseAPIDelete(TessBaseAPI *handle);
BOOL ctg_TessBaseAPISetVariable(TessBaseAPI *handle, const char *name, const char *value);
int ctg_TessBaseAPIInit3(TessBaseAPI *handle, const char *datapath, const char *language);
void ctg_TessBaseAPISetPageSegMode(TessBaseAPI *handle, TessPageSegMode mode);
void ctg_TessBaseAPISetImage(TessBaseAPI *handle, const unsigned char *imagedata, int width, int height, int bytes_per_pixel, int bytes_per_line);
void ctg_TessBaseAPISetSourceResolution(TessBaseAPI *handle, int ppi);
int ctg_TessBaseAPIRecognize(TessBaseAPI *handle, ETEXT_DESC *monitor);
TessResultIterator * ctg_TessBaseAPIGetIterator(TessBaseAPI *handle);
int ctg_TessBaseAPIMeanTextConf(TessBaseAPI *handle);
void ctg_TessBaseAPIClear(TessBaseAPI *handle);
void ctg_TessBaseAPIEnd(TessBaseAPI *handle);
void ctg_TessDeleteText(const char *text);
BOOL ctg_TessPageIteratorIsAtBeginningOf(const TessPageIterator *handle, TessPageIteratorLevel level);
BOOL ctg_TessPageIteratorBoundingBox(const TessPageIterator *handle, TessPageIteratorLevel level, int *left, int *top, int *right, int *bottom);
void ctg_TessResultIteratorDelete(TessResultIterator *handle);
TessPageIterator * ctg_TessResultIteratorGetPageIterator(TessResultIterator *handle);
BOOL ctg_TessResultIteratorNext(TessResultIterator *handle, TessPageIteratorLevel level);
char * ctg_TessResultIteratorGetUTF8Text(const TessResultIterator *handle, TessPageIteratorLevel level);
float ctg_TessResultIteratorConfidence(const TessResultIterator *handle, TessPageIteratorLevel level);
ETEXT_DESC * ctg_TessMonitorCreate(void);
void ctg_TessMonitorDelete(ETEXT_DESC *monitor);
void ctg_TessMonitorSetDeadlineMSecs(ETEXT_DESC *monitor, int deadline);
PIX * ctg_pixCreate(l_int32 width, l_int32 height, l_int32 depth);
void ctg_pixDestroy(PIX **ppix);
l_int32 ctg_pixGetWidth(const PIX *pix);
l_int32 ctg_pixGetHeight(const PIX *pix);
l_int32 ctg_pixGetDepth(const PIX *pix);
l_int32 ctg_pixGetWpl(const PIX *pix);
l_uint32 * ctg_pixGetData(PIX *pix);
PIX * ctg_pixFindSkewAndDeskew(PIX *pixs, l_int32 redsearch, l_float32 *pangle, l_float32 *pconf);

#endif
