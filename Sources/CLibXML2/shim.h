#ifndef AIDLEDGER_CLIBXML2_SHIM_H
#define AIDLEDGER_CLIBXML2_SHIM_H
// libxml2 (Debian: libxml2-dev; pkg-config libxml-2.0): the HTML parser for pages, the XML
// parser for feeds. Only the AidInput target imports this module.
// Debian builds libxml2 with ICU, so <libxml/encoding.h> would pull in the system's
// <unicode/ucnv.h>, whose `enum UErrorCode` clashes with the ICU copy inside Swift's Foundation
// (`_FoundationICU`): a clean build then fails in every file that imports both. ICU only adds two
// trailing pointers to `xmlCharEncodingHandler`, a struct this project never allocates or reads,
// so the headers are read with ICU switched off; the library's ABI is untouched.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/entities.h>
#include <libxml/xmlerror.h>
#include <iconv.h>

// A loader for external entities and DTDs that loads nothing (no file, no network): feeds are
// parsed without XML_PARSE_NOENT and XML_PARSE_DTDLOAD as well, so an XXE attempt reads nothing.
static inline xmlParserInputPtr aidledger_no_external_entity(const char *url, const char *id,
                                                             xmlParserCtxtPtr ctxt) {
    (void)url; (void)id; (void)ctxt;
    return NULL;
}

static inline void aidledger_libxml2_init(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(aidledger_no_external_entity);
}
#endif
