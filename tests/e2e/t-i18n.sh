#!/bin/sh
# Japanese messages (gettext): every message the sources mark is in
# po/ja.po and translated; LANG=ja_JP.UTF-8 or LANGUAGE=ja gives Japanese
# errors, usage and -h, still one "sssctl: error: " line; English stays
# the default; what programs read (JSON, TSV, exit status) is the same in
# both languages.
. "$(dirname "$0")/lib.sh"

PO=$TESTS_ROOT/po/ja.po
SSSCTL_LOCALEDIR=$(cd "$(dirname "$SSSCTL")" && pwd)/locale
export SSSCTL_LOCALEDIR

need_gettext() {
	command -v xgettext >/dev/null && command -v msgfmt >/dev/null &&
		command -v msgcmp >/dev/null ||
		skip "gettext's tools are not installed (Debian package gettext)"
}

# JA: the environment variables of a Japanese run. ja_JP.UTF-8 as
# installed (tests/deps.sh generates it), else one built here with
# localedef under LOCPATH; skipped when neither can be had.
ja_env() {
	if locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
		JA="LC_ALL= LANG=ja_JP.UTF-8"
		return 0
	fi
	command -v localedef >/dev/null || skip "no ja_JP.UTF-8 locale and no localedef"
	mkdir -p "$TMPDIR_T/locale"
	localedef -i ja_JP -f UTF-8 "$TMPDIR_T/locale/ja_JP.UTF-8" 2>/dev/null ||
		skip "no ja_JP.UTF-8 locale and localedef cannot make one (package locales)"
	JA="LC_ALL= LANG=ja_JP.UTF-8 LOCPATH=$TMPDIR_T/locale"
}

# ja CMD...: sssctl in Japanese, stdout to ./out, stderr to ./err; sets rc.
ja() {
	set +e
	# shellcheck disable=SC2086
	env $JA "$SSSCTL" "$@" >"$OUT" 2>"$ERR"
	rc=$?
	set -e
}

# one_error PATTERN: stderr's first line is "sssctl: error: " and a
# message matching PATTERN (grep -E), and the message is one line
one_error() {
	first=$(head -n 1 "$ERR")
	case "$first" in
	"sssctl: error: "*) ;;
	*) fail "stderr does not start with 'sssctl: error: ': $(cat "$ERR")" ;;
	esac
	printf '%s\n' "$first" | grep -Eq -- "$1" || fail "'$first' does not match '$1'"
}

test_every_message_is_translated() {
	need_gettext
	# the msgids as the current sources have them, not as po/sssctl.pot
	# last had them: a new message fails here until po/ja.po has it
	args=$(make -s --no-print-directory -C "$TESTS_ROOT" xgettext-args)
	# shellcheck disable=SC2086
	(cd "$TESTS_ROOT" && xgettext --no-wrap $args -o "$TMPDIR_T/now.pot") ||
		fail "xgettext failed"
	[ "$(grep -c '^msgid ' "$TMPDIR_T/now.pot")" -gt 400 ] ||
		fail "xgettext found too few messages: $(grep -c '^msgid ' "$TMPDIR_T/now.pot")"
	if ! msgcmp "$PO" "$TMPDIR_T/now.pot" 2>"$TMPDIR_T/cmp"; then
		# name each missing message, not only its place in the .pot
		grep -o 'now.pot:[0-9]*' "$TMPDIR_T/cmp" | cut -d: -f2 | while read -r l; do
			head -n "$l" "$TMPDIR_T/now.pot" | grep '^msgid ' | tail -n 1
		done >&2
		sed 's/^/#   /' "$TMPDIR_T/cmp" >&2
		fail "po/ja.po does not translate every message (make pot, then translate)"
	fi
	# and nothing in it is fuzzy or empty
	stats=$(msgfmt --statistics -o /dev/null "$PO" 2>&1)
	case "$stats" in
	*fuzzy* | *untranslated*) fail "po/ja.po: $stats" ;;
	esac
}

test_catalog_compiles_and_formats_agree() {
	need_gettext
	msgfmt --check -o "$TMPDIR_T/ja.mo" "$PO" 2>"$ERR" ||
		fail "msgfmt --check: $(cat "$ERR")"
	[ -s "$SSSCTL_LOCALEDIR/ja/LC_MESSAGES/sssctl.mo" ] ||
		fail "the build has no locale/ja/LC_MESSAGES/sssctl.mo"
	cmp -s "$TMPDIR_T/ja.mo" "$SSSCTL_LOCALEDIR/ja/LC_MESSAGES/sssctl.mo" ||
		fail "the built sssctl.mo is older than po/ja.po (make)"
}

test_japanese_errors_under_lang_ja() {
	ja_env
	setup_repo
	ja show 2611-ZZZZ
	expect_eq "$rc" 1 "unknown ticket: exit status"
	one_error "^sssctl: error: チケット '2611-ZZZZ' が見つかりません"
	expect_eq "$(wc -l <"$ERR")" 1 "unknown ticket: lines"

	# a usage error: the message, then the usage, both Japanese
	ja set
	expect_eq "$rc" 2 "bad usage: exit status"
	one_error "^sssctl: error: ID と 1 つ以上の 項目=値 を指定してください$"
	expect_contains "使い方: sssctl set [--author '名前 <メール>'] ID 項目=値..." "$ERR"
	ja show --bogus
	expect_eq "$rc" 2 "unknown option: exit status"
	one_error "'--bogus'"
	ja frobnicate
	expect_eq "$rc" 2
	one_error "'frobnicate' は sssctl のコマンドではありません"

	# a quoted line break stays inside the one line
	ja show "$(printf '髙橋\n𠮷田')"
	expect_eq "$(wc -l <"$ERR")" 1 "an error quoting a line break: lines"
	one_error '髙橋\\n𠮷田'

	# the library's errors too (config, file system)
	ja -C "$TMPDIR_T/nowhere" list
	one_error "ディレクトリ '.*nowhere' を使えません"
}

test_japanese_help() {
	ja_env
	ja -h
	expect_eq "$rc" 0
	expect_contains "使い方: sssctl [-C ディレクトリ]" "$OUT"
	expect_contains "コマンド:" "$OUT"
	grep -q '^   show       チケットを表示する$' "$OUT" || fail "no Japanese summary of show: $(cat "$OUT")"
	# every command has its summary translated
	if grep -E '^   [a-z-]+ +[a-z]' "$OUT"; then fail "an English summary in 'sssctl -h'"; fi
	ja calendar -h
	expect_out "使い方: sssctl calendar [年]
または: sssctl calendar --business-days 開始日 終了日"
	ja set -h
	expect_contains "   項目: title status priority" "$OUT"
}

test_english_by_default() {
	setup_repo
	for vars in "LC_ALL= LANG=C" "LC_ALL= LANG=" "LC_ALL=C.UTF-8" "LC_ALL=C LANGUAGE=ja" "LC_ALL= LANG=C LANGUAGE=ja"; do
		set +e
		# shellcheck disable=SC2086
		env -u LANG -u LC_MESSAGES $vars "$SSSCTL" show 2611-ZZZZ >"$OUT" 2>"$ERR"
		rc=$?
		set -e
		expect_eq "$rc" 1 "$vars: exit status"
		one_error "^sssctl: error: no ticket '2611-ZZZZ'; see 'sssctl list --all'$"
	done
	env -u LANG LC_ALL= "$SSSCTL" -h >"$OUT"
	expect_contains "usage: sssctl [-C DIR]" "$OUT"
	expect_contains "show a ticket" "$OUT"
}

test_language_ja() {
	setup_repo
	# LANGUAGE as gettext reads it: honoured unless the locale is C
	JA="LC_ALL=C.UTF-8 LANGUAGE=ja"
	ja show 2611-ZZZZ
	expect_eq "$rc" 1
	one_error "チケット '2611-ZZZZ' が見つかりません"
	JA="LC_ALL=C.UTF-8 LANGUAGE=fr:ja"
	ja set
	expect_eq "$rc" 2
	one_error "項目=値"
}

# list's table (for people) in Japanese: headings and the status and
# priority cells; the TSV under the same locale keeps the values
test_list_table_in_japanese() {
	ja_env
	setup_repo
	id=$(sss new usage-inquiry --event "𠮷野家の端末①" --priority high)
	sss set "$id" status=in-progress >/dev/null
	JA="$JA SSS_FORCE_TTY=1 COLUMNS=100"
	ja list
	expect_eq "$rc" 0 "list exit status"
	head -n 1 "$OUT" | grep -Eq '^ID +状態 +優先度 +期限 +担当者 +件名$' || fail "headings: $(head -n 1 "$OUT")"
	grep -Eq "^$id +対応中 +高 +- +- +利用方法" "$OUT" || fail "row: $(cat "$OUT")"
	ja list --format tsv
	grep -q "^$id	in-progress	high	" "$OUT" || fail "tsv changed: $(cat "$OUT")"
}

test_output_programs_read_is_the_same() {
	ja_env
	setup_repo
	id=$(sss new usage-inquiry --event "①髙橋さんの𠮷野家アカウント" --assignee 佐藤)
	sss comment "$id" -m "ＶＰＮ 接続を確認" --spent 1h30m >/dev/null
	for args in "list --format json" "list --format tsv" "show --format json $id" \
		"calendar 2026" "report monthly --format json -o -" "log $id"; do
		# shellcheck disable=SC2086
		expect_same_run "LC_ALL=C.UTF-8" "$JA" $args
	done
	# a failing command exits the same
	for args in "show 2611-ZZZZ" "set $id status=bogus" "list --format bogus" "set"; do
		set +e
		# shellcheck disable=SC2086
		sss $args >/dev/null 2>&1
		r1=$?
		# shellcheck disable=SC2086
		env $JA "$SSSCTL" $args >/dev/null 2>&1
		r2=$?
		set -e
		expect_eq "$r2" "$r1" "$args: exit status"
	done
	# the ticket and its commit keep their text: nothing translated into them
	git log -1 --format=%B | grep -q '^Sss-Action: comment' || fail "trailer changed"
}

run_tests "$@"
