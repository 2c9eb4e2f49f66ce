#ifndef CTG_CTESSERACT_H
#define CTG_CTESSERACT_H
// Tesseract's C API and the Leptonica functions ctg uses, loaded with dlopen the first time a page needs OCR
// instead of linked: libtesseract pulls in some forty libraries (curl, archive, NSS, Kerberos…) and runs its
// static initialisers at every start (about 14 ms), which a run on text dumps or digital PDFs never needs, and
// ctg still runs (without OCR) where Tesseract is not installed.
// Only the headers are needed at build time (libtesseract-dev, libleptonica-dev). Each function pointer has the
// exact type of the header's declaration (__typeof__), so a signature cannot drift.
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>

#define CTG_TESSERACT_FUNCTIONS(X) \
    X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit3) X(TessBaseAPIEnd) X(TessBaseAPIClear) \
    X(TessBaseAPISetPageSegMode) X(TessBaseAPISetVariable) X(TessBaseAPISetImage) X(TessBaseAPISetSourceResolution) \
    X(TessBaseAPIRecognize) X(TessBaseAPIMeanTextConf) X(TessBaseAPIGetIterator) X(TessDeleteText) \
    X(TessMonitorCreate) X(TessMonitorDelete) X(TessMonitorSetDeadlineMSecs) \
    X(TessResultIteratorDelete) X(TessResultIteratorGetPageIterator) X(TessResultIteratorGetUTF8Text) \
    X(TessResultIteratorConfidence) X(TessResultIteratorNext) \
    X(TessPageIteratorBoundingBox) X(TessPageIteratorIsAtBeginningOf) \
    X(pixCreate) X(pixDestroy) X(pixFindSkewAndDeskew) X(pixGetData) X(pixGetDepth) X(pixGetWidth) \
    X(pixGetHeight) X(pixGetWpl)

#define CTG_TESSERACT_FIELD(name) __typeof__(&name) name;
/// The loaded functions, under their own names.
typedef struct CTGTesseract {
    CTG_TESSERACT_FUNCTIONS(CTG_TESSERACT_FIELD)
} CTGTesseract;
#undef CTG_TESSERACT_FIELD

/// Loads libtesseract (and, through it, Leptonica) once, thread-safely. Returns the functions, or NULL with
/// `*error` set to a message when the library or one of the functions cannot be found.
const CTGTesseract *ctg_tesseract(const char **error);

/// A symbol of libtesseract or of the libraries it depends on (OpenMP's, say), loading it first; NULL if absent.
void *ctg_tesseract_symbol(const char *name);

#endif
