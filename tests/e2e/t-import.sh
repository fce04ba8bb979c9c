#!/bin/sh
# sssctl import: CSV rows and JSON lines into tickets, one commit, all or
# nothing. The 10,000-row cases are tests/import/suite-import.sh's.
. "$(dirname "$0")/lib.sh"

# tickets: how many ticket files the work tree has.
tickets() { find tickets -name '*.md' 2>/dev/null | wc -l | tr -d ' '; }

# ticket_of TITLE-TEXT: the file of the ticket whose title has the text.
ticket_of() { grep -l -F -- "$1" $(find tickets -name '*.md') | head -n 1; }

test_columns_by_japanese_heading_and_placeholder() {
	setup_repo
	printf '%s\r\n' 'ユーザ名,ソフト名,担当者,依頼者,期限,優先度,状態,見積り,タグ,内容' \
		'山田花子,M365,田中,情報政策課,2026/12/1,高,対応中,1h30m,"人事, 4月","追加"' \
		'髙橋𠮷男,SKYSEA,佐藤,,2026-12-02,low,open,,,' >"$TMPDIR_T/a.csv"
	expect_status 0 sss import "$TMPDIR_T/a.csv" --sow user-registration
	expect_out "imported 2 tickets from '$TMPDIR_T/a.csv'"
	expect_eq "$(commits)" 2 commits
	expect_eq "$(tickets)" 2 tickets
	f=$(ticket_of 山田花子)
	expect_contains "title: ユーザ登録申請 (山田花子：M365)" "$f"
	expect_contains "sow: user-registration" "$f"
	expect_contains "status: in-progress" "$f"
	expect_contains "priority: high" "$f"
	expect_contains "assignee: 田中" "$f"
	expect_contains "requester: 情報政策課" "$f"
	expect_contains "due: 2026-12-01" "$f"
	expect_contains "estimate: 1h30m" "$f"
	expect_contains "  ユーザ名: 山田花子" "$f"
	expect_contains "tags: [人事, 4月]" "$f"
	expect_contains "- [ ] M365：ユーザ作成" "$f"
	f=$(ticket_of 髙橋)
	expect_contains "title: ユーザ登録申請 (髙橋𠮷男：SKYSEA)" "$f"
	expect_contains "priority: low" "$f"
	expect_contains "status: open" "$f"
	expect_eq "$(git log -1 --format=%s)" "import: 2 tickets from '$TMPDIR_T/a.csv'" subject
	git log -1 --format=%B | git interpret-trailers --parse >"$TMPDIR_T/tr"
	expect_contains "Sss-Action: import" "$TMPDIR_T/tr"
	expect_contains "Sss-Sow: user-registration" "$TMPDIR_T/tr"
	expect_contains "Sss-Count: 2" "$TMPDIR_T/tr"
	# the IDs are the kind `new` mints, each once
	ls tickets/2026/11 | grep -Evq '^2611-[0-9A-HJKMNP-TV-Z]{6}\.md$' && fail "odd file name"
	sss check >/dev/null || fail "check fails on imported tickets"
}

test_map_overrides_names() {
	setup_repo
	printf '%s\n' '氏名,システム,備考,Title' '①山田,M365,読まない,' >"$TMPDIR_T/m.csv"
	expect_error 1 "column '氏名': unknown column" \
		sss import "$TMPDIR_T/m.csv" --sow user-registration
	expect_status 0 sss import "$TMPDIR_T/m.csv" --sow user-registration \
		--map 氏名=param.ユーザ名 --map システム=param.ソフト名 --map 備考=- --map Title=件名
	f=$(ticket_of ①山田)
	expect_contains "title: ユーザ登録申請 (①山田：M365)" "$f"
	grep -q 読まない "$f" && fail "a column mapped to - was read"
	expect_error 2 "unknown field 'nosuch'" \
		sss import "$TMPDIR_T/m.csv" --sow user-registration --map 氏名=nosuch
	expect_error 2 "has no column 'なし'" \
		sss import "$TMPDIR_T/m.csv" --sow user-registration --map なし=title
	expect_error 2 "not COLUMN=FIELD" sss import "$TMPDIR_T/m.csv" --sow user-registration --map x
	expect_error 2 "needs the SOW item" sss import "$TMPDIR_T/m.csv"
	expect_error 2 "unknown SOW key 'nosuch'" sss import "$TMPDIR_T/m.csv" --sow nosuch
	expect_eq "$(commits)" 2 commits
}

test_cp932_file_made_with_iconv() {
	command -v iconv >/dev/null || skip "no iconv(1) to make a CP932 file"
	setup_repo
	printf '%s\r\n' 'ユーザ名,ソフト名,内容' '髙橋①,M365,"﨑の字　全角空白"' |
		iconv -f UTF-8 -t CP932 >"$TMPDIR_T/sjis.csv"
	# really not UTF-8, so the detection is what reads it
	iconv -f UTF-8 -t UTF-8 "$TMPDIR_T/sjis.csv" >/dev/null 2>&1 && fail "the file is UTF-8"
	expect_status 0 sss import "$TMPDIR_T/sjis.csv" --sow user-registration
	f=$(ticket_of 髙橋①)
	expect_contains "title: ユーザ登録申請 (髙橋①：M365)" "$f"
	expect_contains "﨑の字　全角空白" "$f"
}

test_bom_crlf_and_quoted_line_breaks() {
	setup_repo
	printf '\357\273\277件名,内容\r\n"件名, ""引用"" 付き","一行目\r\n二行目, 三行目"\r\n' >"$TMPDIR_T/b.csv"
	expect_status 0 sss import "$TMPDIR_T/b.csv" --sow usage-inquiry
	f=$(ticket_of '引用')
	expect_contains 'title: 件名, "引用" 付き' "$f"
	python3 - "$f" <<'EOF' || fail "the description was not kept line by line"
import sys
text = open(sys.argv[1], encoding="utf-8").read()
assert "\r" not in text
assert "## 内容\n一行目\n二行目, 三行目\n" in text, text
EOF
}

test_bad_row_names_row_and_column_and_creates_nothing() {
	setup_repo
	{
		echo 'ユーザ名,ソフト名,期限,内容'
		i=0
		while [ $i -lt 20 ]; do echo "利用者$i,M365,2026-12-01,"; i=$((i + 1)); done
		echo '髙橋,M365,2026-12-01,"改行
あり"'
		echo '山田,M365,2026-02-30,'
	} >"$TMPDIR_T/bad.csv"
	expect_error 1 "'$TMPDIR_T/bad.csv' line 24, column '期限': '2026-02-30' is not a date" \
		sss import "$TMPDIR_T/bad.csv" --sow user-registration
	expect_eq "$(wc -l <"$ERR" | tr -d ' ')" 1 "error lines"
	expect_eq "$(commits)" 1 commits
	expect_eq "$(tickets)" 0 tickets
	printf '%s\n' 'ユーザ名,ソフト名,状態' '山田,M365,進行中' >"$TMPDIR_T/st.csv"
	expect_error 1 "line 2, column '状態': unknown status '進行中'" \
		sss import "$TMPDIR_T/st.csv" --sow user-registration
	printf 'ユーザ名,ソフト名\n"山\n田",M365\n' >"$TMPDIR_T/nl.csv"
	expect_error 1 "line 2, column 'ユーザ名': a line break in a placeholder" \
		sss import "$TMPDIR_T/nl.csv" --sow user-registration
	printf '%s\n' 'ユーザ名,ソフト名' ',M365' >"$TMPDIR_T/req.csv"
	expect_error 1 "line 2, column 'ユーザ名': empty, but the title .* needs \{ユーザ名\}" \
		sss import "$TMPDIR_T/req.csv" --sow user-registration
	printf '%s\n' 'ユーザ名' '山田' >"$TMPDIR_T/miss.csv"
	expect_error 1 "line 1: no column gives ソフト名" \
		sss import "$TMPDIR_T/miss.csv" --sow user-registration
	printf '%s\n' 'ユーザ名,ソフト名,見積り' '山田,M365,三時間' >"$TMPDIR_T/dur.csv"
	expect_error 1 "line 2, column '見積り'" sss import "$TMPDIR_T/dur.csv" --sow user-registration
	printf '%s\n' 'ユーザ名,ソフト名,種別' '山田,M365,インシデント' >"$TMPDIR_T/kind.csv"
	expect_error 1 "line 2, column '種別': 'インシデント', but the import is of 'user-registration'" \
		sss import "$TMPDIR_T/kind.csv" --sow user-registration
	printf 'ユーザ名,ソフト名\n山田,"M365\n' >"$TMPDIR_T/open.csv"
	expect_error 1 "line 2: a quoted field is not closed" \
		sss import "$TMPDIR_T/open.csv" --sow user-registration
	printf 'ユーザ名,ソフト名\n山田,M365\n\377\376,x\n' >"$TMPDIR_T/bin.csv"
	expect_error 1 "line 3: neither UTF-8 nor CP932" \
		sss import "$TMPDIR_T/bin.csv" --sow user-registration
	expect_eq "$(commits)" 1 commits
	expect_eq "$(tickets)" 0 tickets
}

test_one_ticket_has_an_item_per_row() {
	setup_repo
	printf '%s\n' 'ユーザ名,ソフト名,担当者,期限' '山田花子,M365,田中,2027/4/1' \
		'髙橋一郎,M365,,2027/4/1' '佐藤①,M365,田中,' >"$TMPDIR_T/one.csv"
	expect_status 0 sss import "$TMPDIR_T/one.csv" --sow user-registration --one-ticket
	id=$(sed -n 's/^imported \([^ ]*\) with 3 checklist items from .*/\1/p' "$OUT")
	[ -n "$id" ] || fail "summary: $(cat "$OUT")"
	f=tickets/2026/11/$id.md
	expect_eq "$(tickets)" 1 tickets
	expect_contains "title: ユーザ登録申請 (山田花子 他2件：M365)" "$f"
	expect_contains "assignee: 田中" "$f"
	expect_contains "due: 2027-04-01" "$f"
	expect_eq "$(grep -c '^- \[ \] ' "$f")" 3 "checklist items"
	expect_contains "- [ ] 髙橋一郎 / M365" "$f"
	expect_eq "$(git log -1 --format=%s)" "$id: import ユーザ登録申請 (山田花子 他2件：M365)" subject
	git log -1 --format=%B | git interpret-trailers --parse >"$TMPDIR_T/tr"
	expect_contains "Sss-Count: 3" "$TMPDIR_T/tr"
	printf '%s\n' 'ユーザ名,ソフト名,担当者' 'a,M365,田中' 'b,M365,佐藤' >"$TMPDIR_T/two.csv"
	expect_error 1 "line 3, column '担当者': '佐藤' differs from line 2" \
		sss import "$TMPDIR_T/two.csv" --sow user-registration --one-ticket
	expect_eq "$(commits)" 2 commits
}

test_dry_run_writes_nothing() {
	setup_repo
	printf '%s\n' 'ID,件名,作成日時' 'x,問合せ①,2026-11-01 10:00' >"$TMPDIR_T/d.csv"
	expect_status 0 sss import "$TMPDIR_T/d.csv" --sow usage-inquiry --dry-run
	expect_out "(new)	問合せ①
column 'ID' (kept by sssctl) read past
column '作成日時' (kept by sssctl) read past
would import 1 ticket from '$TMPDIR_T/d.csv' (nothing written)"
	expect_eq "$(commits)" 1 commits
	expect_eq "$(tickets)" 0 tickets
}

test_standard_input() {
	setup_repo
	printf '%s\n' '事象,担当者' 'Teams会議の録画' | sss import - --sow usage-inquiry >"$OUT"
	expect_out "imported 1 ticket from 'standard input'"
	expect_contains "title: 利用方法、仕様などの問合せ (Teams会議の録画)" "$(ticket_of Teams)"
}

test_export_csv_imports_back() {
	setup_repo
	sss new user-registration --user 山田花子 --software M365 --assignee 田中 --due 2026-12-04 >/dev/null
	sss export --sow user-registration -o "$TMPDIR_T/e.csv"
	git rm -q -r tickets && git -c user.name=t -c user.email=t@x commit -q -m "clear"
	expect_status 0 sss import "$TMPDIR_T/e.csv" --sow user-registration
	f=$(ticket_of 山田花子)
	expect_contains "title: ユーザ登録申請 (山田花子：M365)" "$f"
	expect_contains "assignee: 田中" "$f"
	expect_contains "due: 2026-12-04" "$f"
	expect_contains "priority: normal" "$f"
}

test_jsonl_round_trip_keeps_every_field() {
	setup_repo
	a=$(sss new incident-software --software ApexOne --event '定義, "失敗"' --priority high \
		--assignee 田中 --tag 電話 -m '一行目
𠮷野家の髙橋さんより')
	sss set "$a" status=in-progress estimate=2h >/dev/null
	sss comment "$a" -m "調査①" --spent 45m >/dev/null
	b=$(sss new user-registration --user 山田　花子 --software M365 --due 2026-12-04)
	sss close "$b" --force >/dev/null
	sss export --all --format jsonl -o "$TMPDIR_T/all.jsonl"
	cd "$TMPDIR_T"
	"$SSSCTL" init --contract-start 2026-04-01 fresh >/dev/null
	cd fresh
	REPO=$(pwd)
	expect_status 0 sss import "$TMPDIR_T/all.jsonl"
	expect_out "imported 2 tickets from '$TMPDIR_T/all.jsonl'"
	expect_eq "$(commits)" 2 commits
	sss export --all --format jsonl -o "$TMPDIR_T/again.jsonl"
	python3 - "$TMPDIR_T/all.jsonl" "$TMPDIR_T/again.jsonl" <<'EOF' || fail "the tickets differ"
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len(a) == 2, a
assert a == b, (a, b)
EOF
	cmp "$TMPDIR_T/repo/tickets/2026/11/$a.md" "tickets/2026/11/$a.md" || fail "file differs"
	# an ID that exists: the whole import is refused, nothing is made
	expect_error 1 "line 1: ticket '.*' exists" sss import "$TMPDIR_T/all.jsonl"
	expect_eq "$(commits)" 2 commits
	head -n 1 "$TMPDIR_T/all.jsonl" | sed 's/"id":"[^"]*",//' >"$TMPDIR_T/noid.jsonl"
	expect_status 0 sss import "$TMPDIR_T/noid.jsonl"
	expect_eq "$(tickets)" 3 tickets
	printf '{"title":"x","sow":"usage-inquiry","kind":"request","status":"nosuch","priority":"normal"}\n' \
		>"$TMPDIR_T/bad.jsonl"
	expect_error 1 "bad.jsonl' line 1: .*nosuch" sss import "$TMPDIR_T/bad.jsonl"
	expect_eq "$(commits)" 3 commits
}

run_tests
