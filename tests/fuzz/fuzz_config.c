/* fuzz_config.c - .sss/config.yml (sss_config_parse).
 *
 * Property: no crash, no leak; an error is one line naming the file; a
 * config that loads has values inside their documented ranges and gives
 * a working calendar. */
#include "fuzz.h"
#include "sss/calendar.h"
#include "sss/date.h"
#include "sss/config.h"

#define FILE_NAME ".sss/config.yml"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sss_config c;
	struct sss_error *err;

	sss_config_init(&c, sss_date_from_ymd(2026, 11, 26));
	err = sss_config_parse(&c, (const char *)data, size, FILE_NAME);
	if (err) {
		fuzz_check_error(err, "'" FILE_NAME "'");
		sss_error_free(err);
	} else {
		if (c.fy_start < 1 || c.fy_start > 12)
			FUZZ_FAIL("fiscal_year_start %d", c.fy_start);
		if (c.weekday < 0 || c.weekday > 6)
			FUZZ_FAIL("weekday %d", c.weekday);
		if (c.lock_timeout_ms < 0)
			FUZZ_FAIL("lock_timeout_ms %d", c.lock_timeout_ms);
		for (size_t i = 0; i < c.nschedules; i++) {
			const struct sss_schedule *s = &c.schedules[i];
			if (s->nmonths > 12)
				FUZZ_FAIL("%zu months", s->nmonths);
			for (size_t m = 0; m < s->nmonths; m++)
				if (s->months[m] < 1 || s->months[m] > 12)
					FUZZ_FAIL("month %d", s->months[m]);
			if (sss_config_schedule(&c, s->key) == NULL)
				FUZZ_FAIL("schedule '%s' not found", s->key);
		}
		struct sss_calendar *cal = sss_config_calendar(&c);
		sss_date d = sss_date_from_ymd(2026, 12, 28);
		(void)sss_calendar_next_business_day(cal, d);
		(void)sss_calendar_add_business_days(cal, d, 5);
		sss_calendar_free(cal);
	}
	sss_config_release(&c);
	return 0;
}
