/* test_catalog.c - the SOW catalog: the real sow/kpbe.yml, and every way a
 * catalog file can be wrong (each error names the file and line).
 * Run from the repository root. */
#include "unit.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sss/catalog.h"
#include "sss/embedded.h"
#include "sss/fileio.h"
#include "sss/strbuf.h"
#include "sss/template.h"

#define DEFAULT_CATALOG "sow/kpbe.yml"

static struct sss_catalog *load_default(void)
{
	struct sss_catalog *cat = NULL;
	char *buf = NULL;
	size_t len;

	assert_ok(
	    sss_read_file(DEFAULT_CATALOG, SSS_CATALOG_MAX_FILE, &buf, &len));
	assert_ok(sss_catalog_load_buf(&cat, buf, len, DEFAULT_CATALOG));
	free(buf);
	assert_non_null(cat);
	return cat;
}

static const struct sss_sow_entry *must_find(const struct sss_catalog *cat,
					     const char *key)
{
	const struct sss_sow_entry *e = sss_catalog_find(cat, key);

	if (!e) {
		print_error("no entry '%s'\n", key);
		fail();
	}
	return e;
}

/* ---- the default catalog ----------------------------------------------- */

static const struct {
	const char *key, *kind, *freq, *title;
	int summary;
} want_entries[] = {
    {"issue-management", "planning", "月次", "課題管理 ({年月})", 1},
    {"it-roadmap", "planning", "年次", "ITロードマップ管理 ({年月})", 2},
    {"weekly-meeting", "meeting", "週次", "週次定例会 ({年月日})", 3},
    {"monthly-report", "report", "月次", "月次報告会 ({年月})", 3},
    {"planning-process", "planning", "随時", "企画プロセス対応 ({事象})", 4},
    {"build-process", "planning", "随時", "構築プロセス対応 ({事象})", 5},
    {"sla-sow-review", "planning", "年次", "SLA/SOW更新 ({年月})", 6},
    {"new-operation-design", "planning", "随時", "新規運用設計・移行 ({事象})",
     6},
    {"existing-operation-design", "planning", "随時",
     "既存運用設計・移行 ({事象})", 6},
    {"it-other", "planning", "随時", "IT支援その他要求事項 ({事象})", 7},
    {"stakeholder-inventory", "operations", "年次",
     "ステークホルダーの棚卸 ({年月})", 8},
    {"device-inventory", "operations", "年次", "機器の棚卸 ({年月})", 8},
    {"license-inventory", "operations", "年次", "ライセンスの棚卸 ({年月})", 8},
    {"routine-check", "routine", "月次", "定例チェック ({年月})", 9},
    {"version-up", "operations", "年次",
     "ソフトウェアバージョンアップ ({ソフト名})", 9},
    {"license-renewal", "operations", "年次",
     "ソフトウェアライセンス更新 ({ソフト名})", 9},
    {"windows-server-update", "operations", "半期",
     "WindowsServerUpdate ({年月})", 9},
    {"personnel-change", "operations", "年次", "人事異動対応 ({年月})", 9},
    {"usage-inquiry", "request", "随時", "利用方法、仕様などの問合せ ({事象})",
     10},
    {"user-registration", "request", "随時",
     "ユーザ登録申請 ({ユーザ名}：{ソフト名})", 11},
    {"system-setting", "request", "随時", "システム設定申請 ({ソフト名})", 11},
    {"log-request", "request", "随時", "ログ取得申請 ({ログ名})", 11},
    {"desk-other", "request", "随時", "サービスデスクその他要求事項 ({事象})",
     12},
    {"incident-software", "incident", "随時",
     "インシデント ({ソフト名}：{事象})", 13},
    {"password-reset", "incident", "随時", "パスワードリセット ({ソフト名})",
     14},
    {"problem-software", "problem", "随時", "恒久対応 ({事象})", 15},
    {"problem-human-error", "problem", "随時", "恒久対応 ({事象})", 16},
};
#define NWANT (sizeof(want_entries) / sizeof(want_entries[0]))

static void test_default_entries(void **state)
{
	struct sss_catalog *cat = load_default();

	(void)state;
	assert_int_equal(NWANT, 27);
	assert_int_equal(sss_catalog_count(cat), 27);
	for (size_t i = 0; i < NWANT; i++) {
		const struct sss_sow_entry *e = sss_catalog_at(cat, i);
		/* catalog order is the SOW's order */
		assert_string_equal(sss_sow_key(e), want_entries[i].key);
		assert_string_equal(sss_sow_kind(e), want_entries[i].kind);
		assert_string_equal(sss_freq_label(sss_sow_freq(e)),
				    want_entries[i].freq);
		assert_string_equal(sss_sow_title(e), want_entries[i].title);
		assert_int_equal(sss_sow_summary_no(e),
				 want_entries[i].summary);
		assert_non_null(sss_sow_no(e));
		assert_non_null(sss_sow_category(e));
		assert_non_null(sss_sow_area(e));
		assert_non_null(sss_sow_item(e));
		assert_non_null(sss_sow_work(e));
		assert_ptr_equal(sss_catalog_find(cat, want_entries[i].key), e);
	}
	assert_null(sss_catalog_find(cat, "no-such-key"));
	assert_null(sss_catalog_at(cat, 27));
	sss_catalog_free(cat);
}

static void check_placeholder(const char *name, void *data)
{
	static const char *const ok[] = {"年月",     "年月日",	 "事象",
					 "ソフト名", "ユーザ名", "ログ名"};
	int *count = data;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (!strcmp(name, ok[i])) {
			(*count)++;
			return;
		}
	print_error("bad placeholder '%s'\n", name);
	fail();
}

static void test_default_placeholders(void **state)
{
	struct sss_catalog *cat = load_default();

	(void)state;
	for (size_t i = 0; i < sss_catalog_count(cat); i++) {
		int count = 0;
		assert_ok(
		    sss_template_names(sss_sow_title(sss_catalog_at(cat, i)),
				       check_placeholder, &count));
		/* every SOW 件名 has at least one placeholder */
		assert_true(count >= 1);
	}
	sss_catalog_free(cat);
}

static void test_default_details(void **state)
{
	struct sss_catalog *cat = load_default();
	const struct sss_sow_entry *e;

	(void)state;
	/* the half-yearly WSUS check inside the monthly check */
	e = must_find(cat, "routine-check");
	assert_string_equal(sss_sow_no(e), "16");
	assert_string_equal(sss_sow_category(e), "運用支援");
	assert_string_equal(sss_sow_area(e), "稼働維持");
	assert_string_equal(sss_sow_item(e), "定例作業");
	assert_int_equal(sss_sow_step_count(e), 4);
	assert_string_equal(sss_sow_step_text(e, 0),
			    "SKYSEA：PCのSKYSEAバージョン確認");
	assert_int_equal(sss_sow_step_freq(e, 0), SSS_FREQ_MONTHLY);
	assert_null(sss_sow_step_note(e, 0));
	assert_string_equal(sss_sow_step_text(e, 3),
			    "Windows：WSUSサーバ (4台) からのPush配信の確認");
	assert_int_equal(sss_sow_step_freq(e, 3), SSS_FREQ_HALF);
	assert_string_equal(sss_sow_step_note(e, 3),
			    "PCへのパッチ配信について、WSUSレポート機能で確認");
	assert_int_equal(sss_sow_instance_count(e), 0);

	/* version-up: one yearly ticket each for ApexOne and SKYSEA */
	e = must_find(cat, "version-up");
	assert_int_equal(sss_sow_instance_count(e), 2);
	assert_string_equal(sss_sow_instance_key(e, 0), "ApexOne");
	assert_string_equal(sss_sow_instance_key(e, 1), "SKYSEA");
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(sss_sow_instance_param_count(e, i), 1);
		assert_string_equal(sss_sow_instance_param_name(e, i, 0),
				    "ソフト名");
		assert_string_equal(sss_sow_instance_param_value(e, i, 0),
				    sss_sow_instance_key(e, i));
	}
	assert_int_equal(sss_sow_instance_step_count(e, 0), 3);
	assert_string_equal(sss_sow_instance_step_text(e, 0, 0),
			    "ウイルス対策ソフト (ApexOne) のバージョンアップ");
	assert_string_equal(sss_sow_instance_step_note(e, 0, 0),
			    "対象機器：ApexOne (4台)");
	assert_string_equal(sss_sow_instance_step_text(e, 0, 1),
			    "インストーラ再作成");
	assert_null(sss_sow_instance_step_note(e, 0, 1));
	assert_int_equal(sss_sow_instance_step_count(e, 1), 2);
	assert_string_equal(sss_sow_instance_step_text(e, 1, 0),
			    "IT資産管理ソフト (SKYSEA) のバージョンアップ");
	assert_null(sss_sow_instance_step_text(e, 1, 2));
	assert_null(sss_sow_instance_key(e, 2));
	assert_string_equal(sss_sow_remarks(e),
			    "サーバのバージョンアップの実施は別案件にて対応");

	e = must_find(cat, "license-renewal");
	assert_int_equal(sss_sow_instance_count(e), 1);
	assert_string_equal(sss_sow_instance_key(e, 0), "ApexOne");
	assert_string_equal(sss_sow_remarks(e), "ライセンス更新は京都府が実施");

	e = must_find(cat, "monthly-report");
	assert_int_equal(sss_sow_document_count(e), 2);
	assert_string_equal(sss_sow_document(e, 0),
			    "【KPBE】_yyyy年mm月-yyyy年mm月度月次報告書");
	assert_string_equal(sss_sow_document(e, 1),
			    "P103_サービス提供体制図 (KPBE)");
	assert_null(sss_sow_document(e, 2));

	e = must_find(cat, "it-roadmap");
	assert_int_equal(sss_sow_step_freq(e, 0), SSS_FREQ_YEARLY);
	assert_int_equal(sss_sow_step_freq(e, 1), SSS_FREQ_ADHOC);
	assert_string_equal(sss_sow_remarks(e), "月次報告会の資料作成に含む");

	/* the two 恒久対応 rows share a title, not a key */
	assert_string_equal(
	    sss_sow_title(must_find(cat, "problem-software")),
	    sss_sow_title(must_find(cat, "problem-human-error")));
	assert_string_equal(sss_sow_no(must_find(cat, "problem-human-error")),
			    "28");
	sss_catalog_free(cat);
}

static void test_default_summary(void **state)
{
	struct sss_catalog *cat = load_default();
	bool used[17] = {false};

	(void)state;
	assert_int_equal(sss_catalog_summary_count(cat), 16);
	for (size_t i = 0; i < 16; i++) {
		assert_int_equal(sss_summary_no(cat, i), (int)i + 1);
		assert_non_null(sss_summary_category(cat, i));
		assert_non_null(sss_summary_area(cat, i));
		assert_non_null(sss_summary_item(cat, i));
		assert_non_null(sss_summary_work(cat, i));
	}
	assert_string_equal(sss_summary_item(cat, 0), "課題管理");
	assert_string_equal(sss_summary_remarks(cat, 0),
			    "経営層、管理者、利用者、システム担当に課題をヒアリ"
			    "ング。 日々の運用、問題から課題を抽出。");
	assert_null(sss_summary_remarks(cat, 2));
	/* row 16 is shifted in the seed */
	assert_string_equal(sss_summary_category(cat, 15), "サービスデスク");
	assert_string_equal(sss_summary_area(cat, 15), "問題管理");
	assert_string_equal(sss_summary_item(cat, 15), "ヒューマンエラー");
	/* every SOW item has at least one ticket type */
	for (size_t i = 0; i < sss_catalog_count(cat); i++)
		used[sss_sow_summary_no(sss_catalog_at(cat, i))] = true;
	for (int no = 1; no <= 16; no++)
		assert_true(used[no]);
	sss_catalog_free(cat);
}

/* The binary's embedded copy is the same catalog as the file. */
static void test_embedded(void **state)
{
	const struct sss_embedded_file *f = sss_embedded_find(DEFAULT_CATALOG);
	struct sss_catalog *cat = NULL;

	(void)state;
	assert_non_null(f);
	assert_ok(sss_catalog_load_buf(&cat, f->data, f->len, f->path));
	assert_int_equal(sss_catalog_count(cat), 27);
	sss_catalog_free(cat);
}

/* ---- errors from small files ------------------------------------------- */

/* A valid entry (lines 2-5 after "entries:"), then extra lines. */
#define ITEM                                                                   \
	"  - key: routine-check\n"                                             \
	"    kind: routine\n"                                                  \
	"    title: \"定例チェック ({年月})\"\n"                       \
	"    frequency: 月次\n"
#define ENTRY(extra) "entries:\n" ITEM extra

static void test_errors(void **state)
{
	static const struct {
		const char *yaml;
		enum sss_errcode code;
		const char *needle;
	} cases[] = {
	    {"", SSS_ERR_INVALID, "'t.yml': empty catalog file"},
	    {"- a\n", SSS_ERR_INVALID,
	     "'t.yml' line 1: a catalog file must "
	     "be a map"},
	    {"entries: []\nextra: 1\n", SSS_ERR_INVALID,
	     "'t.yml' line 2: unknown top-level key 'extra'"},
	    {"entries: {a: 1}\n", SSS_ERR_INVALID,
	     "'t.yml' line 1: 'entries' must be a list"},
	    {"entries:\n  - x\n", SSS_ERR_INVALID,
	     "'t.yml' line 2: an entry must be a map"},
	    {ENTRY("    colour: red\n"), SSS_ERR_INVALID,
	     "'t.yml' line 6: unknown entry key 'colour' (use key, "},
	    {"entries:\n  - kind: routine\n    title: x\n"
	     "    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 2: missing 'key'"},
	    {"entries:\n  - key: a\n    title: x\n    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 2: missing 'kind'"},
	    {"entries:\n  - key: a\n    kind: routine\n"
	     "    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 2: missing 'title'"},
	    {"entries:\n  - key: a\n    kind: routine\n    title: x\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 2: missing 'frequency' (use "
	     "随時, 週次, 月次, 半期 or 年次)"},
	    {"entries:\n  - key: a\n    kind: routine\n    title: x\n"
	     "    frequency: 毎日\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 5: unknown frequency '毎日' "
	     "(use 随時, 週次, 月次, 半期 or 年次)"},
	    /* the SOW's labels only, not the English aliases */
	    {"entries:\n  - key: a\n    kind: routine\n    title: x\n"
	     "    frequency: monthly\n",
	     SSS_ERR_INVALID, "line 5: unknown frequency 'monthly'"},
	    {"entries:\n  - key: a\n    kind: chore\n    title: x\n"
	     "    frequency: 月次\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 3: unknown kind 'chore' (use "
	     "planning, operations, request, incident, "
	     "problem, routine, meeting or report)"},
	    {"entries:\n  - key: Routine_Check\n    kind: routine\n"
	     "    title: x\n    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 2: bad key 'Routine_Check'"},
	    {"entries:\n  - key: -a\n    kind: routine\n"
	     "    title: x\n    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 2: bad key '-a'"},
	    {"entries:\n  - key: [a]\n", SSS_ERR_INVALID,
	     "'t.yml' line 2: 'key' must be a string"},
	    {ENTRY(ITEM), SSS_ERR_INVALID,
	     "'t.yml' line 6: duplicate key 'routine-check' (first "
	     "defined in 't.yml' line 2)"},
	    {"entries:\n  - key: a\n    kind: routine\n"
	     "    title: \"定例チェック ({年月日時})\"\n"
	     "    frequency: 月次\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 4: unknown placeholder "
	     "'{年月日時}' in title"},
	    {"entries:\n  - key: a\n    kind: routine\n"
	     "    title: \"定例チェック ({年月)\"\n    frequency: 月次\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 4: bad title: unterminated "
	     "placeholder"},
	    {"entries:\n  - key: a\n    kind: routine\n"
	     "    title: \"定例チェック} ({年月})\"\n    frequency: 月次\n",
	     SSS_ERR_INVALID, "'t.yml' line 4: bad title: unmatched '}'"},
	    {ENTRY("    steps:\n      - text: a\n        when: 1\n"),
	     SSS_ERR_INVALID, "'t.yml' line 8: unknown step key 'when'"},
	    {ENTRY("    steps:\n      - note: a\n"), SSS_ERR_INVALID,
	     "'t.yml' line 7: missing 'text'"},
	    {ENTRY("    steps:\n      - \"\"\n"), SSS_ERR_INVALID,
	     "'t.yml' line 7: empty checklist step"},
	    {ENTRY("    steps:\n      - [a]\n"), SSS_ERR_INVALID,
	     "'t.yml' line 7: a checklist step must be"},
	    {ENTRY("    steps:\n      - {text: a, frequency: 毎週}\n"),
	     SSS_ERR_INVALID, "'t.yml' line 7: unknown frequency '毎週'"},
	    {ENTRY("    steps:\n      - {text: a, frequency: 週次}\n"),
	     SSS_ERR_INVALID,
	     "'t.yml' line 7: a 週次 step cannot be part of a 月次 entry"},
	    {"entries:\n  - key: a\n    kind: request\n    title: x\n"
	     "    frequency: 随時\n    steps:\n"
	     "      - {text: a, frequency: 年次}\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 7: a 年次 step cannot be part of a 随時 entry"},
	    {ENTRY("    steps: a\n"), SSS_ERR_INVALID,
	     "'t.yml' line 6: 'steps' must be a list"},
	    {ENTRY("    documents:\n      - {a: b}\n"), SSS_ERR_INVALID,
	     "'t.yml' line 7: a document must be a non-empty string"},
	    {ENTRY("    summary: first\n"), SSS_ERR_INVALID,
	     "'t.yml' line 6: 'summary' must be a positive whole number"},
	    {ENTRY("    summary: 0\n"), SSS_ERR_INVALID,
	     "'summary' must be a positive whole number"},
	    {"summary:\n  - {number: 1}\n" ENTRY("    summary: 2\n"),
	     SSS_ERR_INVALID,
	     "'t.yml' line 8: summary item 2 of "
	     "'routine-check' is not in the summary "
	     "table"},
	    {"summary:\n  - number: 1\n  - number: 1\n", SSS_ERR_INVALID,
	     "'t.yml' line 3: duplicate summary item 1 (first defined in "
	     "'t.yml' line 2)"},
	    {"summary:\n  - {area: x}\n", SSS_ERR_INVALID,
	     "'t.yml' line 2: missing 'number'"},
	    {"summary:\n  - {number: 1, colour: red}\n", SSS_ERR_INVALID,
	     "'t.yml' line 2: unknown summary key 'colour'"},
	    /* instances */
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: Apex One\n",
	     SSS_ERR_INVALID, "'t.yml' line 7: bad instance key 'Apex One'"},
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: ApexOne\n        params: {ソフト名: ApexOne}\n"
	     "      - key: ApexOne\n        params: {ソフト名: ApexOne}\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 9: duplicate instance key "
	     "'ApexOne'"},
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: ApexOne\n"
	     "        params:\n          ソフト名: ApexOne\n"
	     "          事象: x\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 10: param '事象' of instance "
	     "'ApexOne' is not a placeholder of the "
	     "title"},
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: ApexOne\n        size: 4\n",
	     SSS_ERR_INVALID, "'t.yml' line 8: unknown instance key 'size'"},
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: ApexOne\n        steps:\n"
	     "          - {text: a, frequency: 月次}\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 9: unknown step key "
	     "'frequency'"},
	    /* a generated ticket could not fill ソフト名 */
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 4: placeholder '{ソフト名}' of "
	     "the 年次 title"},
	    {"entries:\n  - key: version-up\n    kind: operations\n"
	     "    title: \"ソフトウェアバージョンアップ ({ソフト名})\"\n"
	     "    frequency: 年次\n    instances:\n"
	     "      - key: ApexOne\n",
	     SSS_ERR_INVALID,
	     "instance 'ApexOne' of 'version-up' gives no "
	     "value for placeholder '{ソフト名}'"},
	    {"entries:\n  - key: a\n    kind: request\n"
	     "    title: \"x ({ソフト名})\"\n    frequency: 随時\n"
	     "    instances:\n      - key: ApexOne\n",
	     SSS_ERR_INVALID,
	     "'t.yml' line 7: 'a' is 随時 and cannot have "
	     "instances"},
	    /* the YAML parser's own errors come through with the line */
	    {"entries:\n  - &x {key: a}\n", SSS_ERR_PARSE, "'t.yml' line 2"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		/* not NULL, to see that a failed load clears it */
		struct sss_catalog *cat = (struct sss_catalog *)&cases;
		assert_fails(sss_catalog_load_buf(&cat, cases[i].yaml,
						  strlen(cases[i].yaml),
						  "t.yml"),
			     cases[i].code, cases[i].needle);
		assert_null(cat);
	}
}

static void test_minimal_and_text(void **state)
{
	static const char ok[] = "\xEF\xBB\xBF"
				 "entries:\r\n"
				 "  - key: a\r\n"
				 "    kind: request\r\n"
				 "    title: \"x {{y}} ({事象})\"\r\n"
				 "    frequency: 随時\r\n"
				 "    steps: [one, {text: two, note: n}]\r\n"
				 "    remarks: ~\r\n";
	static const char sjis[] = "entries:\n"
				   "  - key: a\n"
				   "    title: \"\x92\xe8\x97\xe1\"\n";
	struct sss_catalog *cat = NULL;
	const struct sss_sow_entry *e;

	(void)state;
	/* a BOM and CRLF line endings (Windows editors) are accepted */
	assert_ok(sss_catalog_load_buf(&cat, ok, sizeof(ok) - 1, "t.yml"));
	assert_int_equal(sss_catalog_count(cat), 1);
	assert_int_equal(sss_catalog_summary_count(cat), 0);
	e = sss_catalog_at(cat, 0);
	assert_string_equal(sss_sow_title(e), "x {{y}} ({事象})");
	assert_null(sss_sow_no(e));
	assert_null(sss_sow_remarks(e));
	assert_null(sss_sow_work(e));
	assert_int_equal(sss_sow_summary_no(e), 0);
	assert_int_equal(sss_sow_step_count(e), 2);
	assert_string_equal(sss_sow_step_text(e, 1), "two");
	assert_string_equal(sss_sow_step_note(e, 1), "n");
	assert_int_equal(sss_sow_step_freq(e, 1), SSS_FREQ_ADHOC);
	assert_int_equal(sss_sow_document_count(e), 0);
	sss_catalog_free(cat);

	/* Shift_JIS is refused with the line */
	cat = NULL;
	assert_fails(
	    sss_catalog_load_buf(&cat, sjis, sizeof(sjis) - 1, "sow/x.yml"),
	    SSS_ERR_PARSE, "'sow/x.yml' line 3: invalid UTF-8");
	assert_null(cat);

	/* an empty summary/entries list is fine */
	assert_ok(
	    sss_catalog_load_buf(&cat, "summary:\nentries: []\n", 21, "t.yml"));
	assert_int_equal(sss_catalog_count(cat), 0);
	sss_catalog_free(cat);
}

/* ---- directories ------------------------------------------------------- */

static void write_file(const char *dir, const char *name, const char *text)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_addf(&path, "%s/%s", dir, name);
	assert_ok(sss_write_file_atomic(path.buf, text, strlen(text), false));
	strbuf_release(&path);
}

static void remove_dir(const char *dir, const char *const *names)
{
	struct strbuf path = STRBUF_INIT;

	for (; *names; names++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, *names);
		unlink(path.buf);
	}
	strbuf_release(&path);
	rmdir(dir);
}

static void test_load_dir(void **state)
{
	static const char *const names[] = {"b.yml", "a.yml", ".c.yml",
					    "notes.txt", NULL};
	char dir[] = "/tmp/sss-catalog-XXXXXX";
	struct sss_catalog *cat = NULL;
	struct strbuf want = STRBUF_INIT;

	(void)state;
	assert_non_null(mkdtemp(dir));

	assert_fails(sss_catalog_load_dir(&cat, dir), SSS_ERR_NOTFOUND,
		     "no catalog files in '/tmp/sss-catalog-");
	assert_fails(sss_catalog_load_dir_shown(&cat, dir, "sow"),
		     SSS_ERR_NOTFOUND, "no catalog files in 'sow/'");
	assert_null(cat);

	/* b.yml refers to summary item 1 defined in a.yml: checked after
	 * every file is read */
	write_file(dir, "b.yml",
		   "entries:\n  - key: b\n    kind: request\n"
		   "    title: \"b ({事象})\"\n    frequency: 随時\n"
		   "    summary: 1\n");
	write_file(dir, "a.yml",
		   "summary:\n  - number: 1\n    item: x\n"
		   "entries:\n  - key: a\n    kind: request\n"
		   "    title: \"a ({事象})\"\n    frequency: 随時\n");
	/* ignored: hidden and not .yml */
	write_file(dir, ".c.yml", "garbage: [\n");
	write_file(dir, "notes.txt", "garbage: [\n");
	assert_ok(sss_catalog_load_dir(&cat, dir));
	assert_int_equal(sss_catalog_count(cat), 2);
	/* name order */
	assert_string_equal(sss_sow_key(sss_catalog_at(cat, 0)), "a");
	assert_string_equal(sss_sow_key(sss_catalog_at(cat, 1)), "b");
	assert_int_equal(sss_catalog_summary_count(cat), 1);
	sss_catalog_free(cat);
	cat = NULL;

	/* a duplicate key across files names both places */
	write_file(dir, "b.yml",
		   "entries:\n  - key: a\n    kind: request\n"
		   "    title: \"b ({事象})\"\n    frequency: 随時\n");
	strbuf_addf(&want,
		    "'%s/b.yml' line 2: duplicate key 'a' (first defined in "
		    "'%s/a.yml' line 5)",
		    dir, dir);
	assert_fails(sss_catalog_load_dir(&cat, dir), SSS_ERR_INVALID,
		     want.buf);
	assert_null(cat);

	/* an error in a file names that file */
	write_file(dir, "b.yml",
		   "entries:\n  - key: b\n    kind: x\n    title: b\n"
		   "    frequency: 随時\n");
	strbuf_reset(&want);
	strbuf_addf(&want, "'%s/b.yml' line 3: unknown kind 'x'", dir);
	assert_fails(sss_catalog_load_dir(&cat, dir), SSS_ERR_INVALID,
		     want.buf);
	/* ... by the name the caller shows, not the full path */
	assert_fails(sss_catalog_load_dir_shown(&cat, dir, "sow"),
		     SSS_ERR_INVALID, "'sow/b.yml' line 3: unknown kind 'x'");
	write_file(dir, "b.yml", "entries:\n  - key: b\n    title: \x01\n");
	assert_fails(sss_catalog_load_dir_shown(&cat, dir, "sow/"),
		     SSS_ERR_PARSE, "'sow/b.yml' line 3");

	remove_dir(dir, names);
	assert_fails(sss_catalog_load_dir(&cat, dir), SSS_ERR_NOTFOUND,
		     "no catalog directory");
	strbuf_release(&want);
}

/* The real sow/ directory loads as the default catalog does. */
static void test_load_dir_default(void **state)
{
	struct sss_catalog *cat = NULL;

	(void)state;
	assert_ok(sss_catalog_load_dir(&cat, "sow"));
	assert_int_equal(sss_catalog_count(cat), 27);
	assert_int_equal(sss_catalog_summary_count(cat), 16);
	sss_catalog_free(cat);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_default_entries),
	    cmocka_unit_test(test_default_placeholders),
	    cmocka_unit_test(test_default_details),
	    cmocka_unit_test(test_default_summary),
	    cmocka_unit_test(test_embedded),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_minimal_and_text),
	    cmocka_unit_test(test_load_dir),
	    cmocka_unit_test(test_load_dir_default),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
