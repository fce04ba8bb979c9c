#!/bin/sh
# suite-print.sh - the monthly report as the client files it: printed to
# PDF by `sssctl report monthly --format pdf` (headless Chromium), then
# read back with poppler's pdfinfo and pdftotext:
#   - A4 pages, and as many as the footers say ("3 / 5" on page 3 of 5);
#   - the document name in every page's top margin, no browser header or
#     footer (no file:// URL, no date line of Chromium's own);
#   - the addressee and the approval boxes on the first page;
#   - the Japanese text extractable (𠮷, 髙, ①, full-width);
#   - no table row split across pages: every incident row's ID and the
#     marker at the end of its last cell on one page (the row's first
#     line, not the ID elsewhere), and the table's
#     header repeated on every page the table continues on. A control run
#     with a style sheet that lets rows break shows that the check can
#     fail.
#
# Chromium is slow: tests/run.sh runs this once. Prints TAP; skips when
# Chromium or poppler-utils is not installed.
. "$(dirname "$0")/../e2e/lib.sh"

if ! command -v chromium >/dev/null 2>&1; then
	echo "ok 1 # SKIP chromium not installed (apt-get install chromium)"
	echo "1..1"
	exit 0
fi
if ! command -v pdftotext >/dev/null 2>&1 || ! command -v pdfinfo >/dev/null 2>&1; then
	echo "ok 1 # SKIP pdftotext/pdfinfo not installed (apt-get install poppler-utils)"
	echo "1..1"
	exit 0
fi

T=T09:00:00+09:00
NOW=2026-11-30T18:00:00+09:00

# 30 incidents of November whose resolutions wrap over several lines,
# each ending in a marker 終端NN: a report of several pages.
make_month() {
	setup_repo 2026-11-01
	: >"$TMPDIR_T/ids"
	i=1
	while [ $i -le 30 ]; do
		day=$(( (i % 25) + 2 ))
		[ $day -lt 10 ] && day=0$day
		n=$(printf '%02d' $i)
		id=$(sss --now 2026-11-$day$T new incident-software --software "髙橋システム$n" \
			--event "𠮷野 支所の端末① が起動しない（全角）件 $n" --assignee 髙橋)
		sss --now 2026-11-${day}T17:00:00+09:00 close "$id" --force --resolution \
			"端末を再起動し、ＢＩＯＳ設定とドライバを確認のうえ、利用者に操作手順を説明した。再発時は機器交換を検討する。経過観察を続け、翌営業日に再度確認する。 終端$n" >/dev/null
		echo "$id $n" >>"$TMPDIR_T/ids"
		i=$((i + 1))
	done
}

# check_pdf FILE: the checks of the header; prints what is wrong.
PDF_CHECK='
import re, subprocess, sys
pdf, ids = sys.argv[1], sys.argv[2]
info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
bad = []
if not size or abs(float(size.group(1)) - 595.3) > 2 or abs(float(size.group(2)) - 841.9) > 2:
    bad.append("not A4: %s" % (size.group(0) if size else "no size"))
if pages < 3:
    bad.append("%d pages, want at least 3" % pages)
text = []
for p in range(1, pages + 1):
    t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-layout", pdf, "-"],
                       capture_output=True, text=True, check=True).stdout
    text.append(t)
    lines = [l.strip() for l in t.splitlines() if l.strip()]
    if not lines or lines[0] != "【KPBE】_2026年11月-2026年11月度月次報告書":
        bad.append("page %d: no document name at the top: %r" % (p, lines[:1]))
    foot = [l for l in lines if re.fullmatch(r"\d+\s*/\s*\d+", l)]
    if foot != ["%d / %d" % (p, pages)] and [re.sub(r"\s", "", f) for f in foot] != ["%d/%d" % (p, pages)]:
        bad.append("page %d: footer %r, want %d / %d" % (p, foot, p, pages))
    if "file://" in t or re.search(r"\d+/\d+/\d+,? \d+:\d+", t):
        bad.append("page %d: a browser header or footer" % p)
first = text[0]
for want in ("京都府 御中", "京都府 システム支援サービス 月次報告書"):
    if want not in first:
        bad.append("page 1 lacks %r" % want)
if not re.search(r"作成\s+確認\s+承認", first):
    bad.append("page 1 lacks the approval boxes 作成 確認 承認")
whole = "".join(text)
for want in ("𠮷野", "髙橋シ", "ＢＩＯＳ", "インシデント起票件数", "期末未完了件数"):
    if want not in whole:
        bad.append("the text lacks %r" % want)
# no row split: the page of each ID holds its marker, and the table
# header on every page the incident table is on
split = 0
for line in open(ids, encoding="utf-8"):
    tid, n = line.split()
    # the first line of the row in the incident table: ID, title, status and
    # its two dates (the ID also shows in other tables)
    start = re.compile(re.escape(tid) + r" .*完了\s+\d{4}-\d\d-\d\d\s+\d{4}-\d\d-\d\d")
    on = [p for p, t in enumerate(text) if start.search(t)]
    mark = [p for p, t in enumerate(text) if ("終端" + n) in t]
    if len(on) != 1 or on != mark:
        split += 1
        bad.append("row %s: ID on pages %s, its end on pages %s" % (tid, [p + 1 for p in on], [p + 1 for p in mark]))
    elif not re.search(r"ID\s+件名\s+状態\s+起票日\s+完了日\s+対応結果", text[on[0]]):
        bad.append("page %d: the incident table goes on without its header" % (on[0] + 1))
print("\n".join(bad))
sys.exit(1 if bad else 0)
'

test_monthly_pdf_pages_margins_rows() {
	make_month
	expect_status 0 sss --now $NOW report monthly --format pdf -o "$TMPDIR_T/r.pdf"
	expect_eq "$(head -c 5 "$TMPDIR_T/r.pdf")" "%PDF-" "a PDF"
	python3 -c "$PDF_CHECK" "$TMPDIR_T/r.pdf" "$TMPDIR_T/ids" >"$TMPDIR_T/check" ||
		fail "$(cat "$TMPDIR_T/check")"
	echo "# $(pdfinfo "$TMPDIR_T/r.pdf" | grep '^Pages:')" >&2
	# the default file name, and no Chromium left running or temp dir left
	expect_status 0 sss --now $NOW report monthly --format pdf
	expect_out "$REPO/reports/【KPBE】_2026年11月-2026年11月度月次報告書.pdf"
	ls /tmp | grep -q '^sssctl-pdf-' && fail "a temporary directory was left: $(ls -d /tmp/sssctl-pdf-*)"
	true
}

test_control_rows_that_may_break_are_caught() {
	make_month
	# the built-in style sheet with rows allowed to break and the
	# header not repeated: the check above must then find a split row
	mkdir -p templates
	sss --now $NOW report monthly --format html -o "$TMPDIR_T/r.html" >/dev/null
	python3 - "$TMPDIR_T/r.html" templates/report.css <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
css = html[html.index("<style>\n") + 8:html.index("@page {\n\t@top-left")]
css = css.replace("break-inside: avoid;", "break-inside: auto;").replace("page-break-inside: avoid;", "page-break-inside: auto;")
css += "\ntd { font-size: 11pt; }\n"
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
	expect_status 0 sss --now $NOW report monthly --format pdf -o "$TMPDIR_T/c.pdf"
	rm -rf templates
	if python3 -c "$PDF_CHECK" "$TMPDIR_T/c.pdf" "$TMPDIR_T/ids" >"$TMPDIR_T/check"; then
		fail "the check found no split row with rows allowed to break"
	fi
	grep -q '^row .*: ID on pages' "$TMPDIR_T/check" ||
		fail "the control failed for another reason: $(cat "$TMPDIR_T/check")"
}

run_tests
