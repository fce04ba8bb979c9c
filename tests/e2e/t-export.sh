#!/bin/sh
# sssctl export: CSV byte for byte (quotes, commas, line breaks, 𠮷 髙 ①,
# full-width spaces), CP932 and its errors, JSON and JSON lines, list's
# filters, -o written whole or not at all.
. "$(dirname "$0")/lib.sh"

BOM=$(printf '\357\273\277')
CR=$(printf '\r')

fixture() {
	setup_repo
	A=$(sss --now 2026-11-26T09:00:00+09:00 new incident-software --software 'Apex,"One"' \
		--event '髙橋①　失敗' --assignee 田中 --priority high --due 2026-11-20)
	B=$(sss --now 2026-11-26T09:10:00+09:00 new user-registration --user 𠮷田 --software M365 \
		--assignee 佐藤 --due 2026-12-01)
	C=$(sss --now 2026-11-26T09:20:00+09:00 new usage-inquiry --event 質問 --assignee 田中)
	sss set "$B" status=waiting
	sss close --force "$C" >/dev/null
}

# same_bytes FILE WANT-FILE: the two files are equal byte for byte.
same_bytes() {
	cmp "$1" "$2" >&2 || {
		od -c "$1" | head -n 20 | sed 's/^/#   got  /' >&2
		od -c "$2" | head -n 20 | sed 's/^/#   want /' >&2
		fail "'$1' differs from '$2'"
	}
}

test_csv_bytes() {
	fixture
	expect_status 0 sss export --columns id,title,status,priority,assignee,due,created,params.ソフト名
	{
		printf '%s%s\r\n' "$BOM" 'ID,件名,状態,優先度,担当者,期限,作成日時,ソフト名'
		printf '%s\r\n' "$A,\"インシデント (Apex,\"\"One\"\"：髙橋①　失敗)\",未着手,高,田中,2026-11-20,2026-11-26 09:00,\"Apex,\"\"One\"\"\""
		printf '%s\r\n' "$B,ユーザ登録申請 (𠮷田：M365),保留,中,佐藤,2026-12-01,2026-11-26 09:10,M365"
	} >"$TMPDIR_T/want"
	same_bytes "$OUT" "$TMPDIR_T/want"
	# raw keys and values
	expect_status 0 sss export --headings keys --columns 'id, status,priority,created' --status waiting
	printf '%s%s\r\n%s\r\n' "$BOM" 'id,status,priority,created' \
		"$B,waiting,normal,2026-11-26T09:10:00+09:00" >"$TMPDIR_T/want"
	same_bytes "$OUT" "$TMPDIR_T/want"
}

test_csv_line_break_in_a_field() {
	fixture
	f=$(git ls-files "tickets/*/$A.md")
	# a value with a line break and a quote, as a hand edit would leave it
	sed 's/^  事象: .*$/  事象: "一行目\\n二行目 \\"確認\\""/' "$f" >"$TMPDIR_T/t" && cat "$TMPDIR_T/t" >"$f"
	git -c user.name=t -c user.email=t@x commit -qam "edit by hand"
	expect_status 0 sss export --headings keys --columns id,params.事象 --status open
	printf '%sid,params.事象\r\n%s,"一行目\n二行目 ""確認"""\r\n' "$BOM" "$A" >"$TMPDIR_T/want"
	same_bytes "$OUT" "$TMPDIR_T/want"
}

test_cp932_decodes_back() {
	fixture
	expect_status 0 sss export --all --status open,closed -o "$TMPDIR_T/a.csv" --encoding cp932
	[ ! -s "$OUT" ] || fail "-o wrote to stdout too"
	head -c 3 "$TMPDIR_T/a.csv" | od -An -tx1 | grep -q 'ef bb bf' && fail "BOM in CP932"
	# 髙 is FB FC in CP932 (not in Shift_JIS), ① 87 40, the full-width space 81 40
	od -An -tx1 "$TMPDIR_T/a.csv" | tr -d '\n' | grep -q 'fb fc 8b b4 87 40 81 40' ||
		fail "髙橋①　 not as CP932"
	iconv -f CP932 -t UTF-8 "$TMPDIR_T/a.csv" >"$TMPDIR_T/back" || fail "not CP932"
	expect_status 0 sss export --all --status open,closed
	tail -c +4 "$OUT" >"$TMPDIR_T/utf8"
	same_bytes "$TMPDIR_T/back" "$TMPDIR_T/utf8"
	expect_contains "インシデント (Apex,\"\"One\"\"：髙橋①　失敗)" "$TMPDIR_T/back"
}

test_cp932_wave_dash_and_minus() {
	setup_repo
	D=$(sss new usage-inquiry --event '10〜12時−確認')
	expect_status 0 sss export --columns title --encoding cp932 --headings keys
	# 〜 (U+301C) and − (U+2212) as Windows has them: 81 60 and 81 7C
	od -An -tx1 "$OUT" | tr -d '\n' | grep -q '31 30 81 60 31 32 8e 9e 81 7c' ||
		fail "〜 and − not written as 8160 and 817C: $(od -An -tx1 "$OUT")"
	expect_eq "$(iconv -f CP932 -t UTF-8 "$OUT" | tail -n 1)" "利用方法、仕様などの問合せ (10～12時－確認)$CR"
	[ -n "$D" ]
}

test_cp932_unmappable_is_an_error() {
	fixture
	expect_error 1 "ticket $B, column 件名: '𠮷' \(U\+20BB7\) has no CP932 form \(--encoding utf-8 keeps it, --replace writes 〓 instead\)" \
		sss export --encoding cp932 -o "$TMPDIR_T/b.csv"
	expect_eq "$(wc -l <"$ERR")" 1 "error lines"
	[ ! -e "$TMPDIR_T/b.csv" ] || fail "a file was written"
	[ ! -s "$OUT" ] || fail "output on stdout"
	# a file that was there stays as it was
	echo 前のまま >"$TMPDIR_T/c.csv"
	expect_error 1 "has no CP932 form" sss export --encoding cp932 -o "$TMPDIR_T/c.csv"
	expect_eq "$(cat "$TMPDIR_T/c.csv")" 前のまま "old file"
	expect_eq "$(ls "$TMPDIR_T" | grep -c tmp)" 0 "temporary files"
	# to stdout: nothing at all
	expect_error 1 "has no CP932 form" sss export --encoding cp932
	[ ! -s "$OUT" ] || fail "a partial CSV on stdout"
}

test_cp932_replace_counts() {
	fixture
	expect_status 0 sss export --encoding cp932 --replace --columns id,title,params.ユーザ名
	expect_eq "$(cat "$ERR")" "sssctl: warning: 2 characters replaced with 〓"
	iconv -f CP932 -t UTF-8 "$OUT" >"$TMPDIR_T/back"
	expect_contains "$B,ユーザ登録申請 (〓田：M365),〓田" "$TMPDIR_T/back"
	expect_status 0 sss export --encoding cp932 --replace --status open
	[ ! -s "$ERR" ] || fail "a warning with nothing replaced: $(cat "$ERR")"
}

test_json_typed() {
	fixture
	sss comment "$A" -m 調査 --spent 1h30m >/dev/null
	expect_status 0 sss export --all --format json
	python3 - "$OUT" "$A" "$C" <<'PY' || fail "bad JSON"
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 3, d
a = [t for t in d if t["id"] == sys.argv[2]][0]
assert a["title"] == 'インシデント (Apex,"One"：髙橋①　失敗)', a
assert a["status"] == "未着手" and a["priority"] == "高" and a["kind"] == "インシデント", a
assert a["spent_min"] == 90 and a["estimate_min"] is None, a
assert a["due"] == "2026-11-20" and a["created"] == "2026-11-26T09:00", a
assert a["requester"] is None and a["closed"] is None, a
assert a["sla.resolve.state"] in ("順調", "期限間近", "超過"), a
assert list(a)[:3] == ["id", "title", "kind"], list(a)
c = [t for t in d if t["id"] == sys.argv[3]][0]
assert c["status"] == "完了" and c["closed"].startswith("2026-11-26T"), c
PY
	expect_status 0 sss export --format json --headings keys --columns id,status,sla.resolve.target_min --status open
	python3 - "$OUT" <<'PY' || fail "bad JSON (keys)"
import json, sys
d = json.load(open(sys.argv[1]))
assert [t["status"] for t in d] == ["open"], d
assert isinstance(d[0]["sla.resolve.target_min"], int), d
PY
	expect_status 0 sss export --format json --status cancelled
	expect_out "[]"
}

test_jsonl_whole_tickets() {
	fixture
	expect_status 0 sss export --all --format jsonl -o "$TMPDIR_T/t.jsonl"
	expect_eq "$(wc -l <"$TMPDIR_T/t.jsonl")" 3 "lines"
	python3 - "$TMPDIR_T/t.jsonl" "$REPO" "$B" <<'PY' || fail "bad JSON lines"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "", "no newline at the end"
for line in lines[:-1]:
    t = json.loads(line)
    for k in ("id", "title", "sow", "kind", "status", "priority", "created",
              "updated", "params", "path", "body", "spent_min", "estimate_min"):
        assert k in t, (k, t)
    raw = open(sys.argv[2] + "/" + t["path"], encoding="utf-8").read()
    # the body is the file after its front matter, unchanged
    assert raw.split("\n---\n", 1)[1] == t["body"], t["id"]
    if t["id"] == sys.argv[3]:
        assert t["params"] == {"ユーザ名": "𠮷田", "ソフト名": "M365"}, t
        assert t["status"] == "waiting" and t["due"] == "2026-12-01", t
PY
	expect_error 2 "--columns does not apply" sss export --format jsonl --columns id
}

test_filters_as_list() {
	fixture
	for f in "--assignee 田中 --all" "--status waiting" "--overdue" "--kind incident" "--all" ""; do
		# shellcheck disable=SC2086
		sss list $f --format tsv | cut -f 1 >"$TMPDIR_T/list"
		# shellcheck disable=SC2086
		sss export $f --columns id --headings keys | tail -n +2 | tr -d '\r' >"$TMPDIR_T/export"
		diff -u "$TMPDIR_T/list" "$TMPDIR_T/export" >&2 || fail "export $f differs from list"
	done
	expect_status 0 sss export --assignee 田中 --all --columns id --headings keys
	expect_eq "$(tail -n +2 "$OUT" | tr -d '\r' | tr '\n' ' ')" "$A $C " "assignee"
	expect_error 2 "unknown status 'done'" sss export --status done
}

test_xlsx_is_a_workbook() {
	fixture
	expect_status 0 sss export --all --format xlsx -o "$TMPDIR_T/a.xlsx"
	python3 - "$TMPDIR_T/a.xlsx" "$A" <<'PY' || fail "not a workbook"
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
book = z.read("xl/workbook.xml").decode()
assert "チケット" in book, book
strings = z.read("xl/sharedStrings.xml").decode()
for s in ("件名", "状態", sys.argv[2], "髙橋①　失敗"):
    assert s in strings, s
PY
	expect_status 0 sss export --format xlsx
	expect_eq "$(head -c 2 "$OUT")" PK "xlsx on a pipe"
	# made at --now: the same tickets give the same bytes
	sss export --all --format xlsx >"$TMPDIR_T/b.xlsx"
	sleep 1
	sss export --all --format xlsx -o "$TMPDIR_T/c.xlsx"
	same_bytes "$TMPDIR_T/b.xlsx" "$TMPDIR_T/c.xlsx"
}

# a python3 that has openpyxl (Debian's python3-openpyxl): a reader that
# is not ours
PY=$(openpyxl_python)

test_xlsx_read_by_openpyxl() {
	[ -n "$PY" ] || skip "python3-openpyxl is not installed (tests/deps.sh installs it)"
	fixture
	sss set "$A" estimate=1h30m
	expect_status 0 sss export --all --format xlsx -o "$TMPDIR_T/a.xlsx" \
		--columns id,title,status,priority,due,created,estimate_min,params.ソフト名
	"$PY" - "$TMPDIR_T/a.xlsx" "$A" "$B" "$C" <<'PY' || fail "the workbook as openpyxl reads it"
import datetime, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
a, b, c = sys.argv[2:5]
assert wb.sheetnames == ["チケット"], wb.sheetnames
ws = wb["チケット"]
rows = list(ws.iter_rows(values_only=True))
head = [r for r in rows if r and r[0] == "ID"]
assert head, rows[:4]
hi = rows.index(head[0])
assert list(head[0]) == ["ID", "件名", "状態", "優先度", "期限", "作成日時", "見積り（分）", "ソフト名"], head[0]
data = {r[0]: r for r in rows[hi + 1:] if r and r[0]}
assert set(data) == {a, b, c}, data.keys()
ra = data[a]
assert ra[1] == "インシデント (Apex,\"One\"：髙橋①　失敗)", ra[1]
assert ra[2] == "未着手" and ra[3] == "高", ra
assert isinstance(ra[4], datetime.datetime) and ra[4].date() == datetime.date(2026, 11, 20), ra[4]
assert isinstance(ra[5], datetime.datetime) and ra[5] == datetime.datetime(2026, 11, 26, 9, 0), ra[5]
# minutes as a duration: 90 minutes = 90/1440 of a day
assert ra[6] == datetime.timedelta(minutes=90), ra[6]
assert ra[7] == 'Apex,"One"', ra[7]
assert data[b][1] == "ユーザ登録申請 (𠮷田：M365)", data[b][1]
assert data[c][2] == "完了", data[c]
assert ws.cell(row=hi + 1, column=1).font.b, "header not bold"
assert ws.freeze_panes == "A%d" % (hi + 2), ws.freeze_panes
assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A%d:" % (hi + 1)), ws.auto_filter.ref
PY
}

test_xlsx_refused_on_a_terminal() {
	command -v script >/dev/null || skip "no script(1) to give sssctl a terminal"
	fixture
	set +e
	script -qec "'$SSSCTL' export --format xlsx" /dev/null >"$OUT" 2>&1
	rc=$?
	set -e
	expect_eq "$rc" 2 "exit status"
	expect_contains "sssctl: error: an xlsx workbook is not for a terminal: give -o FILE.xlsx" "$OUT"
	grep -q PK "$OUT" && fail "a workbook on the terminal"
	return 0
}

test_bad_options() {
	fixture
	expect_error 2 "unknown column 'foo' \(use id, title, .*params.NAME, extra.NAME\)" \
		sss export --columns id,foo
	expect_eq "$(wc -l <"$ERR")" 1 "error lines"
	expect_error 2 "unknown column ''" sss export --columns id,,title
	expect_error 2 "unknown format 'xml' \(use csv, xlsx, json or jsonl\)" sss export --format xml
	expect_error 2 "unknown encoding 'sjis'" sss export --encoding sjis
	expect_error 2 "unknown headings 'en'" sss export --headings en
	expect_error 2 "--encoding is for --format csv" sss export --format json --encoding cp932
	expect_error 2 "--replace is for --encoding cp932" sss export --replace
	expect_error 2 "unexpected argument 'x'" sss export x
	expect_error 1 "nodir" sss export -o "$TMPDIR_T/nodir/a.csv"
	[ ! -e "$TMPDIR_T/nodir" ] || fail "a directory was made"
}

test_broken_ticket_named_others_exported() {
	fixture
	printf -- '---\nid: [broken\n' >tickets/2026/11/2611-BADBAD.md
	expect_status 1 sss export --all --columns id --headings keys
	expect_contains "2611-BADBAD.md" "$ERR"
	expect_eq "$(tail -n +2 "$OUT" | wc -l)" 3 "exported"
	rm tickets/2026/11/2611-BADBAD.md
}

run_tests
