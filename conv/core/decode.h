/* decode.h — bytes at the edge to the UTF-8 text docconv works in.
 *
 * Detects the encoding (byte order marks; strict UTF-8; UTF-16 without a
 * mark from its zero bytes; otherwise uchardet's guess checked by a strict
 * iconv decode, with GB18030, Big5 and Big5-HKSCS weighed against each
 * other by whether the result reads as text and how common its characters
 * are, and a warning when that leaves doubt), or uses the forced one. Normalises
 * CRLF, CR and form feed to LF, drops a BOM, drops the other C0 control
 * characters but tab (with one warning that counts them). Input that is not
 * text (a binary file, damaged UTF-8, bytes that do not decode) is an error
 * naming the byte offset.
 */
#ifndef DOCCONV_DECODE_H
#define DOCCONV_DECODE_H

#include <stddef.h>

#include "diag.h"

/* The largest input we read: a raw article is kilobytes; a whole newspaper
 * page of OCR is under a megabyte. 64 MiB leaves room for odd cases while
 * keeping memory bounded (decoding needs about four times the input). */
#define DOCCONV_MAX_INPUT_BYTES (64u * 1024 * 1024)

typedef struct docconv_decoded {
	char *text;            /* UTF-8, LF line ends, NUL-terminated */
	size_t len;
	char encoding[32];     /* canonical name: "UTF-8", "UTF-16LE", "UTF-16BE",
	                          "GB18030", "BIG5", "BIG5-HKSCS", or another
	                          that uchardet or --encoding named, in upper
	                          case */
	int had_bom;
	int had_crlf;          /* CRLF or CR line ends were normalised */
} docconv_decoded;

/* `forced` is an iconv encoding name from --encoding, or NULL to detect.
 * Errors (and warnings) go to `d`, with byte offsets into `bytes`. */
docconv_status docconv_decode(const unsigned char *bytes, size_t n,
                              const char *forced, docconv_decoded *out,
                              docconv_diag *d);
void docconv_decoded_free(docconv_decoded *dec);

#endif
