/* config_priv.h - what config.c and config_service.c share: the error
 * for a bad setting and the readers both use. Not a public header. */
#ifndef SSS_CONFIG_PRIV_H
#define SSS_CONFIG_PRIV_H

struct sss_config;
struct sss_error;
struct sss_node;
struct strbuf;

/* An SSS_ERR_INVALID error "'FILE' line N: MESSAGE" at n's line. */
struct sss_error *sss_config_bad(const char *file, const struct sss_node *n,
				 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A weekday (mon..sun or 月..日) into 0=Sun..6=Sat. */
struct sss_error *sss_config_get_weekday(const char *file,
					 const struct sss_node *n, int *dst);

/* config_service.c: office_hours:, sla:, report: (each replaces what c
 * held), their release, and their part of the default config text. */
struct sss_error *sss_config_parse_office_hours(struct sss_config *c,
						const char *file,
						const struct sss_node *n);
struct sss_error *sss_config_parse_sla(struct sss_config *c, const char *file,
				       const struct sss_node *n);
struct sss_error *sss_config_parse_report(struct sss_config *c,
					  const char *file,
					  const struct sss_node *n);
void sss_config_service_release(struct sss_config *c);
void sss_config_service_default_text(struct strbuf *out);

#endif
