/* fuzz_id.c - ticket IDs and their paths (id.c).
 *
 * Input: one byte for the fiscal year start, then the string.
 * Properties: an ID that sss_id_valid accepts is prefix syntax, is its
 * own canonical form, and has a path "tickets/YYYY/MM/<id>.md" with no
 * "..", no "//" and nothing outside [0-9A-Za-z/.-]; a string that is not
 * prefix syntax never gets a path; canonicalising twice changes
 * nothing. */
#include <ctype.h>

#include "fuzz.h"
#include "sss/id.h"

static bool path_chars_ok(const char *p)
{
	for (; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/.-", *p))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	int fy_start = data[0] % 12 + 1;
	char *s = fuzz_str(data + 1, size - 1);
	struct strbuf path = STRBUF_INIT, want = STRBUF_INIT;
	bool valid = sss_id_valid(s);
	bool prefix = sss_id_is_prefix_syntax(s);
	struct sss_error *err = sss_id_path(&path, s, fy_start);
	char *c1 = sss_id_canonical(s), *c2 = sss_id_canonical(c1);

	if (strcmp(c1, c2))
		FUZZ_FAIL("canonical form of '%s' is not stable", s);
	if (strlen(c1) != strlen(s))
		FUZZ_FAIL("canonical form changed the length of '%s'", s);
	if (valid && !prefix)
		FUZZ_FAIL("valid ID '%s' is not prefix syntax", s);
	if (valid && strcmp(c1, s))
		FUZZ_FAIL("valid ID '%s' is not canonical ('%s')", s, c1);
	if (valid && err)
		FUZZ_FAIL("valid ID '%s' has no path: %s", s, err->msg);
	if (!err) {
		strbuf_addf(&want, "/%s.md", s);
		if (!prefix)
			FUZZ_FAIL("'%s' is not prefix syntax but has a path", s);
		if (strncmp(path.buf, "tickets/", 8) || strstr(path.buf, "..") ||
		    strstr(path.buf, "//") || !path_chars_ok(path.buf))
			FUZZ_FAIL("bad path '%s' for '%s'", path.buf, s);
		if (path.len < want.len ||
		    strcmp(path.buf + path.len - want.len, want.buf))
			FUZZ_FAIL("path '%s' does not end in '%s'", path.buf,
				  want.buf);
	} else {
		fuzz_check_error(err, NULL);
	}
	sss_error_free(err);
	strbuf_release(&path);
	strbuf_release(&want);
	free(c1);
	free(c2);
	free(s);
	return 0;
}
