// Debian's libxml2 is built with ICU; its encoding.h would pull ICU's headers, which clash with
// the copy Foundation ships. We never touch the ICU converter fields, so hide them.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/parser.h>
