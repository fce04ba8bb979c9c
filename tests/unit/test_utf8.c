/* test_utf8.c - sss_utf8_check against a plain reference decoder written
 * from RFC 3629: the same verdict and the same line and column of the
 * first bad byte, on fixed cases and on random mixes of ASCII, Japanese
 * (3-byte), 𠮷 (4-byte) and broken sequences. */
#include "unit.h"

#include <stdbool.h>

#include "sss/utf8.h"


/* Valid: every code point in shortest form, none a surrogate or above
 * U+10FFFF, no NUL. *at: the offset of the first bad byte. */
static bool reference(const unsigned char *s, size_t len, size_t *at)
{
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i], need, cp, min;
		if (c == 0)
			break;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc0 && c < 0xe0)
			need = 1, cp = c & 0x1f, min = 0x80;
		else if (c >= 0xe0 && c < 0xf0)
			need = 2, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c < 0xf8)
			need = 3, cp = c & 0x07, min = 0x10000;
		else
			break;
		size_t k;
		for (k = 1; k <= need; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				break;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (k <= need || cp < min || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			break;
		i += need + 1;
	}
	*at = i;
	return i == len;
}

static void agree(const unsigned char *s, size_t len)
{
	size_t at;
	int line = -1, col = -1;
	bool want = reference(s, len, &at);
	bool got = sss_utf8_check((const char *)s, len, &line, &col);
	assert_int_equal(got, want);
	if (want)
		return;
	int wline = 1;
	size_t start = 0;
	for (size_t i = 0; i < at; i++)
		if (s[i] == '\n') {
			wline++;
			start = i + 1;
		}
	assert_int_equal(line, wline);
	assert_int_equal(col, (int)(at - start) + 1);
}

static void test_fixed(void **state)
{
	(void)state;
	static const char *const cases[] = {
		"",
		"plain ascii, longer than eight bytes\n and a second line",
		"タイトル: 定例チェック (2026年11月)\n",
		"𠮷野家\r\n",
		"\xef\xbb\xbf---\nid: x\n",
		"abc\xff",
		"12345678\n12345678\xc3",       /* cut short at the end */
		"\xc0\xaf",                      /* overlong '/' */
		"\xe0\x80\xaf",                  /* overlong, 3 bytes */
		"\xed\xa0\x80",                  /* a surrogate */
		"\xf4\x90\x80\x80",              /* above U+10FFFF */
		"\xf8\x88\x80\x80\x80",          /* 5-byte form */
		"line 1\nline 2\n日本\x82\xa0語", /* Shift_JIS-ish byte */
		"\x80 a lone continuation",
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		agree((const unsigned char *)cases[i], strlen(cases[i]));
	/* a NUL, which strlen would hide */
	agree((const unsigned char *)"ab\ncd\0ef", 8);
}

static void test_random(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"a", "status: open\n", "\n", "日", "本語", "𠮷", "ｶﾀｶﾅ", "\r\n",
		"\xe3\x81", "\x81", "\xf0\xa0\xae", "\xff", "0123456789abcdef",
		"\xc2\xa0", "\xed\xbf\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf",
	};
	unsigned char buf[512];
	srand(42);
	for (int round = 0; round < 20000; round++) {
		size_t len = 0;
		/* mostly valid pieces, now and then a broken one */
		while (len < sizeof(buf) - 32 && rand() % 40) {
			size_t k = (size_t)rand() % 8;
			if (rand() % 25 == 0)
				k = (size_t)rand() % (sizeof(pieces) / sizeof(*pieces));
			size_t n = strlen(pieces[k]);
			memcpy(buf + len, pieces[k], n);
			len += n;
		}
		agree(buf, len);
		/* and every prefix of a short one: sequences cut anywhere */
		if (round % 100 == 0)
			for (size_t n = 0; n <= len && n < 64; n++)
				agree(buf, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
