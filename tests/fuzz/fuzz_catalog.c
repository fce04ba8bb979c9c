/* fuzz_catalog.c - one catalog file (sss_catalog_load_buf).
 *
 * Property: no crash, no leak; an error is one line naming the file; in
 * a catalog that loads, every accessor works, every title fills with
 * values for its placeholders, and every instance's params are
 * placeholders of its entry's title. */
#include "fuzz.h"
#include "sss/catalog.h"
#include "sss/template.h"

#define FILE_NAME "sow/zz.yml"

static const char *lookup(const char *name, void *data)
{
	(void)data;
	return name; /* every placeholder gets its own name */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sss_catalog *cat = NULL;
	struct sss_error *err;
	struct strbuf sb = STRBUF_INIT;

	err = sss_catalog_load_buf(&cat, (const char *)data, size, FILE_NAME);
	if (err) {
		fuzz_check_error(err, "'" FILE_NAME "'");
		sss_error_free(err);
		return 0;
	}
	for (size_t i = 0; i < sss_catalog_count(cat); i++) {
		const struct sss_sow_entry *e = sss_catalog_at(cat, i);
		if (!sss_sow_key(e) || !sss_sow_title(e) || !sss_sow_kind(e))
			FUZZ_FAIL("entry %zu lacks a required field", i);
		if (sss_catalog_find(cat, sss_sow_key(e)) != e)
			FUZZ_FAIL("key '%s' does not find its entry",
				  sss_sow_key(e));
		strbuf_reset(&sb);
		err = sss_template_fill(&sb, sss_sow_title(e), lookup, NULL);
		if (err)
			FUZZ_FAIL("title '%s' of a loaded entry does not fill: %s",
				  sss_sow_title(e), err->msg);
		(void)sss_sow_freq(e);
		for (size_t s = 0; s < sss_sow_step_count(e); s++)
			if (!sss_sow_step_text(e, s) || !*sss_sow_step_text(e, s))
				FUZZ_FAIL("empty step");
			else
				(void)sss_sow_step_freq(e, s);
		for (size_t d = 0; d < sss_sow_document_count(e); d++)
			if (!sss_sow_document(e, d))
				FUZZ_FAIL("missing document");
		for (size_t k = 0; k < sss_sow_instance_count(e); k++) {
			if (!sss_sow_instance_key(e, k))
				FUZZ_FAIL("instance without a key");
			for (size_t p = 0;
			     p < sss_sow_instance_param_count(e, k); p++) {
				const char *name =
				    sss_sow_instance_param_name(e, k, p);
				struct strbuf ph = STRBUF_INIT;
				strbuf_addf(&ph, "{%s}", name);
				if (!strstr(sss_sow_title(e), ph.buf))
					FUZZ_FAIL("param '%s' not in title '%s'",
						  name, sss_sow_title(e));
				strbuf_release(&ph);
				(void)sss_sow_instance_param_value(e, k, p);
			}
			for (size_t s = 0;
			     s < sss_sow_instance_step_count(e, k); s++)
				(void)sss_sow_instance_step_text(e, k, s);
		}
	}
	for (size_t i = 0; i < sss_catalog_summary_count(cat); i++)
		if (sss_summary_no(cat, i) <= 0)
			FUZZ_FAIL("summary number %d", sss_summary_no(cat, i));
	strbuf_release(&sb);
	sss_catalog_free(cat);
	return 0;
}
