/*===- expat-cubicle.h - expat 2.5.0's API as cubicles see it -------------===*\
 *
 * The port of expat to a cubicle of its own: force-included (-include) into
 * expat's sources and into the programs that call it; neither is edited.
 * Declarations and annotations only.
 *
 * - An XML_Parser is expat's memory, passed back as a handle whose first
 *   word the caller reads (XML_GetUserData is a macro that does): the
 *   caller holds a proxy with a copy of it.  Content models are expat's
 *   memory too, passed to XML_FreeContentModel.
 * - Documents passed with their length are read-only windows; strings
 *   (encodings, bases, separators) are string windows.
 * - Handlers get expat's buffers: the windows are written once, on the
 *   handler typedefs repeated here (C allows a typedef twice), and go to
 *   every handler registered as one.  Names, URIs and values are strings,
 *   character data a buffer sized by its length, attributes a string
 *   array; an unknown-encoding handler fills in expat's XML_Encoding.
 * - Strings expat returns (versions, error messages, the base) are result
 *   windows; XML_MemMalloc's blocks change owner, and so do the blocks a
 *   caller's allocator (XML_ParserCreate_MM) allocates for expat.
 *
 * Without the plugin every annotation is empty: the same sources build the
 * plain library the tests compare against.
\*===----------------------------------------------------------------------===*/
#ifndef EXPAT_CUBICLE_H
#define EXPAT_CUBICLE_H

#include <cubicle/cubicle.h>

#include "expat.h"

#define P_ CUBICLE_HANDLE(sizeof(void *))          /* expat's parser */
#define PNEW_ CUBICLE_RESULT_HANDLE(sizeof(void *)) /* ...made */
#define PEND_ CUBICLE_HANDLE_END(sizeof(void *))    /* ...freed */
#define UD_ CUBICLE_USER_DATA /* the user's data (or the parser) */
#define M_ CUBICLE_WINDOW_GIVEN /* a content model, handed over */
#define CSTR_ CUBICLE_WINDOW_CSTR

/* Handlers. */
typedef void(XMLCALL *XML_ElementDeclHandler)(void *userData UD_,
                                              const XML_Char *name CSTR_,
                                              XML_Content *model M_);
typedef void(XMLCALL *XML_AttlistDeclHandler)(
    void *userData UD_, const XML_Char *elname CSTR_,
    const XML_Char *attname CSTR_, const XML_Char *att_type CSTR_,
    const XML_Char *dflt CSTR_, int isrequired);
typedef void(XMLCALL *XML_XmlDeclHandler)(void *userData UD_,
                                          const XML_Char *version CSTR_,
                                          const XML_Char *encoding CSTR_,
                                          int standalone);
typedef void(XMLCALL *XML_StartElementHandler)(
    void *userData UD_, const XML_Char *name CSTR_,
    const XML_Char **atts CUBICLE_WINDOW_STRV);
typedef void(XMLCALL *XML_EndElementHandler)(void *userData UD_,
                                             const XML_Char *name CSTR_);
typedef void(XMLCALL *XML_CharacterDataHandler)(
    void *userData UD_, const XML_Char *s CUBICLE_WINDOW_IN(len), int len);
typedef void(XMLCALL *XML_ProcessingInstructionHandler)(
    void *userData UD_, const XML_Char *target CSTR_,
    const XML_Char *data CSTR_);
typedef void(XMLCALL *XML_CommentHandler)(void *userData UD_,
                                          const XML_Char *data CSTR_);
typedef void(XMLCALL *XML_StartCdataSectionHandler)(void *userData UD_);
typedef void(XMLCALL *XML_EndCdataSectionHandler)(void *userData UD_);
typedef void(XMLCALL *XML_DefaultHandler)(void *userData UD_,
                                          const XML_Char *s
                                              CUBICLE_WINDOW_IN(len),
                                          int len);
typedef void(XMLCALL *XML_StartDoctypeDeclHandler)(
    void *userData UD_, const XML_Char *doctypeName CSTR_,
    const XML_Char *sysid CSTR_, const XML_Char *pubid CSTR_,
    int has_internal_subset);
typedef void(XMLCALL *XML_EndDoctypeDeclHandler)(void *userData UD_);
typedef void(XMLCALL *XML_EntityDeclHandler)(
    void *userData UD_, const XML_Char *entityName CSTR_,
    int is_parameter_entity,
    const XML_Char *value CUBICLE_WINDOW_IN(value_length), int value_length,
    const XML_Char *base CSTR_, const XML_Char *systemId CSTR_,
    const XML_Char *publicId CSTR_, const XML_Char *notationName CSTR_);
typedef void(XMLCALL *XML_UnparsedEntityDeclHandler)(
    void *userData UD_, const XML_Char *entityName CSTR_,
    const XML_Char *base CSTR_, const XML_Char *systemId CSTR_,
    const XML_Char *publicId CSTR_, const XML_Char *notationName CSTR_);
typedef void(XMLCALL *XML_NotationDeclHandler)(
    void *userData UD_, const XML_Char *notationName CSTR_,
    const XML_Char *base CSTR_, const XML_Char *systemId CSTR_,
    const XML_Char *publicId CSTR_);
typedef void(XMLCALL *XML_StartNamespaceDeclHandler)(
    void *userData UD_, const XML_Char *prefix CSTR_,
    const XML_Char *uri CSTR_);
typedef void(XMLCALL *XML_EndNamespaceDeclHandler)(void *userData UD_,
                                                   const XML_Char *prefix
                                                       CSTR_);
typedef int(XMLCALL *XML_NotStandaloneHandler)(void *userData UD_);
typedef int(XMLCALL *XML_ExternalEntityRefHandler)(
    XML_Parser parser P_, const XML_Char *context CSTR_,
    const XML_Char *base CSTR_, const XML_Char *systemId CSTR_,
    const XML_Char *publicId CSTR_);
typedef void(XMLCALL *XML_SkippedEntityHandler)(void *userData UD_,
                                                const XML_Char *entityName
                                                    CSTR_,
                                                int is_parameter_entity);
typedef int(XMLCALL *XML_UnknownEncodingHandler)(
    void *encodingHandlerData UD_, const XML_Char *name CSTR_,
    XML_Encoding *info CUBICLE_WINDOW(sizeof(XML_Encoding)));

/* An unknown encoding's converter, which the handler above stores in
 * XML_Encoding: it reads one multibyte sequence of expat's, at most 4
 * bytes. */
typedef int(XMLCALL *cubicle_xml_convert_fn)(void *data UD_,
                                             const char *s
                                                 CUBICLE_WINDOW_IN(4));
typedef void(XMLCALL *cubicle_xml_release_fn)(void *data UD_);
CUBICLE_FIELD_CALLBACK(XML_Encoding, convert, cubicle_xml_convert_fn);
CUBICLE_FIELD_CALLBACK(XML_Encoding, release, cubicle_xml_release_fn);

/* The caller's allocator (XML_ParserCreate_MM): its blocks are expat's
 * once allocated, the caller's again when expat reallocates or frees
 * them. */
typedef void *(*cubicle_xml_malloc_fn)(size_t size) CUBICLE_RESULT_OWNED(size);
typedef void *(*cubicle_xml_realloc_fn)(void *ptr CUBICLE_RELEASED,
                                        size_t size)
    CUBICLE_RESULT_OWNED(size);
typedef void (*cubicle_xml_free_fn)(void *ptr CUBICLE_RELEASED);
CUBICLE_FIELD_CALLBACK(XML_Memory_Handling_Suite, malloc_fcn,
                       cubicle_xml_malloc_fn);
CUBICLE_FIELD_CALLBACK(XML_Memory_Handling_Suite, realloc_fcn,
                       cubicle_xml_realloc_fn);
CUBICLE_FIELD_CALLBACK(XML_Memory_Handling_Suite, free_fcn,
                       cubicle_xml_free_fn);

/* Parsers. */
XML_Parser XML_ParserCreate(const XML_Char *encoding CSTR_) PNEW_;
XML_Parser XML_ParserCreateNS(const XML_Char *encoding CSTR_,
                              XML_Char namespaceSeparator) PNEW_;
XML_Parser XML_ParserCreate_MM(
    const XML_Char *encoding CSTR_,
    const XML_Memory_Handling_Suite *memsuite
        CUBICLE_WINDOW_IN(sizeof(XML_Memory_Handling_Suite)),
    const XML_Char *namespaceSeparator CSTR_) PNEW_;
XML_Parser XML_ExternalEntityParserCreate(XML_Parser parser P_,
                                          const XML_Char *context CSTR_,
                                          const XML_Char *encoding CSTR_)
    PNEW_;
XML_Bool XML_ParserReset(XML_Parser parser P_, const XML_Char *encoding CSTR_);
void XML_ParserFree(XML_Parser parser PEND_);

/* Settings and handlers: the parser is the only pointer most take. */
void XML_SetElementDeclHandler(XML_Parser parser P_,
                               XML_ElementDeclHandler eldecl);
void XML_SetAttlistDeclHandler(XML_Parser parser P_,
                               XML_AttlistDeclHandler attdecl);
void XML_SetXmlDeclHandler(XML_Parser parser P_, XML_XmlDeclHandler xmldecl);
void XML_SetEntityDeclHandler(XML_Parser parser P_,
                              XML_EntityDeclHandler handler);
void XML_SetElementHandler(XML_Parser parser P_,
                           XML_StartElementHandler start,
                           XML_EndElementHandler end);
void XML_SetStartElementHandler(XML_Parser parser P_,
                                XML_StartElementHandler handler);
void XML_SetEndElementHandler(XML_Parser parser P_,
                              XML_EndElementHandler handler);
void XML_SetCharacterDataHandler(XML_Parser parser P_,
                                 XML_CharacterDataHandler handler);
void XML_SetProcessingInstructionHandler(
    XML_Parser parser P_, XML_ProcessingInstructionHandler handler);
void XML_SetCommentHandler(XML_Parser parser P_, XML_CommentHandler handler);
void XML_SetCdataSectionHandler(XML_Parser parser P_,
                                XML_StartCdataSectionHandler start,
                                XML_EndCdataSectionHandler end);
void XML_SetStartCdataSectionHandler(XML_Parser parser P_,
                                     XML_StartCdataSectionHandler start);
void XML_SetEndCdataSectionHandler(XML_Parser parser P_,
                                   XML_EndCdataSectionHandler end);
void XML_SetDefaultHandler(XML_Parser parser P_, XML_DefaultHandler handler);
void XML_SetDefaultHandlerExpand(XML_Parser parser P_,
                                 XML_DefaultHandler handler);
void XML_SetDoctypeDeclHandler(XML_Parser parser P_,
                               XML_StartDoctypeDeclHandler start,
                               XML_EndDoctypeDeclHandler end);
void XML_SetStartDoctypeDeclHandler(XML_Parser parser P_,
                                    XML_StartDoctypeDeclHandler start);
void XML_SetEndDoctypeDeclHandler(XML_Parser parser P_,
                                  XML_EndDoctypeDeclHandler end);
void XML_SetUnparsedEntityDeclHandler(XML_Parser parser P_,
                                      XML_UnparsedEntityDeclHandler handler);
void XML_SetNotationDeclHandler(XML_Parser parser P_,
                                XML_NotationDeclHandler handler);
void XML_SetNamespaceDeclHandler(XML_Parser parser P_,
                                 XML_StartNamespaceDeclHandler start,
                                 XML_EndNamespaceDeclHandler end);
void XML_SetStartNamespaceDeclHandler(XML_Parser parser P_,
                                      XML_StartNamespaceDeclHandler start);
void XML_SetEndNamespaceDeclHandler(XML_Parser parser P_,
                                    XML_EndNamespaceDeclHandler end);
void XML_SetNotStandaloneHandler(XML_Parser parser P_,
                                 XML_NotStandaloneHandler handler);
void XML_SetExternalEntityRefHandler(XML_Parser parser P_,
                                     XML_ExternalEntityRefHandler handler);
void XML_SetExternalEntityRefHandlerArg(XML_Parser parser P_, void *arg UD_);
void XML_SetSkippedEntityHandler(XML_Parser parser P_,
                                 XML_SkippedEntityHandler handler);
void XML_SetUnknownEncodingHandler(XML_Parser parser P_,
                                   XML_UnknownEncodingHandler handler,
                                   void *encodingHandlerData UD_);
void XML_DefaultCurrent(XML_Parser parser P_);
void XML_SetReturnNSTriplet(XML_Parser parser P_, int do_nst);
void XML_SetUserData(XML_Parser parser P_, void *userData UD_);
enum XML_Status XML_SetEncoding(XML_Parser parser P_,
                                const XML_Char *encoding CSTR_);
void XML_UseParserAsHandlerArg(XML_Parser parser P_);
enum XML_Error XML_UseForeignDTD(XML_Parser parser P_, XML_Bool useDTD);
enum XML_Status XML_SetBase(XML_Parser parser P_, const XML_Char *base CSTR_);
const XML_Char *XML_GetBase(XML_Parser parser P_) CUBICLE_RESULT_CSTR;
int XML_GetSpecifiedAttributeCount(XML_Parser parser P_);
int XML_GetIdAttributeIndex(XML_Parser parser P_);
int XML_SetParamEntityParsing(XML_Parser parser P_,
                              enum XML_ParamEntityParsing parsing);
int XML_SetHashSalt(XML_Parser parser P_, unsigned long hash_salt);
XML_Bool XML_SetBillionLaughsAttackProtectionMaximumAmplification(
    XML_Parser parser P_, float maximumAmplificationFactor);
XML_Bool XML_SetBillionLaughsAttackProtectionActivationThreshold(
    XML_Parser parser P_, unsigned long long activationThresholdBytes);

/* Parsing. */
enum XML_Status XML_Parse(XML_Parser parser P_,
                          const char *s CUBICLE_WINDOW_IN(len), int len,
                          int isFinal);
void *XML_GetBuffer(XML_Parser parser P_, int len)
    CUBICLE_RESULT_WRITABLE(len);
enum XML_Status XML_ParseBuffer(XML_Parser parser P_, int len, int isFinal);
enum XML_Status XML_StopParser(XML_Parser parser P_, XML_Bool resumable);
enum XML_Status XML_ResumeParser(XML_Parser parser P_);
void XML_GetParsingStatus(XML_Parser parser P_,
                          XML_ParsingStatus *status
                              CUBICLE_WINDOW(sizeof(XML_ParsingStatus)));
enum XML_Error XML_GetErrorCode(XML_Parser parser P_);
XML_Size XML_GetCurrentLineNumber(XML_Parser parser P_);
XML_Size XML_GetCurrentColumnNumber(XML_Parser parser P_);
XML_Index XML_GetCurrentByteIndex(XML_Parser parser P_);
int XML_GetCurrentByteCount(XML_Parser parser P_);
const char *XML_GetInputContext(XML_Parser parser P_,
                                int *offset CUBICLE_WINDOW(sizeof(int)),
                                int *size CUBICLE_WINDOW(sizeof(int)))
    CUBICLE_RESULT(*size);
void XML_FreeContentModel(XML_Parser parser P_,
                          XML_Content *model CUBICLE_RELEASED);

/* Memory expat allocates for the caller. */
void *XML_MemMalloc(XML_Parser parser P_, size_t size)
    CUBICLE_RESULT_OWNED(size);
void *XML_MemRealloc(XML_Parser parser P_, void *ptr CUBICLE_RELEASED,
                     size_t size) CUBICLE_RESULT_OWNED(size);
void XML_MemFree(XML_Parser parser P_, void *ptr CUBICLE_RELEASED);

/* Strings and tables expat returns. */
const XML_LChar *XML_ErrorString(enum XML_Error code) CUBICLE_RESULT_CSTR;
const XML_LChar *XML_ExpatVersion(void) CUBICLE_RESULT_CSTR;
const XML_Feature *XML_GetFeatureList(void)
    CUBICLE_RESULT_ARRAY(sizeof(XML_Feature));

/* expat's testing interface (internal.h), which runtests uses. */
void _INTERNAL_trim_to_complete_utf8_characters(
    const char *from CSTR_, const char **fromLimRef CUBICLE_WINDOW_INTO(from));
#if defined(XML_DTD)
unsigned long long testingAccountingGetCountBytesDirect(XML_Parser parser P_);
unsigned long long testingAccountingGetCountBytesIndirect(XML_Parser parser
                                                              P_);
const char *unsignedCharToPrintable(unsigned char c) CUBICLE_RESULT_CSTR;
#endif

#undef P_
#undef PNEW_
#undef PEND_
#undef UD_
#undef M_
#undef CSTR_

#endif /* EXPAT_CUBICLE_H */
