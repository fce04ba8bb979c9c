#!/bin/sh
# sssctl minutes: a meeting's ## 議事録 from -m, -F or the editor
. "$(dirname "$0")/lib.sh"

make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

# the week's 週次定例会, as due makes it
meeting() {
	sss due -q >/dev/null
	ls tickets/*/*/r-weekly-meeting-2026-w48.md >/dev/null || fail "no meeting ticket"
	echo r-weekly-meeting-2026-w48
}

test_minutes_write_then_append() {
	setup_repo 2026-11-23
	id=$(meeting)
	f=$(ls tickets/*/*/"$id".md)
	n=$(commits)
	expect_status 0 sss minutes "$id" -m "出席: 田中、髙橋
- ApexOne 定義更新の件: 手動配信で対応（①）"
	expect_out "wrote ## 議事録 of $id"
	expect_eq "$(commits)" $((n + 1)) commits
	expect_eq "$(git log -1 --format=%s | cut -d' ' -f2)" minutes action
	git log -1 --format=%B | grep -qx "Sss-Action: minutes" || fail "no trailer"
	sed -n '/^## 議事録$/,/^## /p' "$f" >"$TMPDIR_T/sec"
	expect_contains "出席: 田中、髙橋" "$TMPDIR_T/sec"
	expect_contains "- ApexOne 定義更新の件: 手動配信で対応（①）" "$TMPDIR_T/sec"
	# the second text is appended under a dated heading; the first stays
	SSS_NOW=2026-11-26T15:30:00+09:00 expect_status 0 sss minutes "$id" -m "### 決定事項
- 次回は 12/3（木）"
	expect_out "appended to ## 議事録 of $id (it had text already, which is kept)"
	sed -n '/^## 議事録$/,/^## [^議]/p' "$f" >"$TMPDIR_T/sec"
	expect_contains "出席: 田中、髙橋" "$TMPDIR_T/sec"
	expect_contains "### 追記 2026-11-26 15:30 テスト太郎" "$TMPDIR_T/sec"
	expect_contains "- 次回は 12/3（木）" "$TMPDIR_T/sec"
	# still one ## 議事録, and the sections after it are intact
	expect_eq "$(grep -c '^## 議事録$' "$f")" 1 "minutes sections"
	expect_eq "$(grep -c '^## 作業記録$' "$f")" 1 "work-log sections"
	# the weekly report reads them
	expect_status 0 sss report weekly --period 2026-W48 -o -
	expect_contains "チケット $id の議事録" "$OUT"
	expect_contains "次回は 12/3（木）" "$OUT"
}

test_minutes_from_file_and_stdin() {
	setup_repo 2026-11-23
	id=$(meeting)
	f=$(ls tickets/*/*/"$id".md)
	printf '\357\273\277議題 𠮷野家\r\n全角　スペース\r\n\r\n' >"$TMPDIR_T/m.txt"
	expect_status 0 sss minutes "$id" -F "$TMPDIR_T/m.txt"
	expect_contains "議題 𠮷野家" "$f"
	if grep -q "$(printf '\r')" "$f"; then fail "CR written"; fi
	if grep -q "$(printf '\357\273\277')" "$f"; then fail "BOM written"; fi
	printf '標準入力から\n' | sss minutes "$id" -F - >"$OUT" || fail "-F -"
	expect_contains "標準入力から" "$f"
	expect_error 1 "nonexistent" sss minutes "$id" -F "$TMPDIR_T/nonexistent"
	printf '\377\376' >"$TMPDIR_T/bad.txt"
	expect_error 2 "not valid UTF-8" sss minutes "$id" -F "$TMPDIR_T/bad.txt"
}

test_minutes_in_the_editor() {
	setup_repo 2026-11-23
	id=$(meeting)
	f=$(ls tickets/*/*/"$id".md)
	make_editor ed 'printf "エディタの議事録 髙\\n" >"$1"'
	EDITOR="$TMPDIR_T/ed" expect_status 0 sss minutes "$id"
	expect_contains "エディタの議事録 髙" "$f"
	ls .git/sss-minutes-* >/dev/null 2>&1 && fail "scratch file left"
	n=$(commits)
	make_editor blank ': >"$1"'
	EDITOR="$TMPDIR_T/blank" expect_error 1 "the minutes text is empty; nothing was committed" sss minutes "$id"
	expect_eq "$(commits)" "$n" commits
	# a text that would break the ticket is refused, and kept
	make_editor head 'printf "## 見出し\\n本文\\n" >"$1"'
	EDITOR="$TMPDIR_T/head" expect_error 2 "line 1 is a heading.*use ###.*your text is kept in '.*sss-minutes-$id-[0-9]+\\.md'" \
		sss minutes "$id"
	kept=$(sed -n "s/.*your text is kept in '\(.*\)'.*/\1/p" "$ERR")
	expect_contains "## 見出し" "$kept"
	rm -f "$kept"
	expect_eq "$(commits)" "$n" commits
}

test_minutes_bad_input_changes_nothing() {
	setup_repo 2026-11-23
	id=$(meeting)
	before=$(git rev-parse HEAD)
	expect_error 2 "line 2 is a heading" sss minutes "$id" -m "a
# 大見出し"
	expect_error 2 "code fence" sss minutes "$id" -m '```
開いたまま'
	expect_error 2 "empty" sss minutes "$id" -m ""
	expect_error 2 "empty" sss minutes "$id" -m "  
 "
	expect_error 2 "not both" sss minutes "$id" -m a -F /dev/null
	expect_error 2 "give one ticket ID" sss minutes -m a
	expect_error 1 "no ticket" sss minutes 2611-ZZZZZZ -m a
	# ### and a closed fence are fine inside
	expect_eq "$(git rev-parse HEAD)" "$before" "HEAD moved"
	expect_status 0 sss minutes "$id" -m '### 小見出し
```
## コード中の見出しは本文
```'
	expect_eq "$(grep -c '^## コード中の見出しは本文$' tickets/*/*/"$id".md)" 1 "fenced heading"
	sss check -q || fail "check finds the ticket broken"
}

run_tests "$@"
