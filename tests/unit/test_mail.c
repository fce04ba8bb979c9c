/* test_mail.c - mail.h: HTML made text, RFC 2047 headers, RFC 2231
 * parameters, charsets (ISO-2022-JP and Shift_JIS with ① and 髙), a
 * whole message parsed, and text that cannot break a ticket's sections. */
#include "unit.h"

#include "sss/mail.h"
#include "sss/ticket.h"
#include "sss/utf8.h"

static void html_is(const char *html, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sss_mail_html_text(&sb, html, strlen(html));
	if (strcmp(sb.buf, want))
		print_error("html: %s\n got: [%s]\nwant: [%s]\n", html, sb.buf, want);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_html(void **state)
{
	(void)state;
	html_is("<p>こんにちは</p><p>二段落目</p>", "こんにちは\n\n二段落目");
	html_is("一行目<br>二行目<BR/>三行目", "一行目\n二行目\n三行目");
	html_is("<div>A</div><div>B</div>", "A\nB");
	html_is("<script type=\"text/javascript\">if (a < b) x();</script>本文", "本文");
	html_is("<STYLE>p { color: red }</STYLE><head><title>件名</title></head>本文", "本文");
	html_is("a<!-- <p>hidden</p> -->b", "ab");
	html_is("&amp;&lt;&gt;&quot;&#39;&#x20BB7;&#39641;&nbsp;x&copy;&unknown;",
		"&<>\"'𠮷髙 x©&unknown;");
	html_is("  多い   空白\n\t も  一つ ", "多い 空白 も 一つ");
	html_is("<pre>  字下げ\n    そのまま</pre>", "  字下げ\n    そのまま");
	html_is("<ul><li>一</li><li>二</li></ul>後", "- 一\n- 二\n\n後");
	html_is("<table><tr><td>項目</td><td>値</td></tr><tr><td>A</td><td>1</td></tr></table>",
		"項目 値\nA 1");
	html_is("<a href=\"x>y\" title='>'>リンク</a>", "リンク");
	html_is("1 < 2 &and 3", "1 < 2 &and 3");
	html_is("<p></p><p></p><p>x</p><br><br><br><br>y", "x\n\ny");
	html_is("<p>unclosed <b", "unclosed");
	html_is("", "");
}

static void header_is(const char *raw, const char *want, bool ok)
{
	struct strbuf sb = STRBUF_INIT;
	bool got = sss_mail_header_decode(&sb, raw);
	if (strcmp(sb.buf, want))
		print_error("header: %s\n got: [%s]\nwant: [%s]\n", raw, sb.buf, want);
	assert_string_equal(sb.buf, want);
	assert_int_equal(got, ok);
	strbuf_release(&sb);
}

static void test_header(void **state)
{
	(void)state;
	header_is(" plain text", "plain text", true);
	header_is("=?UTF-8?B?5pel5pys6Kqe?=", "日本語", true);
	header_is("=?utf-8?q?=E6=97=A5=E6=9C=AC_=E8=AA=9E?=", "日本 語", true);
	/* two words, the blank between them is not text; a character split
	 * over them (日 = E6 97 A5) is put back together */
	header_is("=?UTF-8?B?5pc=?=\r\n =?UTF-8?B?peacrA==?=", "日本", true);
	header_is("Re: =?UTF-8?B?5pel?= =?UTF-8?B?5pys?= end", "Re: 日本 end", true);
	/* ISO-2022-JP with ① (NEC row 13) and 髙 (an NEC-selected IBM code) */
	header_is("=?ISO-2022-JP?B?GyRCLSF8YhsoQg==?=", "①髙", true);
	/* Shift_JIS read as CP932: ① 87 40, 髙 FB FC */
	header_is("=?Shift_JIS?B?h0D7/A==?=", "①髙", true);
	/* raw CP932 bytes in a header (old clients) */
	header_is("\x87\x40\x82\xa0", "①あ", true);
	/* folds, tabs and controls become one blank */
	header_is(" a\r\n\tb\x01  c ", "a b c", true);
	header_is("=?x-unknown-charset?B?5pel?=", "日", true);
	header_is("=?UTF-8?B?/w==?=", "\xEF\xBF\xBD", false);
	header_is("=?broken", "=?broken", true);
	header_is(NULL, "", true);
}

static void param_is(const char *raw, const char *name, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	bool found = sss_mail_param_decode(&sb, raw, name);
	assert_int_equal(found, want != NULL);
	if (want)
		assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_param(void **state)
{
	(void)state;
	param_is("attachment; filename=\"a b.pdf\"", "filename", "a b.pdf");
	param_is("attachment; filename*=UTF-8''%E8%A6%8B%E7%A9%8D.pdf", "filename", "見積.pdf");
	param_is("attachment;\r\n filename*0*=UTF-8''%E8%A6%8B;\r\n filename*1*=%E7%A9%8D;\r\n"
		 " filename*2=.pdf", "filename", "見積.pdf");
	param_is("application/pdf; name=\"=?ISO-2022-JP?B?GyRCLSEbKEI=?=.pdf\"", "name", "①.pdf");
	param_is("text/plain; charset=us-ascii", "name", NULL);
	param_is("attachment; filename=token.txt; size=3", "filename", "token.txt");
	param_is(NULL, "filename", NULL);
}

static void charset_is(const char *in, size_t len, const char *cs, const char *want,
		       size_t bad)
{
	struct strbuf sb = STRBUF_INIT;
	bool unknown;
	if (!len)
		len = strlen(in);
	assert_int_equal(sss_mail_to_utf8(&sb, in, len, cs, &unknown), bad);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_charset(void **state)
{
	(void)state;
	charset_is("\x1b$B$\"$$\x1b(B abc", 0, "iso-2022-jp", "あい abc", 0);
	charset_is("\x1b(I\x31\x1b(B", 0, "ISO-2022-JP", "ｱ", 0);
	charset_is("\x87\x40\xfb\xfc", 0, "shift_jis", "①髙", 0);
	charset_is("\xa4\xa2", 0, "EUC-JP", "あ", 0);
	charset_is("caf\xe9", 0, "iso-8859-1", "café", 0);
	/* none declared: detected */
	charset_is("\xe3\x81\x82", 0, NULL, "あ", 0);
	charset_is("\x1b$B$\"\x1b(B", 0, "us-ascii", "あ", 0);
	charset_is("\x82\xa0", 0, "", "あ", 0);
	/* wrong: what can be read is kept */
	charset_is("\x82\xa0 ok", 0, "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD ok", 2);
	charset_is("\x1b$B\x7f\x7f\x1b(Bx", 0, "iso-2022-jp", "\xEF\xBF\xBD\xEF\xBF\xBDx", 2);
}

static const char message[] =
    "From: =?UTF-8?B?5bGx55SwIOWkqumDjg==?= <yamada@example.jp>\r\n"
    "Subject: =?UTF-8?B?UEPjgYzotbfli5XjgZfjgarjgYQ=?=\r\n"
    "Date: Mon, 30 Nov 2026 10:15:00 +0900\r\n"
    "Message-ID: <m.1@example.jp>\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: multipart/alternative; boundary=\"b2\"\r\n"
    "\r\n"
    "--b2\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>HTML</p>\r\n"
    "--b2\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "\xef\xbb\xbf\r\n本文\x07です\r\n\r\n\r\n"
    "--b2--\r\n"
    "--b1\r\n"
    "Content-Type: application/octet-stream; name=\"a.bin\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAECAwQ=\r\n"
    "--b1--\r\n";

static void test_parse(void **state)
{
	struct sss_mail m = SSS_MAIL_INIT;
	(void)state;
	assert_ok(sss_mail_parse(&m, message, sizeof(message) - 1, "m.eml"));
	assert_string_equal(m.subject, "PCが起動しない");
	assert_string_equal(m.from_name, "山田 太郎");
	assert_string_equal(m.from_addr, "yamada@example.jp");
	assert_string_equal(m.date, "2026-11-30T10:15:00+09:00");
	assert_string_equal(m.message_id, "m.1@example.jp");
	assert_string_equal(m.body, "本文です");
	assert_false(m.body_html);
	assert_int_equal(m.natt, 1);
	assert_string_equal(m.att[0].name, "a.bin");
	assert_int_equal(m.att[0].size, 5);
	assert_null(m.warning);

	struct strbuf d = STRBUF_INIT;
	sss_mail_ticket_description(&m, &d);
	assert_string_equal(d.buf, "差出人: 山田 太郎 <yamada@example.jp>\n"
				   "日付: 2026-11-30T10:15:00+09:00\n"
				   "件名: PCが起動しない\n\n本文です\n\n"
				   "- 添付: a.bin (5 B)");
	strbuf_release(&d);
	sss_mail_release(&m);
	sss_mail_release(&m);

	assert_fails(sss_mail_parse(&m, "", 0, "e.eml"), SSS_ERR_PARSE, "'e.eml' is empty");
	assert_fails(sss_mail_parse(&m, "no header here\n", 15, "t.txt"), SSS_ERR_PARSE,
		     "line 1 is not a header");
	assert_fails(sss_mail_parse(&m, "X-A: 1\n\nbody\n", 13, "x.eml"), SSS_ERR_PARSE,
		     "no From, Subject, Date or Message-ID");
	assert_fails(sss_mail_parse(&m, "A: \0b", 5, "n.eml"), SSS_ERR_PARSE, "NUL bytes");
	assert_null(m.subject);
}

/* multiparts inside each other past the depth limit: refused, no crash */
static void test_limits(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct sss_mail m = SSS_MAIL_INIT;
	(void)state;
	strbuf_addstr(&sb, "Subject: deep\n");
	for (int i = 0; i < 40; i++)
		strbuf_addf(&sb, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	strbuf_addstr(&sb, "Content-Type: text/plain\n\nx\n");
	assert_fails(sss_mail_parse(&m, sb.buf, sb.len, "d.eml"), SSS_ERR_LIMIT, "levels");
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Subject: many\nContent-Type: multipart/mixed; boundary=\"b\"\n\n");
	for (int i = 0; i < 300; i++)
		strbuf_addstr(&sb, "--b\nContent-Type: text/plain\n\nx\n");
	strbuf_addstr(&sb, "--b--\n");
	assert_fails(sss_mail_parse(&m, sb.buf, sb.len, "p.eml"), SSS_ERR_LIMIT, "MIME parts");
	/* forwarded inside forwarded, 100000 deep: refused before GMime
	 * recurses into it */
	strbuf_reset(&sb);
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "Subject: fw\nContent-Type: message/rfc822\n\n");
	assert_fails(sss_mail_parse(&m, sb.buf, sb.len, "f.eml"), SSS_ERR_LIMIT, "MIME parts");
	/* a few levels are fine: the inner mail is an attachment */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "Subject: fw\nContent-Type: message/rfc822\n\nSubject: inner\n\ntext\n");
	assert_ok(sss_mail_parse(&m, sb.buf, sb.len, "g.eml"));
	assert_int_equal(m.natt, 1);
	assert_string_equal(m.att[0].name, "message.eml");
	sss_mail_release(&m);
	strbuf_release(&sb);
}

static void quote_is(const char *text, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	sss_ticket_quote_text(&sb, text);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_quote(void **state)
{
	(void)state;
	quote_is("## 作業記録\n# a\n#\n### 小見出し\n#タグ", "\\## 作業記録\n\\# a\n\\#\n### 小見出し\n#タグ");
	quote_is("```\n  ~~~\n    ```", "\\```\n  \\~~~\n    ```");
	quote_is("<<<<<<< HEAD\n=======\n>>>>>>> x\n> 引用", "\\<<<<<<< HEAD\n\\=======\n\\>>>>>>> x\n> 引用");
	quote_is("普通の行\n", "普通の行\n");
	quote_is("", "");
}

/* Mutated messages and random HTML: never a crash (the ASan build runs
 * this too), an error or a mail with valid UTF-8 everywhere. */
static void test_mutations(void **state)
{
	static const char pieces[] = "=?\x1b$B<>&;#x\"'\r\n\x87\x40\xff\0-b1boundary=";
	unsigned seed = 14;
	(void)state;
	for (int round = 0; round < 400; round++) {
		char buf[sizeof(message)];
		size_t len = sizeof(message) - 1;
		memcpy(buf, message, len + 1);
		for (int k = 0; k < 1 + round % 8; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t at = (seed >> 8) % len;
			buf[at] = pieces[(seed >> 20) % (sizeof(pieces) - 1)];
		}
		if (round % 5 == 0)
			len = (seed >> 4) % len;
		struct sss_mail m = SSS_MAIL_INIT;
		struct sss_error *err = sss_mail_parse(&m, buf, len, "fuzz.eml");
		if (err) {
			sss_error_free(err);
			continue;
		}
		int line, col;
		assert_true(sss_utf8_check(m.subject, strlen(m.subject), &line, &col));
		assert_true(sss_utf8_check(m.body, strlen(m.body), &line, &col));
		assert_null(strchr(m.subject, '\n'));
		struct strbuf sb = STRBUF_INIT;
		sss_mail_html_text(&sb, buf, len);
		sss_mail_header_decode(&sb, buf + (seed >> 3) % (len ? len : 1));
		strbuf_release(&sb);
		sss_mail_release(&m);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_param),
		cmocka_unit_test(test_charset),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_mutations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
