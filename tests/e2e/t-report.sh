#!/bin/sh
# sssctl report: the numbers (JSON), the Markdown (against
# report-monthly.expected), the HTML's structure and safety, the bound on
# hostile input, determinism, periods, templates and errors.
. "$(dirname "$0")/lib.sh"

EXPECTED=$TESTS_ROOT/tests/e2e

# The hostile-input bound: one report of a repository holding a 1 MiB
# ticket body full of table pipes must finish within this many seconds
# (measured: well under 0.1 s; ASan builds too).
BOUND_SECONDS=5

T=T09:00:00+09:00

# make_editor NAME SCRIPT: an $EDITOR that gets the file as $1.
make_editor() {
	printf '#!/bin/sh\n%s\n' "$2" >"$TMPDIR_T/$1"
	chmod +x "$TMPDIR_T/$1"
}

# put_minutes ID TEXT-FILE: fill the ## 議事録 section of a ticket (edit).
put_minutes() {
	cp "$2" "$TMPDIR_T/minutes.txt"
	make_editor minutes-ed "python3 - \"\$1\" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
m = open('$TMPDIR_T/minutes.txt', encoding='utf-8').read()
s = s.replace('## 議事録\n', '## 議事録\n' + m + '\n', 1)
open(p, 'w', encoding='utf-8').write(s)
PY"
	EDITOR="$TMPDIR_T/minutes-ed" sss edit "$1" >/dev/null
}

# November 2026 of a contract that starts on 2026-11-01:
#   - a usage inquiry from September, still open (aged > 30 business days);
#   - the month's recurring tickets from `due`: 課題管理, 月次報告会, 定例チェック,
#     WindowsServerUpdate and the meetings of weeks 45-48; 定例チェック and
#     課題管理 closed in time (2 of the 3 monthly ones), week 45 closed on
#     its day, week 46 a day late;
#   - 5 incidents: 3 closed (after 1, 2 and 0 business days), one overdue,
#     one with a hostile title; the second one closed with --problem, so a
#     problem ticket is open;
#   - one 課題 opened by hand.
# IDs are random: the test names them INC1..INC5, PRB1, ISS1, INQ1.
make_november() {
	setup_repo 2026-11-01
	inq1=$(sss --now 2026-09-15$T new usage-inquiry --event "Teams の通知が来ない" --assignee 佐藤)
	sss --now 2026-11-26T10:00:00+09:00 due --quiet
	inc1=$(sss --now 2026-11-04$T new incident-software --software ApexOne --event 定義ファイル更新失敗 --assignee 田中)
	inc2=$(sss --now 2026-11-10$T new incident-software --software SKYSEA --event "ログ収集停止 | 一部端末" --assignee 鈴木)
	inc3=$(sss --now 2026-11-16$T new incident-software --software Outlook --event 起動しない --assignee 田中)
	inc4=$(sss --now 2026-11-18$T new incident-software --software WSUS --event 配信遅延 --assignee 鈴木 --due 2026-11-20)
	inc5=$(sss --now 2026-11-25$T new incident-software --software M365 --event "<img src=x onerror=alert(1)>" --assignee 田中 --due 2026-12-04)
	iss1=$(sss --now 2026-11-20$T new issue-management --title "課題: ファイルサーバ容量の逼迫 *至急*" --assignee 佐藤 --due 2026-12-25)
	sss --now 2026-11-05T15:00:00+09:00 close "$inc1" --force --resolution "定義ファイルを手動で配信し復旧。" >/dev/null
	prb1=$(sss --now 2026-11-12T17:00:00+09:00 close "$inc2" --force --problem \
		--resolution "</table><script>alert(1)</script> サービス再起動で復旧")
	sss --now 2026-11-16T16:00:00+09:00 close "$inc3" --force --resolution "プロファイル再作成" >/dev/null
	sss --now 2026-11-20T12:00:00+09:00 close r-routine-check-2026-11 --force >/dev/null
	sss --now 2026-11-25T12:00:00+09:00 close r-issue-management-2026-11 --force >/dev/null
	sss --now 2026-11-05T18:00:00+09:00 close r-weekly-meeting-2026-w45 --force >/dev/null
	sss --now 2026-11-13T10:00:00+09:00 close r-weekly-meeting-2026-w46 --force >/dev/null
	export SSS_NOW=2026-11-30T18:00:00+09:00
}

# anonymize FILE: replace the random IDs by their names, in place.
anonymize() {
	sed -i -e "s/$inc1/INC1/g" -e "s/$inc2/INC2/g" -e "s/$inc3/INC3/g" \
		-e "s/$inc4/INC4/g" -e "s/$inc5/INC5/g" -e "s/$prb1/PRB1/g" \
		-e "s/$iss1/ISS1/g" -e "s/$inq1/INQ1/g" "$1"
}

# jq-like checks with python3: json_eq FILE EXPR WANT
json_eq() {
	got=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2], {"d": d}), ensure_ascii=False))' "$1" "$2") ||
		fail "cannot evaluate $2"
	expect_eq "$got" "$3" "$2"
}

test_monthly_json_numbers() {
	make_november
	expect_status 0 sss report monthly --format json -o -
	cp "$OUT" "$TMPDIR_T/r.json"
	j=$TMPDIR_T/r.json
	json_eq "$j" 'd["report"]' '"monthly"'
	json_eq "$j" 'd["period"]' '{"name": "2026-11", "start": "2026-11-01", "end": "2026-11-30", "asof": "2026-11-30"}'
	json_eq "$j" 'd["kpi"]["opened"]' 15
	json_eq "$j" 'd["kpi"]["closed"]' 7
	json_eq "$j" 'd["kpi"]["cancelled"]' 0
	json_eq "$j" 'd["kpi"]["backlog"]' 9
	json_eq "$j" 'd["kpi"]["backlog_age"]' '{"under_10": 5, "10_to_30": 3, "over_30": 1}'
	json_eq "$j" 'd["kpi"]["overdue"]' 3
	json_eq "$j" '[d["kpi"]["closed_with_due"], d["kpi"]["closed_by_due"], d["kpi"]["closed_by_due_rate"]]' '[4, 3, 0.75]'
	json_eq "$j" '[d["kpi"]["incidents"], d["kpi"]["incidents_resolved"]]' '[5, 3]'
	json_eq "$j" '[d["kpi"]["mttr_unit"], d["kpi"]["mttr_mean"], d["kpi"]["mttr_median"]]' '["business_days", 1.0, 1.0]'
	json_eq "$j" '[d["kpi"]["recurring_done"], d["kpi"]["recurring_planned"]]' '[4, 8]'
	json_eq "$j" '[d["kpi"]["problems_opened"], d["kpi"]["problems_closed"]]' '[1, 0]'
	# integers, not strings
	json_eq "$j" 'all(type(d["kpi"][k]) is int for k in ("opened", "closed", "backlog", "overdue"))' true
	# one row for every SOW item of the catalog, in catalog order
	sss sow | cut -f1 >"$TMPDIR_T/keys"
	json_eq "$j" 'len(d["sow_items"])' "$(wc -l <"$TMPDIR_T/keys")"
	json_eq "$j" 'len(d["sow_items"])' 27
	python3 -c 'import json,sys; [print(x["key"]) for x in json.load(open(sys.argv[1]))["sow_items"]]' "$j" >"$TMPDIR_T/jkeys"
	diff -u "$TMPDIR_T/keys" "$TMPDIR_T/jkeys" >&2 || fail "sow_items keys differ from the catalog"
	json_eq "$j" '{x["key"]: [x["opened"], x["closed"], x["open"]] for x in d["sow_items"] if x["opened"] or x["closed"] or x["open"]}' \
		'{"issue-management": [2, 1, 1], "weekly-meeting": [4, 2, 2], "monthly-report": [1, 0, 1], "routine-check": [1, 1, 0], "windows-server-update": [1, 0, 1], "usage-inquiry": [0, 0, 1], "incident-software": [5, 3, 2], "problem-software": [1, 0, 1]}'
	json_eq "$j" 'all(sorted(x) == ["area", "carried", "category", "closed", "item", "key", "open", "opened", "summary", "title"] for x in d["sow_items"])' true
	json_eq "$j" '[sum(x[k] for x in d["sow_items"]) for k in ("opened", "closed", "open")]' '[15, 7, 9]'
	json_eq "$j" 'len(d["summary_items"])' 16
	json_eq "$j" '[[c["name"], c["opened"], c["closed"], c["open"]] for c in d["categories"]]' \
		'[["IT支援", 7, 3, 4], ["運用支援", 2, 1, 1], ["サービスデスク", 6, 3, 4]]'
	# fiscal year to date (from 2026-04-01): the September inquiry too
	json_eq "$j" '[d["fiscal_year"]["year"], d["fiscal_year"]["start"]]' '[2026, "2026-04-01"]'
	json_eq "$j" '[x["opened"] for x in d["fy_sow_items"] if x["key"] == "usage-inquiry"]' '[1]'
	# the backlog history starts at the contract (2026-11-01)
	json_eq "$j" '[[h["at"], h["open"]] for h in d["backlog_history"]]' '[["2026-11-30", 9]]'
	json_eq "$j" '[x["id"] for x in d["incidents"]]' "[\"$inc1\", \"$inc2\", \"$inc3\", \"$inc4\", \"$inc5\"]"
	json_eq "$j" '[[x["id"], x["incidents"]] for x in d["open_problems"]]' "[[\"$prb1\", \"$inc2\"]]"
	json_eq "$j" '[x["id"] for x in d["open_issues"]]' "[\"$iss1\"]"
	json_eq "$j" '[x["id"] for x in d["overdue"]]' "[\"r-weekly-meeting-2026-w47\", \"$inc4\", \"r-weekly-meeting-2026-w48\"]"
	# December's work, although `due` has not created it yet
	json_eq "$j" '[[x["id"], x["due"], x["status"]] for x in d["next_work"]]' \
		'[["r-issue-management-2026-12", "2026-12-28", null], ["r-weekly-meeting-2026-w49", "2026-12-03", null], ["r-weekly-meeting-2026-w50", "2026-12-10", null], ["r-weekly-meeting-2026-w51", "2026-12-17", null], ["r-weekly-meeting-2026-w52", "2026-12-24", null], ["r-weekly-meeting-2026-w53", "2026-12-28", null], ["r-monthly-report-2026-12", "2026-12-28", null], ["r-routine-check-2026-12", "2026-12-28", null]]'
}

test_monthly_markdown_matches_expected() {
	make_november
	expect_status 0 sss report monthly -o -
	anonymize "$OUT"
	diff -u "$EXPECTED/report-monthly.expected" "$OUT" >&2 ||
		fail "Markdown differs from tests/e2e/report-monthly.expected"
}

test_running_month_counts_at_now() {
	make_november
	# on the 26th, the closes of the 27th onwards have not happened: the
	# numbers are those of the 26th ("as of"), and today's due is not late
	SSS_NOW=2026-11-26T10:00:00+09:00 expect_status 0 sss report monthly --format json -o -
	cp "$OUT" "$TMPDIR_T/r.json"
	json_eq "$TMPDIR_T/r.json" 'd["period"]["asof"]' '"2026-11-26"'
	json_eq "$TMPDIR_T/r.json" '[d["kpi"]["opened"], d["kpi"]["closed"], d["kpi"]["backlog"], d["kpi"]["overdue"]]' '[15, 7, 9, 2]'
	SSS_NOW=2026-11-26T10:00:00+09:00 expect_status 0 sss report monthly -o -
	expect_contains "※ 対象期間の途中で作成したため" "$OUT"
	expect_contains "| 集計基準日 | 2026年11月26日 |" "$OUT"
}

test_markdown_escapes_ticket_text() {
	make_november
	expect_status 0 sss report monthly -o -
	# pipes in titles stay inside their cell; markup stays text
	expect_contains 'インシデント (SKYSEA：ログ収集停止 \| 一部端末)' "$OUT"
	expect_contains 'インシデント (M365：\<img src=x onerror=alert(1)\>)' "$OUT"
	expect_contains '\</table\>\<script\>alert(1)\</script\> サービス再起動で復旧' "$OUT"
	expect_contains '課題: ファイルサーバ容量の逼迫 \*至急\*' "$OUT"
	# every table row of the incident table has its 6 cells
	awk '/^\| ID \| 件名 \| 起票日 \| 完了日 /{on=1} on && /^\|/ { n = gsub(/[^\\]\|/, "&"); if (n != 6) bad = 1 } on && !/^\|/ { on = 0 } END { exit bad }' "$OUT" ||
		fail "an incident row does not have 6 cells"
}

# python3: HTML structure and safety checks, shared with tests/report.
HTML_CHECK='
import sys
from html.parser import HTMLParser

class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.bad = []
        self.text = []
        self.stack = []
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ("script", "iframe", "object", "embed", "link", "img", "base", "form"):
            self.bad.append("element <%s>" % tag)
        for k, v in attrs:
            if k.lower().startswith("on"):
                self.bad.append("attribute %s on <%s>" % (k, tag))
            if k.lower() in ("href", "src", "xlink:href", "action", "srcset") and v:
                self.bad.append("%s=%r on <%s>" % (k, v, tag))
            if k.lower() == "style":
                self.bad.append("style attribute on <%s>" % tag)
    def handle_data(self, data):
        self.text.append(data)

html = open(sys.argv[1], encoding="utf-8").read()
p = P()
p.feed(html)
p.close()
text = "".join(p.text)
errors = list(p.bad)
if not html.startswith("<!DOCTYPE html>"):
    errors.append("no doctype")
if "javascript:" in html.lower():
    errors.append("javascript: in the file")
for need, n in (("html", 1), ("head", 1), ("body", 1), ("main", 1), ("style", 1), ("title", 1), ("h1", 1), ("svg", 2), ("figure", 2)):
    if p.tags.get(need, 0) != n:
        errors.append("%d <%s>, want %d" % (p.tags.get(need, 0), need, n))
for want in sys.argv[2:]:
    if want.startswith("tables="):
        if p.tags.get("table", 0) != int(want[7:]):
            errors.append("%d tables, want %s" % (p.tags.get("table", 0), want[7:]))
    elif want.startswith("h2="):
        if p.tags.get("h2", 0) != int(want[3:]):
            errors.append("%d h2, want %s" % (p.tags.get("h2", 0), want[3:]))
    elif want not in text:
        errors.append("text lacks %r" % want)
if errors:
    print("\n".join(errors))
    sys.exit(1)
'

test_monthly_html_structure() {
	make_november
	expect_status 0 sss report monthly --format html -o "$TMPDIR_T/r.html"
	expect_eq "$(cat "$OUT")" "$TMPDIR_T/r.html" "printed file name"
	python3 -c "$HTML_CHECK" "$TMPDIR_T/r.html" tables=15 h2=13 \
		'京都府 システム支援サービス 月次報告書' \
		'インシデント (M365：<img src=x onerror=alert(1)>)' \
		'</table><script>alert(1)</script> サービス再起動で復旧' \
		'インシデント (SKYSEA：ログ収集停止 | 一部端末)' \
		'課題: ファイルサーバ容量の逼迫 *至急*' \
		'SOW大分類別のチケット件数' '月末時点の未完了チケット件数' >"$TMPDIR_T/check" ||
		fail "HTML check: $(cat "$TMPDIR_T/check")"
	# self-contained, prints on A4, no script allowed even if one slipped in
	expect_contains '@page' "$TMPDIR_T/r.html"
	expect_contains 'size: A4' "$TMPDIR_T/r.html"
	expect_contains "content=\"default-src 'none'" "$TMPDIR_T/r.html"
	grep -Eq 'https?://' "$TMPDIR_T/r.html" && grep -Eo 'https?://[^" ]*' "$TMPDIR_T/r.html" | grep -v '^http://www.w3.org/2000/svg$' >&2 &&
		fail "external URL in the HTML"
	# every SOW item has a row: 27 entries, twice (month and fiscal year)
	expect_eq "$(grep -c '<td>恒久対応 (事象)</td>' "$TMPDIR_T/r.html")" 4 "problem rows"
}

test_output_is_deterministic() {
	make_november
	for f in md html json; do
		sss report monthly --format $f -o "$TMPDIR_T/a.$f" >/dev/null
		sss report monthly --format $f -o "$TMPDIR_T/b.$f" >/dev/null
		cmp "$TMPDIR_T/a.$f" "$TMPDIR_T/b.$f" || fail "$f output differs between runs"
		sss report weekly --format $f -o "$TMPDIR_T/a.$f" >/dev/null
		sss report weekly --format $f -o "$TMPDIR_T/b.$f" >/dev/null
		cmp "$TMPDIR_T/a.$f" "$TMPDIR_T/b.$f" || fail "weekly $f output differs between runs"
	done
	# the machine's time zone does not matter: the repository's does
	sss report monthly --format html -o "$TMPDIR_T/a.html" >/dev/null
	TZ=America/New_York sss report monthly --format html -o "$TMPDIR_T/c.html" >/dev/null
	cmp "$TMPDIR_T/a.html" "$TMPDIR_T/c.html" || fail "output depends on TZ"
}

test_default_file_names() {
	make_november
	cd "$TMPDIR_T"
	# reports/ of the data repository, ignored by init's .gitignore
	expect_status 0 sss -C "$REPO" report monthly
	expect_out "$REPO/reports/【KPBE】_2026年11月-2026年11月度月次報告書.md"
	[ -s "$REPO/reports/【KPBE】_2026年11月-2026年11月度月次報告書.md" ] || fail "no monthly file"
	expect_status 0 sss -C "$REPO" report monthly --format html
	expect_out "$REPO/reports/【KPBE】_2026年11月-2026年11月度月次報告書.html"
	expect_status 0 sss -C "$REPO" report weekly --format json
	expect_out "$REPO/reports/【KPBE】_2026年11月30日-2026年12月06日週次報告書.json"
	expect_status 0 sss -C "$REPO" report weekly --period 2026-W48
	expect_out "$REPO/reports/【KPBE】_2026年11月23日-2026年11月29日週次報告書.md"
	cd "$REPO"
	[ -z "$(git status --porcelain)" ] || fail "reports show in git status"
}

test_weekly_report_with_minutes() {
	make_november
	cat >"$TMPDIR_T/m" <<'EOF'
- 出席: 京都府 山本様、当社 田中
- 議題
  1. 定義ファイル更新失敗の報告
  2. [ ] 容量逼迫の対策案 | 次回 <script>alert(1)</script>
| a | b |
|---|---|
### 見出しにならない
EOF
	put_minutes r-weekly-meeting-2026-w48 "$TMPDIR_T/m"
	expect_status 0 sss report weekly --period 2026-11-26 -o -
	cp "$OUT" "$TMPDIR_T/w.md"
	expect_contains '# 京都府 システム支援サービス 週次報告書' "$TMPDIR_T/w.md"
	expect_contains '| 対象期間 | 2026年11月23日～2026年11月29日 |' "$TMPDIR_T/w.md"
	expect_contains 'チケット r-weekly-meeting-2026-w48 の議事録:' "$TMPDIR_T/w.md"
	expect_contains '> - 出席: 京都府 山本様、当社 田中' "$TMPDIR_T/w.md"
	expect_contains '>   2. [ ] 容量逼迫の対策案 \| 次回 \<script\>alert(1)\</script\>' "$TMPDIR_T/w.md"
	expect_contains '> \| a \| b \|' "$TMPDIR_T/w.md"
	expect_contains '> \#\#\# 見出しにならない' "$TMPDIR_T/w.md"
	# week 48 (23-29 Nov): its meeting and INC5 opened, 課題管理 closed;
	# next week's work: what overlaps 30 Nov - 6 Dec, created or not
	expect_status 0 sss report weekly --period 2026-W48 --format json -o -
	cp "$OUT" "$TMPDIR_T/w.json"
	json_eq "$TMPDIR_T/w.json" 'd["period"]' '{"name": "2026-W48", "start": "2026-11-23", "end": "2026-11-29", "asof": "2026-11-29"}'
	json_eq "$TMPDIR_T/w.json" '[d["kpi"]["opened"], d["kpi"]["closed"], d["kpi"]["backlog"]]' '[2, 1, 9]'
	json_eq "$TMPDIR_T/w.json" 'd["minutes"]["id"]' '"r-weekly-meeting-2026-w48"'
	json_eq "$TMPDIR_T/w.json" '[x["id"] for x in d["next_work"]]' \
		'["r-issue-management-2026-11", "r-issue-management-2026-12", "r-weekly-meeting-2026-w49", "r-monthly-report-2026-11", "r-monthly-report-2026-12", "r-routine-check-2026-11", "r-routine-check-2026-12", "r-windows-server-update-fy2026h2"]'
	expect_status 0 sss report weekly --period 2026-W48 --format html -o "$TMPDIR_T/w.html"
	python3 -c "$HTML_CHECK" "$TMPDIR_T/w.html" h2=13 \
		'容量逼迫の対策案 | 次回 <script>alert(1)</script>' '### 見出しにならない' >"$TMPDIR_T/check" ||
		fail "weekly HTML check: $(cat "$TMPDIR_T/check")"
	grep -q '<blockquote>' "$TMPDIR_T/w.html" || fail "minutes not in a block quote"
	grep -q '<li>出席: 京都府 山本様、当社 田中</li>' "$TMPDIR_T/w.html" || fail "minutes lost their list"
	# a week without minutes says so
	expect_status 0 sss report weekly --period 2026-W47 -o -
	expect_contains 'この週の週次定例会の議事録は記入されていません。' "$OUT"
}

test_hostile_body_is_bounded() {
	make_november
	# 1 MiB of table pipes, rows and delimiter rows (CVE-2023-37463), in
	# an incident's 対応結果 and in the week's minutes
	python3 -c '
import sys
rows = "|" * 1000 + "\n" + "|-" * 500 + "|\n"
body = (rows * (1100000 // len(rows)))[: 1 << 20]
open(sys.argv[1], "w").write(body)
' "$TMPDIR_T/pipes"
	[ "$(wc -c <"$TMPDIR_T/pipes")" -ge 1048576 ] || fail "pipe file too small"
	id=$(sss --now 2026-11-27$T new incident-software --software X --event pipes)
	make_editor ed "python3 - \"\$1\" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
s = s.rstrip('\n') + '\n' + open('$TMPDIR_T/pipes').read()
open(p, 'w', encoding='utf-8').write(s)
PY"
	EDITOR="$TMPDIR_T/ed" sss edit "$id" >/dev/null
	put_minutes r-weekly-meeting-2026-w48 "$TMPDIR_T/pipes"
	[ "$(wc -c <"tickets/2026/11/$id.md")" -gt 1048576 ] || fail "ticket not 1 MiB"
	for args in "monthly --format html" "weekly --period 2026-W48 --format html" "monthly" "weekly --period 2026-W48 --format json"; do
		start=$(date +%s%N)
		expect_status 0 sss report $args -o "$TMPDIR_T/h.out"
		ms=$(( ($(date +%s%N) - start) / 1000000 ))
		echo "# report $args: ${ms} ms (bound ${BOUND_SECONDS} s)"
		[ "$ms" -lt $((BOUND_SECONDS * 1000)) ] || fail "report $args took ${ms} ms"
	done
	# what reaches the report is cut: no 1 MiB table in the HTML
	expect_status 0 sss report weekly --period 2026-W48 --format html -o "$TMPDIR_T/h.html"
	size=$(wc -c <"$TMPDIR_T/h.html")
	[ "$size" -lt 400000 ] || fail "weekly HTML is $size bytes"
	expect_contains '（以下省略）' "$TMPDIR_T/h.html"
	python3 -c "$HTML_CHECK" "$TMPDIR_T/h.html" >"$TMPDIR_T/check" ||
		fail "HTML check: $(cat "$TMPDIR_T/check")"
}

test_era_japanese_and_both() {
	make_november
	sed -i 's/^era: western/era: japanese/' .sss/config.yml
	expect_status 0 sss report monthly -o -
	expect_contains '| 対象期間 | 令和8年11月1日～令和8年11月30日 |' "$OUT"
	expect_contains '| 報告対象 | 令和8年11月度 |' "$OUT"
	expect_contains '令和8年度 累計' "$OUT"
	sed -i 's/^era: japanese/era: both/' .sss/config.yml
	expect_status 0 sss report monthly -o -
	expect_contains '| 対象期間 | 2026年11月1日～2026年11月30日（令和8年11月1日～令和8年11月30日） |' "$OUT"
	expect_contains '| 作成日時 | 2026年11月30日（令和8年11月30日） 18:00 |' "$OUT"
	git checkout -q .sss/config.yml
}

# -o to a FIFO (or /dev/null): written to, never replaced by a plain
# file (a FIFO here, so that a regression cannot break the machine's
# /dev/null)
test_output_to_special_file() {
	make_november
	mkfifo "$TMPDIR_T/pipe"
	# a reader that gives up, lest a regression hang the suite
	timeout 10 cat "$TMPDIR_T/pipe" >"$TMPDIR_T/read" &
	reader=$!
	expect_status 0 sss report monthly --format json -o "$TMPDIR_T/pipe"
	wait "$reader" || true
	[ -p "$TMPDIR_T/pipe" ] || fail "the FIFO was replaced"
	json_eq "$TMPDIR_T/read" 'd["period"]["name"]' '"2026-11"'
	[ -c /dev/null ] || fail "/dev/null is not a device"
}

test_periods_and_usage() {
	make_november
	expect_status 0 sss report monthly --period 2026-10 --format json -o -
	cp "$OUT" "$TMPDIR_T/oct.json"
	json_eq "$TMPDIR_T/oct.json" '[d["period"]["name"], d["kpi"]["opened"], d["kpi"]["backlog"]]' '["2026-10", 0, 1]'
	expect_status 0 sss report weekly --period 2026-11-04 --format json -o -
	cp "$OUT" "$TMPDIR_T/w.json"
	json_eq "$TMPDIR_T/w.json" 'd["period"]["name"]' '"2026-W45"'
	expect_error 2 "bad period '2026-11-04'.*YYYY-MM" sss report monthly --period 2026-11-04
	expect_error 2 "bad period '2026-11'.*YYYY-Www" sss report weekly --period 2026-11
	expect_error 2 "bad period '2026-W60'" sss report weekly --period 2026-W60
	expect_error 2 "period '2027-01' has not begun" sss report monthly --period 2027-01
	expect_error 2 "say which report" sss report
	expect_error 2 "unknown report 'yearly'" sss report yearly
	expect_error 2 "unknown format 'docx' .use md, html, json, pdf or xlsx." sss report monthly --format docx
	expect_error 2 "unexpected argument 'extra'" sss report monthly extra
	expect_status 0 sss report -h
	expect_contains 'usage: sssctl report weekly' "$OUT"
}

test_template_override_and_errors() {
	make_november
	mkdir -p templates
	printf '# {client_name} 様\n{#each incidents}\n- {id}: {title}\n{/each}\n合計 {kpi_opened} 件\n' \
		>templates/report-monthly.md
	expect_status 0 sss report monthly -o -
	anonymize "$OUT"
	expect_out "# 京都府 様
- INC1: インシデント (ApexOne：定義ファイル更新失敗)
- INC2: インシデント (SKYSEA：ログ収集停止 \\| 一部端末)
- INC3: インシデント (Outlook：起動しない)
- INC4: インシデント (WSUS：配信遅延)
- INC5: インシデント (M365：\\<img src=x onerror=alert(1)\\>)
合計 15 件"
	printf 'ok\n\n{#if kpi_opened}\n{nope}\n{/if}\n' >templates/report-monthly.md
	expect_error 1 "'templates/report-monthly.md' line 4: unknown value 'nope'" sss report monthly -o -
	printf 'a\n{#each incidents}\n{id}\n' >templates/report-monthly.md
	expect_error 1 "'templates/report-monthly.md' line 2: '\{#each incidents\}' is not closed" sss report monthly -o -
	printf 'a {broken\n' >templates/report-monthly.md
	expect_error 1 "'templates/report-monthly.md' line 1: bad placeholder" sss report monthly -o -
	printf '{@chart pie}\n' >templates/report-monthly.md
	expect_error 1 "'templates/report-monthly.md' line 1: unknown chart 'pie'" sss report monthly --format html -o -
	# the Markdown of a template error is never half written
	[ ! -s "$OUT" ] || fail "output on error"
	rm templates/report-monthly.md
	printf 'body { color: red }\n</style><script>alert(1)</script>\n' >templates/report.css
	expect_error 1 "'templates/report.css': a style sheet must not contain '</'" sss report monthly --format html -o -
	rm -r templates
}

test_broken_ticket_is_reported_and_skipped() {
	make_november
	printf -- '---\nid: 2611-ZZZZZZ\ntitle: [\n---\n' >tickets/2026/11/2611-ZZZZZZ.md
	expect_status 1 sss report monthly --format json -o -
	grep -q "^sssctl: error: .*2611-ZZZZZZ.md" "$ERR" || fail "no message for the broken ticket: $(cat "$ERR")"
	cp "$OUT" "$TMPDIR_T/r.json"
	json_eq "$TMPDIR_T/r.json" 'd["kpi"]["opened"]' 15
	rm tickets/2026/11/2611-ZZZZZZ.md
}

run_tests "$@"
