/* labels.c - the one table of the Japanese names of statuses, priorities
 * and kinds (labels.h). Reports, export and the commands take their
 * labels from here. */
#include <stddef.h>
#include <string.h>

#include "sss/labels.h"

struct label {
	const char *value; /* as the ticket file has it */
	const char *label; /* the Japanese name the reports print */
	/* other spellings people type (at most four; the rest NULL) */
	const char *other[5];
};

static const struct label statuses[] = {
	{ "open", "未着手", { NULL } },
	{ "in-progress", "対応中", { "作業中" } },
	{ "waiting", "保留", { "保留中", "待ち" } },
	{ "resolved", "解決済", { "解決済み", "解決" } },
	{ "closed", "完了", { "完了済", "クローズ" } },
	{ "cancelled", "取消", { "取消し", "取り消し", "キャンセル" } },
	{ NULL, NULL, { NULL } },
};

static const struct label priorities[] = {
	{ "low", "低", { NULL } },
	{ "normal", "中", { "通常", "普通" } },
	{ "high", "高", { NULL } },
	{ "urgent", "緊急", { NULL } },
	{ NULL, NULL, { NULL } },
};

/* The kinds in the words of the SOW, as the monthly report prints them. */
static const struct label kinds[] = {
	{ "planning", "IT支援", { "企画" } },
	{ "operations", "運用", { NULL } },
	{ "request", "要求実現（問合せ）",
	  { "要求実現(問合せ)", "問合せ", "問い合わせ", "依頼" } },
	{ "incident", "インシデント", { "障害" } },
	{ "problem", "問題管理", { "問題" } },
	{ "routine", "定例作業", { "定例" } },
	{ "meeting", "会議", { "打合せ", "打ち合わせ" } },
	{ "report", "報告", { "報告書" } },
	{ NULL, NULL, { NULL } },
};

static const struct label *table_of(const char *field)
{
	if (!field)
		return NULL;
	if (!strcmp(field, "status"))
		return statuses;
	if (!strcmp(field, "priority"))
		return priorities;
	if (!strcmp(field, "kind"))
		return kinds;
	return NULL;
}

int sss_label_field(const char *field)
{
	return table_of(field) != NULL;
}

const char *sss_label_of(const char *field, const char *value)
{
	const struct label *l = table_of(field);
	for (; l && value && l->value; l++)
		if (!strcmp(l->value, value))
			return l->label;
	return NULL;
}

const char *sss_label_value(const char *field, const char *text)
{
	const struct label *l = table_of(field);
	for (; l && text && l->value; l++) {
		if (!strcmp(l->value, text) || !strcmp(l->label, text))
			return l->value;
		for (size_t i = 0; i < 5 && l->other[i]; i++)
			if (!strcmp(l->other[i], text))
				return l->value;
	}
	return NULL;
}
