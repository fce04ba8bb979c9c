#!/bin/sh
# sssctl report --format xlsx: the workbook read back with openpyxl (a
# reader that is not ours): the sheets, their headings, the bold frozen
# header row and the autofilter over it, cell types (counts int, dates
# datetime, effort [h]:mm durations, rates 0.0%), and every number equal
# to the JSON report's for the same period; 𠮷 and 髙 survive; the
# default file name, standard output and the refusals.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/kpi-scenario.sh"

NOW_DEC=2026-12-01T08:00:00+09:00

# PY: a python3 that has openpyxl (Debian's python3-openpyxl)
PY=$(openpyxl_python)

need_openpyxl() {
	[ -n "$PY" ] || skip "python3-openpyxl is not installed (tests/deps.sh installs it)"
}

# check_workbook XLSX JSON KIND: the workbook against the JSON report.
check_workbook() {
	"$PY" - "$@" <<'PY' || fail "the workbook does not match the JSON report"
import datetime, json, sys, zipfile
import openpyxl
from openpyxl.utils import get_column_letter

xlsx, js, kind = sys.argv[1:4]
d = json.load(open(js, encoding="utf-8"))
wb = openpyxl.load_workbook(xlsx)
bad = []

def check(ok, what):
    if not ok:
        bad.append(what)

names = ["KPI", "SOW項目別"] + (["SOW項目別（年度累計）"] if kind == "monthly" else []) + [
    "集計項目別", "大分類別", "インシデント", "問題管理", "再発", "課題", "SLA", "SLA未達", "工数（SOW項目別）",
    "工数（担当者別）", "予定作業", "期限超過", "未完了推移"]
check(wb.sheetnames == names, "sheets %r" % wb.sheetnames)

def rows(name, heads):
    """The data rows of sheet name as dicts by heading, after checking
    its layout: the title in A1, the bold header in row 3 frozen under,
    the autofilter over header and rows, the note two rows below."""
    ws = wb[name]
    got = [c.value for c in ws[3]]
    check(got == heads, "%s: headings %r" % (name, got))
    check(all(c.font.b for c in ws[3]), name + ": header not bold")
    check(ws["A1"].font.b and d["client_name"] in ws["A1"].value, name + ": title")
    check(ws.freeze_panes == "A4", "%s: freeze_panes %r" % (name, ws.freeze_panes))
    out = []
    r = 4
    while any(c.value is not None for c in ws[r]):
        out.append({h: c for h, c in zip(heads, ws[r])})
        r += 1
    ref = "A3:%s%d" % (get_column_letter(len(heads)), 3 + len(out))
    check(ws.auto_filter.ref == ref, "%s: autofilter %r, want %r" % (name, ws.auto_filter.ref, ref))
    check(ws.cell(r + 1, 1).value, name + ": no note under the table")
    return out

def v(c):
    return c.value

def minutes(c):
    check(c.number_format == "[h]:mm", "minutes format %r" % c.number_format)
    return round(c.value.total_seconds() / 60)

def day(c):
    if c.value is None:
        return None
    check(isinstance(c.value, datetime.datetime) and c.number_format == "yyyy/mm/dd",
          "date cell %r %r" % (c.value, c.number_format))
    return c.value.date().isoformat()

def count(c):
    check(type(c.value) is int, "count %r is not an int" % (c.value,))
    return c.value

def rate(c, want):
    if want is None:
        return c.value is None
    return c.number_format == "0.0%" and abs(c.value - want) <= 0.00011

# KPI: every row names the JSON member it shows
sv = d["service"]
derived = {
    "service.sla.breached": sv["sla"]["response"]["breached"] + sv["sla"]["resolve"]["breached"],
    "service.sla.inquiries.done": sv["sla"]["inquiries"]["done"],
    "effort.tickets": sum(e["tickets"] for e in sv["effort_items"]),
    "effort.planned_min": sum(e["planned_min"] for e in sv["effort_items"]),
    "effort.actual_min": sum(e["actual_min"] for e in sv["effort_items"]),
}
seen = 0
for row in rows("KPI", ["指標", "値", "JSON"]):
    key, c = row["JSON"].value, row["値"]
    if key in derived:
        want = derived[key]
    else:
        want = d
        for part in key.split("."):
            want = want[part]
    if key.endswith("_min"):
        ok = minutes(c) == want
    elif key.endswith("rate"):
        ok = rate(c, want)
    elif key.startswith("kpi.mttr"):
        ok = (want is None and c.value is None) or abs(c.value - want) < 1e-9
    else:
        ok = count(c) == want
    check(ok, "KPI %s: %r, JSON %r" % (key, c.value, want))
    seen += 1
check(seen >= 30, "only %d KPI rows" % seen)

sow_heads = ["No.", "大分類", "中分類", "小分類", "件名", "キー", "前期繰越", "起票", "完了", "期末未完了"]
def sow(name, items, carried):
    heads = sow_heads[:6] + [carried] + sow_heads[7:]
    got = [[v(r["キー"]), count(r["前期繰越" if carried == "前期繰越" else carried]), count(r["起票"]),
            count(r["完了"]), count(r["期末未完了"])] for r in rows(name, heads)]
    want = [[i["key"], i["carried"], i["opened"], i["closed"], i["open"]] for i in items]
    check(got == want, "%s: %r, JSON %r" % (name, got, want))
sow("SOW項目別", d["sow_items"], "前期繰越")
if kind == "monthly":
    sow("SOW項目別（年度累計）", d["fy_sow_items"], "前年度繰越")

counts = ["前期繰越", "起票", "完了", "期末未完了"]
got = [[count(r["No."]), v(r["集計項目"])] + [count(r[h]) for h in counts]
       for r in rows("集計項目別", ["No.", "集計項目"] + counts)]
want = [[i["no"], i["item"], i["carried"], i["opened"], i["closed"], i["open"]] for i in d["summary_items"]]
check(got == want, "集計項目別: %r, JSON %r" % (got, want))
got = [[v(r["大分類"])] + [count(r[h]) for h in counts] for r in rows("大分類別", ["大分類"] + counts)]
want = [[i["name"], i["carried"], i["opened"], i["closed"], i["open"]] for i in d["categories"]]
check(got == want, "大分類別: %r, JSON %r" % (got, want))
got = [[v(r["ID"]), count(r["関連インシデント（累計）"]), count(r["うち当期"]), v(r["関連インシデント"])]
       for r in rows("再発", ["ID", "件名", "状態", "関連インシデント（累計）", "うち当期", "関連インシデント"])]
want = [[c["id"], c["total"], c["in_period"], c["incidents"] or None] for c in sv["recurrences"]]
check(got == want, "再発: %r, JSON %r" % (got, want))

list_heads = ["ID", "件名", "SOW", "状態", "担当", "起票日", "期限", "完了日", "関連インシデント"]
for name, member in (("インシデント", "incidents"), ("問題管理", "open_problems"),
                     ("課題", "open_issues"), ("期限超過", "overdue")):
    got = [[v(r["ID"]), v(r["件名"]), v(r["SOW"]), v(r["担当"]), day(r["起票日"]), day(r["期限"]),
            day(r["完了日"]), v(r["関連インシデント"])] for r in rows(name, list_heads)]
    want = [[t["id"], t["title"], t["sow"], t["assignee"], t["created"], t["due"], t["closed"],
             t.get("incidents")] for t in d[member]]
    check(got == want, "%s: %r, JSON %r" % (name, got, want))

labels = {"response": "応答", "resolve": "解決"}
sla = rows("SLA", ["種別", "目標", "判定", "達成", "未達", "超過中", "SLA達成率"])
got = [[v(r["種別"]), v(r["目標"]), count(r["判定"]), count(r["達成"]), count(r["未達"]),
        count(r["超過中"])] for r in sla]
want = []
for k, by in sv["sla"]["by_kind"].items():
    for g in ("response", "resolve"):
        c = by[g]
        if c["done"] or c["breached"]:
            want.append([None, labels[g], c["done"], c["met"], c["missed"], c["breached"]])
for g in ("response", "resolve"):
    c = sv["sla"][g]
    want.append(["全体", labels[g], c["done"], c["met"], c["missed"], c["breached"]])
check([g[1:] for g in got] == [w[1:] for w in want] and got[-1][0] == "全体",
      "SLA: %r, JSON %r" % (got, want))
for r, w in zip(sla, [None] * (len(sla) - 2) + [sv["sla"]["response"], sv["sla"]["resolve"]]):
    if w is not None:
        check(rate(r["SLA達成率"], w["rate"]), "SLA rate %r, JSON %r" % (r["SLA達成率"].value, w))

def local(iso):
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=None)
got = [[v(r["ID"]), v(r["目標"]), r["期限"].value, minutes(r["使用時間"]), minutes(r["目標時間"])]
       for r in rows("SLA未達", ["ID", "件名", "種別", "目標", "期限", "使用時間", "目標時間", "使用率", "状態"])]
want = [[m["id"], labels[m["target"]], local(m["due"]), m["used_min"], m["target_min"]]
        for m in sv["sla"]["misses"]]
check(got == want, "SLA未達: %r, JSON %r" % (got, want))

got = [[v(r["キー"]), count(r["件数"]), minutes(r["予定"]), minutes(r["実績（当期）"]), minutes(r["実績（累計）"])]
       for r in rows("工数（SOW項目別）", ["No.", "小分類", "件名", "キー", "件数", "予定", "実績（当期）", "実績（累計）", "消化率"])]
want = [[e["key"], e["tickets"], e["planned_min"], e["actual_min"], e["total_min"]] for e in sv["effort_items"]]
check(got == want, "工数（SOW項目別）: %r, JSON %r" % (got, want))
got = [[v(r["担当者"]), count(r["件数"]), minutes(r["予定"]), minutes(r["実績（当期）"])]
       for r in rows("工数（担当者別）", ["担当者", "件数", "予定", "実績（当期）"])]
want = [[e["name"], e["tickets"], e["planned_min"], e["actual_min"]] for e in sv["effort_people"]]
check(got == want, "工数（担当者別）: %r, JSON %r" % (got, want))

got = [[v(r["ID"]), v(r["件名"]), day(r["作業開始"]), day(r["作業終了"]), day(r["期限"])]
       for r in rows("予定作業", ["ID", "件名", "作業開始", "作業終了", "期限", "状態"])]
want = [[w["id"], w["title"], w["work_start"], w["work_end"], w["due"]] for w in d["next_work"]]
check(got == want, "予定作業: %r, JSON %r" % (got, want))
got = [[day(r["集計日"]), count(r["未完了件数"])] for r in rows("未完了推移", ["集計日", "未完了件数"])]
want = [[h["at"], h["open"]] for h in d["backlog_history"]]
check(got == want, "未完了推移: %r, JSON %r" % (got, want))

# widths from the display width: the titles' column is wider than the
# status column, and none past the cap
ws = wb["インシデント"]
wt, ws_ = ws.column_dimensions["B"].width, ws.column_dimensions["D"].width
check(wt <= 61 and (wt > ws_ or not d["incidents"]), "widths: 件名 %r, 状態 %r" % (wt, ws_))

for b in bad:
    print("# " + b)
sys.exit(1 if bad else 0)
PY
}

test_monthly_matches_json() {
	need_openpyxl
	make_scenario
	# an open incident whose texts need more than the BMP
	at 2026-11-20T09:00 new incident-software --software "𠮷システム" --event "髙橋さんの画面が開かない①" --assignee 髙橋 >/dev/null ||
		fail "new incident"
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format xlsx -o "$TMPDIR_T/r.xlsx"
	expect_out "$TMPDIR_T/r.xlsx"
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format json -o "$TMPDIR_T/r.json"
	check_workbook "$TMPDIR_T/r.xlsx" "$TMPDIR_T/r.json" monthly
	got=$("$PY" -c 'import openpyxl,sys; ws=openpyxl.load_workbook(sys.argv[1])["インシデント"]; print([c.value for c in ws["B"] if c.value and "𠮷" in c.value][0])' "$TMPDIR_T/r.xlsx")
	expect_eq "$got" "インシデント (𠮷システム：髙橋さんの画面が開かない①)" "the incident's title"
}

test_weekly_default_name_and_stdout() {
	need_openpyxl
	make_scenario
	expect_status 0 sss --now $NOW_DEC report weekly --period 2026-W48 --format xlsx
	expect_out "$REPO/reports/【KPBE】_2026年11月23日-2026年11月29日週次報告書.xlsx"
	cp "$(cat "$OUT")" "$TMPDIR_T/w.xlsx"
	expect_status 0 sss --now $NOW_DEC report weekly --period 2026-W48 --format json -o "$TMPDIR_T/w.json"
	check_workbook "$TMPDIR_T/w.xlsx" "$TMPDIR_T/w.json" weekly
	# standard output: the same workbook
	expect_status 0 sss --now $NOW_DEC report weekly --period 2026-W48 --format xlsx -o -
	cp "$OUT" "$TMPDIR_T/stdout.xlsx"
	# the same --now, the same bytes (the workbook's creation time is it)
	cmp "$TMPDIR_T/stdout.xlsx" "$TMPDIR_T/w.xlsx" || fail "stdout differs from the file"
	"$PY" -c 'import sys, zipfile; sys.exit("2026-11-30T23:00:00Z</dcterms:created>" not in zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode())' \
		"$TMPDIR_T/w.xlsx" || fail "the workbook was not created at --now"
	# nothing left behind beside the file (the temporary name is gone)
	expect_eq "$(ls "$REPO/reports" | wc -l)" 1 "files in reports/"
}

test_refusals() {
	setup_repo 2026-11-01
	expect_error 2 "unknown format 'xls' \(use md, html, json, pdf or xlsx\)" \
		sss report monthly --format xls
	# a directory that is not there: one line naming it, nothing made
	expect_error 1 "no-such-dir/r.xlsx" sss report monthly --format xlsx -o "$TMPDIR_T/no-such-dir/r.xlsx"
	[ ! -e "$TMPDIR_T/no-such-dir" ] || fail "made the missing directory"
	# a failure at the end (a directory where the file would go) leaves
	# it as it was, and no temporary file beside it
	mkdir -p "$TMPDIR_T/dest/r.xlsx"
	echo old >"$TMPDIR_T/dest/r.xlsx/keep"
	expect_error 1 "cannot rename .*dest/r.xlsx" sss report monthly --format xlsx -o "$TMPDIR_T/dest/r.xlsx"
	expect_eq "$(cat "$TMPDIR_T/dest/r.xlsx/keep")" old "the directory's file"
	expect_eq "$(ls "$TMPDIR_T/dest")" r.xlsx "files beside it"
	# a report with nothing to count is still a workbook of every sheet
	expect_status 0 sss --now $NOW_DEC report monthly --period 2026-11 --format xlsx -o "$TMPDIR_T/e.xlsx"
	head -c 4 "$TMPDIR_T/e.xlsx" | od -An -c | grep -q 'P   K 003 004' || fail "not a zip"
}

run_tests "$@"
