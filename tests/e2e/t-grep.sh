#!/bin/sh
# sssctl grep
. "$(dirname "$0")/lib.sh"

test_grep_titles_and_bodies() {
	setup_repo
	a=$(sss --now 2026-11-26T09:00:00+09:00 new incident-software --software ApexOne --event 定義ファイル更新失敗 -m "本庁舎3階のPCで失敗")
	b=$(sss --now 2026-11-26T09:10:00+09:00 new usage-inquiry --event Teams録画 -m "ＳＫＹＳＥＡの画面")
	expect_status 0 sss grep 'ApexOne'
	expect_contains "$a:title:インシデント (ApexOne：定義ファイル更新失敗)" "$OUT"
	expect_status 0 sss grep '本庁舎\d階'
	n=$(grep -n '本庁舎3階' "tickets/2026/11/$a.md" | cut -d: -f1)
	expect_out "$a:$n:本庁舎3階のPCで失敗"
	expect_status 0 sss grep -i 'ｓｋｙｓｅａ'
	expect_contains "$b:" "$OUT"
	expect_status 0 sss grep -l '\p{Han}+'
	expect_out "$a
$b"
	expect_status 1 sss grep 'nothing-like-this'
}

test_grep_prefilter_never_hides_a_match() {
	setup_repo
	# titles that YAML must quote or escape, and anchored patterns that
	# see the title alone, not its "title: ..." line
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --title 'say "hi": \now' -m 'body')
	b=$(sss --now 2026-11-26T09:10:00+09:00 new usage-inquiry --title "it's 'quoted'" -m 'x')
	c=$(sss --now 2026-11-26T09:20:00+09:00 new usage-inquiry --event 録画)
	expect_status 0 sss grep -l '"hi": \\now'
	expect_out "$a"
	expect_status 0 sss grep -l "it's 'quoted'"
	expect_out "$b"
	expect_status 0 sss grep -l '^利用方法'
	expect_out "$c"
	expect_status 0 sss grep -l '録画\)$'
	expect_out "$c"
	expect_status 0 sss grep -l '(?<!title: )利用方法'
	expect_contains "$c" "$OUT"
}

test_grep_bad_pattern() {
	setup_repo
	expect_error 2 "bad pattern" sss grep '(unclosed'
}

test_grep_runaway_pattern_is_stopped() {
	setup_repo
	sss new usage-inquiry --event q -m "$(printf 'a%.0s' $(seq 1 40))b" >/dev/null
	expect_error 1 "too costly" timeout 20 "$SSSCTL" grep '^(a+)+$'
}

test_grep_hits_in_title_body_and_work_log() {
	setup_repo
	# 𠮷 is four bytes in UTF-8, 髙 three: the raw prefilter and the
	# per-line match must agree on both
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --title '𠮷野家の髙橋さん' -m '本文に𠮷と髙')
	sss --now 2026-11-26T10:00:00+09:00 comment "$a" -m '作業記録にも髙橋' >/dev/null
	b=$(sss --now 2026-11-26T11:00:00+09:00 new usage-inquiry --event 無関係)
	expect_status 0 sss grep '𠮷'
	expect_contains "$a:title:𠮷野家の髙橋さん" "$OUT"
	n=$(grep -n '本文に𠮷と髙' "tickets/2026/11/$a.md" | cut -d: -f1)
	expect_contains "$a:$n:本文に𠮷と髙" "$OUT"
	expect_status 0 sss grep '作業記録にも髙'
	n=$(grep -n '作業記録にも髙橋' "tickets/2026/11/$a.md" | cut -d: -f1)
	expect_contains "$a:$n:" "$OUT"
	expect_status 0 sss grep -l '髙橋'
	expect_out "$a"
	case "$OUT" in *"$b"*) fail "$b listed for 髙橋" ;; esac
}

test_grep_and_list_never_follow_a_symlink() {
	setup_repo
	a=$(sss --now 2026-11-26T09:00:00+09:00 new usage-inquiry --event 内側)
	mkdir -p "$TMPDIR_T/outside/12"
	sed 's/内側/外側/' "tickets/2026/11/$a.md" >"$TMPDIR_T/outside/12/2612-OUTSID.md"
	sed 's/内側/外側/' "tickets/2026/11/$a.md" >"$TMPDIR_T/outside/2611-LINKED.md"
	# a month that is a link, and a ticket file that is one
	ln -s "$TMPDIR_T/outside/12" tickets/2026/12
	ln -s "$TMPDIR_T/outside/2611-LINKED.md" tickets/2026/11/2611-LINKED.md
	expect_status 1 sss grep '外側'
	expect_status 0 sss grep -l '内側'
	expect_out "$a"
	expect_status 0 sss list --all --format tsv
	case "$OUT" in *OUTSID* | *LINKED*) fail "list followed a link: $OUT" ;; esac
	rm tickets/2026/12 tickets/2026/11/2611-LINKED.md
}

run_tests "$@"
