#!/bin/sh
# sssctl report, the parts a client files: the addressee and the approval
# boxes (config report.approvals), the era in every date, the tickets as
# they stood at the report's cut-off (a past period's report gives the
# same numbers whenever it is made), the carried-in column, the backlog
# history from the contract start, and --format pdf without Chromium.
# Printing with Chromium: tests/print/suite-print.sh.
. "$(dirname "$0")/lib.sh"

T=T09:00:00+09:00

# commit_all MESSAGE: commit the change of the config.
commit_all() {
	git -c user.name=テスト -c user.email=test@example.invalid commit -qam "$1"
}

# set_config TEXT: append TEXT to .sss/config.yml and commit it.
set_config() {
	case $1 in report:*) drop_report_config ;; esac
	printf '%s\n' "$1" >>.sss/config.yml
	commit_all "config: $1"
}

# drop_report_config: the report: block init wrote, so that a test's own
# can be appended.
drop_report_config() {
	sed -i -e '/^report:/d' -e '/^  approvals:/d' .sss/config.yml
}

# strip_generated FILE: the report without the lines that say when it
# was made (its generation time is the one thing that changes).
strip_generated() {
	grep -v -e '作成日時' -e '"generated"' -e '^<td>[^<]* [0-9][0-9]:[0-9][0-9]</td>$' "$1"
}

test_addressee_and_approval_boxes() {
	setup_repo 2026-11-01
	expect_status 0 sss report monthly -o -
	expect_eq "$(head -n 1 "$OUT")" "京都府 御中" "first line of the Markdown"
	expect_contains '| 作成 | 確認 | 承認 |' "$OUT"
	expect_status 0 sss report monthly --format html -o "$TMPDIR_T/r.html"
	expect_contains '<p>京都府 御中</p>' "$TMPDIR_T/r.html"
	expect_eq "$(grep -o '<div class="label">[^<]*</div>' "$TMPDIR_T/r.html" | tr '\n' ' ')" \
		'<div class="label">作成</div> <div class="label">確認</div> <div class="label">承認</div> ' \
		"approval boxes"
	expect_eq "$(grep -c '<div class="seal"></div>' "$TMPDIR_T/r.html")" 3 "seal boxes"
	# the printed page's margin: the document name and the page numbers
	expect_contains '@top-left { content: "【KPBE】_2026年11月-2026年11月度月次報告書"; }' "$TMPDIR_T/r.html"
	expect_contains '@bottom-center { content: counter(page) " / " counter(pages); }' "$TMPDIR_T/r.html"
	expect_contains 'break-inside: avoid' "$TMPDIR_T/r.html"
	expect_contains 'display: table-header-group' "$TMPDIR_T/r.html"

	# the team's own boxes and addressee, text kept as text
	sed -i 's|^client_name: .*|client_name: "髙島屋 <b>市</b>"|' .sss/config.yml
	set_config 'report: {approvals: [担当, 課長, "部長 ①", 𠮷田]}'
	expect_status 0 sss report monthly -o -
	expect_eq "$(head -n 1 "$OUT")" '髙島屋 \<b\>市\</b\> 御中' "addressee"
	expect_contains '| 担当 | 課長 | 部長 ① | 𠮷田 |' "$OUT"
	expect_status 0 sss report weekly --format html -o "$TMPDIR_T/w.html"
	expect_contains '<p>髙島屋 &lt;b&gt;市&lt;/b&gt; 御中</p>' "$TMPDIR_T/w.html"
	expect_eq "$(grep -c '<div class="seal"></div>' "$TMPDIR_T/w.html")" 4 "weekly seal boxes"
	expect_status 0 sss report monthly --format json -o -
	expect_contains '"approvals": ["担当", "課長", "部長 ①", "𠮷田"]' "$OUT"
	# no boxes at all
	sed -i 's/^report: .*/report: {approvals: []}/' .sss/config.yml
	commit_all "no approval boxes"
	expect_status 0 sss report monthly --format html -o "$TMPDIR_T/n.html"
	grep -q 'class="approvals"' "$TMPDIR_T/n.html" && fail "approval boxes with an empty list"
	expect_status 0 sss report monthly -o -
	grep -q '^| 作成 |' "$OUT" && fail "approval table with an empty list"
	true
}

test_approvals_config_is_validated() {
	setup_repo 2026-11-01
	drop_report_config
	cp .sss/config.yml "$TMPDIR_T/config.orig"
	for bad in 'report: [作成]' 'report: {approvals: 作成}' 'report: {approver: [作成]}' \
		'report: {approvals: [作成, 作成]}' 'report: {approvals: [a, b, c, d, e, f, g]}' \
		'report: {approvals: ["", 確認]}' 'report: {approvals: [とても長い承認欄の名前です]}'; do
		cp "$TMPDIR_T/config.orig" .sss/config.yml
		printf '%s\n' "$bad" >>.sss/config.yml
		line=$(wc -l <.sss/config.yml)
		set +e
		sss report monthly -o "$TMPDIR_T/x.md" >"$OUT" 2>"$ERR"
		rc=$?
		set -e
		[ "$rc" != 0 ] || fail "config '$bad' accepted"
		expect_eq "$(wc -l <"$ERR")" 1 "one error line for '$bad'"
		grep -q "'.sss/config.yml' line $line: " "$ERR" || fail "'$bad': $(cat "$ERR")"
		[ ! -e "$TMPDIR_T/x.md" ] || fail "a report was written with '$bad'"
	done
	git checkout -q .sss/config.yml
}

# November 2026, reported on 2026-12-01, then changed in December and
# reported again on 2027-01-05.
make_past_period() {
	setup_repo 2026-06-01
	# opened before the period (carried in), closed in it
	old=$(sss --now 2026-10-20$T new incident-software --software 一太郎 --event 印刷不可 --assignee 髙橋)
	sss --now 2026-11-02T11:00:00+09:00 close "$old" --force --resolution "ドライバ更新" >/dev/null
	# opened in the period, closed after it
	late=$(sss --now 2026-11-04$T new incident-software --software ApexOne --event 定義ファイル更新失敗 --assignee 田中)
	sss --now 2026-11-05$T set "$late" status=in-progress >/dev/null
	sss --now 2026-11-05$T comment "$late" -m "状態 未着手 → 対応中" >/dev/null
	# closed in the period, reopened after it
	back=$(sss --now 2026-11-06$T new incident-software --software Outlook --event "起動しない ①" --assignee 鈴木)
	sss --now 2026-11-10T16:00:00+09:00 close "$back" --force --resolution "プロファイル再作成" >/dev/null
	sss --now 2026-11-10T16:00:00+09:00 comment "$back" -m "状態 未着手 → 完了" >/dev/null
	# opened in the period, waiting at its end, resolved after it
	wait=$(sss --now 2026-11-12$T new incident-software --software SKYSEA --event "ログ収集停止（全角）" --assignee 𠮷田)
	sss --now 2026-11-13$T set "$wait" status=waiting >/dev/null
	sss --now 2026-11-13$T comment "$wait" -m "状態 未着手 → 保留" >/dev/null
}

# The changes of December to the repository of make_past_period.
change_after_period() {
	sss --now 2026-12-03T10:00:00+09:00 close "$late" --force --resolution "手動配信" >/dev/null
	sss --now 2026-12-03T10:00:00+09:00 comment "$late" -m "状態 対応中 → 完了" >/dev/null
	sss --now 2026-12-02T10:00:00+09:00 reopen "$back" >/dev/null
	sss --now 2026-12-02T10:00:00+09:00 comment "$back" -m "状態 完了 → 対応中" >/dev/null
	sss --now 2026-12-04T10:00:00+09:00 set "$wait" status=resolved >/dev/null
	sss --now 2026-12-04T10:00:00+09:00 comment "$wait" -m "状態 保留 → 解決済" >/dev/null
	sss --now 2026-12-08$T new incident-software --software Teams --event 通知が来ない >/dev/null
}

test_past_period_is_the_same_later() {
	make_past_period
	for f in md json html; do
		sss --now 2026-12-01T09:00:00+09:00 report monthly --period 2026-11 --format $f \
			-o "$TMPDIR_T/before.$f" >/dev/null
	done
	change_after_period
	for f in md json html; do
		sss --now 2027-01-05T09:00:00+09:00 report monthly --period 2026-11 --format $f \
			-o "$TMPDIR_T/after.$f" >/dev/null
		strip_generated "$TMPDIR_T/before.$f" >"$TMPDIR_T/b"
		strip_generated "$TMPDIR_T/after.$f" >"$TMPDIR_T/a"
		diff -u "$TMPDIR_T/b" "$TMPDIR_T/a" >&2 || fail "the $f report of November changed after December's work"
	done
	# and the numbers are the ones of November 30
	j=$TMPDIR_T/after.json
	json_q() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps($2, ensure_ascii=False))" "$j"; }
	expect_eq "$(json_q "$j" '[d["kpi"][k] for k in ("carried", "opened", "closed", "backlog")]')" '[1, 3, 2, 2]' "carried, opened, closed, open"
	expect_contains '| 前月繰越件数（期首の未完了） | 1 |' "$TMPDIR_T/after.md"
	expect_eq "$(json_q "$j" '[[x["id"], x["status"], x["closed"]] for x in d["incidents"]]')" \
		"[[\"$old\", \"closed\", \"2026-11-02\"], [\"$late\", \"in-progress\", null], [\"$back\", \"closed\", \"2026-11-10\"], [\"$wait\", \"waiting\", null]]" \
		"incidents as at November 30"
	expect_eq "$(json_q "$j" '[[x["carried"], x["opened"], x["closed"], x["open"]] for x in d["sow_items"] if x["key"] == "incident-software"]')" \
		'[[1, 3, 2, 2]]' "carried + opened - closed = open"
	grep -q "| $late | インシデント (ApexOne：定義ファイル更新失敗) | 対応中 |" "$TMPDIR_T/after.md" ||
		fail "the ticket closed in December does not show as 対応中"
	# December's report sees December
	expect_status 0 sss --now 2027-01-05T09:00:00+09:00 report monthly --period 2026-12 --format json -o -
	expect_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); print([d["kpi"][k] for k in ("opened", "closed", "backlog")])' <"$OUT")" \
		'[1, 1, 3]' "December: opened, closed, open"
}

test_carried_in_on_the_fiscal_year_row() {
	setup_repo 2026-03-01
	a=$(sss --now 2026-03-10$T new usage-inquiry --event "年度をまたぐ問合せ" --assignee 佐藤)
	b=$(sss --now 2026-05-11$T new usage-inquiry --event "五月の問合せ")
	sss --now 2026-05-12$T close "$b" --force >/dev/null
	expect_status 0 sss --now 2026-11-30T10:00:00+09:00 report monthly -o -
	# 前年度繰越 1 + 起票 1 - 完了 1 = 期末未完了 1
	awk '/^## 3\./{on=1} on && /^\| \| \*\*合計\*\*/{print; exit}' "$OUT" >"$TMPDIR_T/total"
	expect_eq "$(cat "$TMPDIR_T/total")" '| | **合計** | | | | **1** | **1** | **1** | **1** |' "fiscal-year total row"
	expect_contains '| 前年度繰越 | 起票 | 完了 | 期末未完了 |' "$OUT"
	expect_contains '| 前月繰越 | 起票 | 完了 | 期末未完了 |' "$OUT"
}

test_backlog_history_from_contract_start() {
	setup_repo 2026-06-01
	expect_status 0 sss --now 2026-11-30T10:00:00+09:00 report monthly --format json -o -
	expect_eq "$(python3 -c 'import json,sys; print([h["at"] for h in json.load(sys.stdin)["backlog_history"]])' <"$OUT")" \
		"['2026-06-30', '2026-07-31', '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30']" "history months"
	expect_status 0 sss --now 2026-11-30T10:00:00+09:00 report monthly --format html -o "$TMPDIR_T/r.html"
	expect_eq "$(grep -o '>[0-9]*月\*\?</text>' "$TMPDIR_T/r.html" | tr -d '\n')" \
		'>6月</text>>7月</text>>8月</text>>9月</text>>10月</text>>11月</text>' "chart months"
	expect_contains '契約開始以降' "$TMPDIR_T/r.html"
}

test_era_in_every_date() {
	make_past_period
	sed -i 's/^era: western/era: japanese/' .sss/config.yml
	commit_all "era japanese"
	expect_status 0 sss --now 2026-12-01T09:00:00+09:00 report monthly --period 2026-11 -o -
	grep -q '20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]' "$OUT" && fail "an ISO date in a japanese-era report: $(grep -m1 '20[0-9][0-9]-[0-9][0-9]-' "$OUT")"
	expect_contains "| $old | インシデント (一太郎：印刷不可) | 完了 | R8.10.20 | R8.11.2 |" "$OUT"
	expect_contains '| 令和8年6月 | R8.6.30 |' "$OUT"
	expect_contains '| 対象期間 | 令和8年11月1日～令和8年11月30日 |' "$OUT"
	expect_status 0 sss --now 2026-12-01T09:00:00+09:00 report monthly --period 2026-11 --format html -o "$TMPDIR_T/r.html"
	expect_contains '<td>R8.11.2</td>' "$TMPDIR_T/r.html"
	# the JSON keeps ISO dates and adds the display form
	expect_status 0 sss --now 2026-12-01T09:00:00+09:00 report monthly --period 2026-11 --format json -o -
	expect_contains '"closed": "2026-11-02"' "$OUT"
	expect_contains '"era": "japanese"' "$OUT"
	expect_contains '"period_range": "令和8年11月1日～令和8年11月30日"' "$OUT"
	# and each listed ticket's dates as the tables show them
	python3 - "$OUT" "$old" <<'PY' || fail "ticket display dates in the JSON"
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
seen = []
def walk(v):
    if isinstance(v, dict):
        if v.get('id') == sys.argv[2] and 'display' in v:
            seen.append(v)
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(d)
assert seen, 'ticket not listed'
for t in seen:
    assert t['closed'] == '2026-11-02', t
    assert t['display'] == {'created': 'R8.10.20', 'due': None, 'closed': 'R8.11.2'}, t['display']
PY
	sed -i 's/^era: japanese/era: both/' .sss/config.yml
	commit_all "era both"
	expect_status 0 sss --now 2026-12-01T09:00:00+09:00 report monthly --period 2026-11 -o -
	expect_contains '| 2026-10-20（R8.10.20） | 2026-11-02（R8.11.2） |' "$OUT"
	expect_status 0 sss --now 2026-12-01T09:00:00+09:00 report weekly --period 2026-W48 -o -
	expect_contains '| 報告対象 | 2026年 第48週 |' "$OUT"
}

test_pdf_without_chromium() {
	setup_repo 2026-11-01
	mkdir "$TMPDIR_T/empty-path" "$TMPDIR_T/tmp"
	# no browser on PATH: one line naming the package, exit 1, no file
	expect_error 1 "apt-get install chromium" \
		env PATH="$TMPDIR_T/empty-path" TMPDIR="$TMPDIR_T/tmp" "$SSSCTL" report monthly --format pdf
	[ ! -d reports ] || [ -z "$(ls reports)" ] || fail "a file was written: $(ls reports)"
	[ -z "$(ls "$TMPDIR_T/tmp")" ] || fail "a temporary directory was left"
}

# pdf_run ARGS...: sssctl with the fake browser of $TMPDIR_T/bin first on
# PATH and its temporary files in $TMPDIR_T/tmp.
pdf_run() {
	env PATH="$TMPDIR_T/bin:/usr/bin:/bin" TMPDIR="$TMPDIR_T/tmp" "$SSSCTL" "$@"
}

test_pdf_browser_failures() {
	setup_repo 2026-11-01
	mkdir "$TMPDIR_T/bin" "$TMPDIR_T/tmp"
	# a browser that fails: its last line in the error, nothing written
	printf '#!/bin/sh\necho "cannot open display" >&2\nexit 3\n' >"$TMPDIR_T/bin/chromium"
	chmod +x "$TMPDIR_T/bin/chromium"
	expect_error 1 "failed \\(exit 3\\): cannot open display" \
		pdf_run report monthly --format pdf -o "$TMPDIR_T/r.pdf"
	[ ! -e "$TMPDIR_T/r.pdf" ] || fail "a PDF was written"
	# one that writes no PDF
	printf '#!/bin/sh\nexit 0\n' >"$TMPDIR_T/bin/chromium"
	expect_error 1 "chromium wrote no PDF" pdf_run report monthly --format pdf -o "$TMPDIR_T/r.pdf"
	# one that writes a PDF where it is told to
	cat >"$TMPDIR_T/bin/chromium" <<'SH'
#!/bin/sh
for a; do case $a in --print-to-pdf=*) printf '%%PDF-1.4 fake\n' >"${a#--print-to-pdf=}";; esac; done
SH
	expect_status 0 pdf_run report monthly --format pdf -o "$TMPDIR_T/r.pdf"
	expect_eq "$(head -c 8 "$TMPDIR_T/r.pdf")" "%PDF-1.4" "the PDF written"
	expect_status 0 pdf_run report monthly --format pdf
	expect_out "$REPO/reports/【KPBE】_2026年11月-2026年11月度月次報告書.pdf"
	[ -z "$(ls "$TMPDIR_T/tmp")" ] || fail "a temporary directory was left: $(ls "$TMPDIR_T/tmp")"
}

run_tests
