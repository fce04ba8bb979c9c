/* encoding.h - text encodings at the edges: CSV for Excel (UTF-8 with a
 * byte-order mark, or CP932, Windows' Japanese code page, which holds
 * 髙, 﨑 and ① where Shift_JIS does not), and files people hand in.
 * Converted with iconv(3); inside sssctl every text is UTF-8.
 *
 * CP932 is Microsoft's table, which maps a few characters to other code
 * points than JIS-based tables do. Text typed on Linux or a Mac holds the
 * JIS forms; sss_utf8_to_cp932 writes both forms as the same bytes, so a
 * Japanese Windows user sees the character meant:
 *	〜 U+301C and ～ U+FF5E -> 0x8160    − U+2212 and － U+FF0D -> 0x817C
 *	‖ U+2016 and ∥ U+2225 -> 0x8161    — U+2014 and ― U+2015 -> 0x815C
 *	¢ £ ¬ and ￠ ￡ ￢ -> 0x8191 0x8192 0x81CA
 * (¥ U+00A5 becomes 0x5C, which Japanese Windows shows as ¥.) Reading
 * CP932, sss_cp932_to_utf8 gives Microsoft's forms (0x8160 is ～ U+FF5E),
 * what Windows itself gives for those bytes. */
#ifndef SSS_ENCODING_H
#define SSS_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

struct strbuf;
struct sss_error;

enum sss_encoding {
	SSS_ENC_UTF8,     /* UTF-8 without a byte-order mark */
	SSS_ENC_UTF8_BOM, /* UTF-8 starting with EF BB BF */
	SSS_ENC_CP932,    /* Windows-31J */
};

/* The result of converting to CP932: the first character CP932 cannot
 * hold (its byte offset in the input, and the character as UTF-8), and
 * how many were replaced with 〓 when replacing (each call starts the
 * count at 0). */
struct sss_enc_report {
	size_t bad_offset;
	char bad_char[5];
	size_t nreplaced;
};

/* Append the UTF-8 text in[0..len) to out as CP932. A character CP932
 * cannot hold: with replace, 〓 (0x81AC) in its place, counted in
 * rep->nreplaced; without, SSS_ERR_INVALID ("'𠮷' (U+20BB7) has no CP932
 * form") with rep->bad_offset and rep->bad_char set, and out holding what
 * came before. Invalid UTF-8 is SSS_ERR_INVALID too. The error is the
 * caller's. */
struct sss_error *sss_utf8_to_cp932(const char *in, size_t len, bool replace,
				    struct strbuf *out,
				    struct sss_enc_report *rep);

/* Append the CP932 text in[0..len) to out as UTF-8; bytes that are not
 * CP932 are SSS_ERR_PARSE naming the line ("line 7: not CP932"). */
struct sss_error *sss_cp932_to_utf8(const char *in, size_t len,
				    struct strbuf *out);

/* Which encoding in[0..len) is in: UTF-8 (with or without a BOM) when it
 * is valid UTF-8, else CP932 when it is valid CP932. Neither: returns
 * SSS_ERR_PARSE naming file and the first line that is neither ("FILE:
 * line 7: neither UTF-8 nor CP932"). The error is the caller's. */
struct sss_error *sss_detect_encoding(const char *in, size_t len,
				      const char *file,
				      enum sss_encoding *enc);

#endif
