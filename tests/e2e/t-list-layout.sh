#!/bin/sh
# sssctl list's table (and due's listing): columns aligned by display
# width, a header and titles cut with "…" on a terminal (faked with
# SSS_FORCE_TTY=1 and COLUMNS), TSV and JSON untouched; --sort, --columns
. "$(dirname "$0")/lib.sh"

# Tickets of every status, priority and both ID shapes (hand-made
# 2611-XXXXXX, recurring r-...), with wide, full-width and ambiguous
# characters in titles and assignees.
fixture() {
	setup_repo 2026-11-01
	sss --now 2026-11-26 due --quiet
	T1=$(SSS_NOW=2026-11-26T09:00:00+09:00 sss new usage-inquiry --event x \
		--title "𠮷野家の端末　起動しない（髙橋さん①）ログイン画面で止まる件の調査と対応" \
		--assignee 髙橋 --priority urgent --due 2026-11-27)
	T2=$(SSS_NOW=2026-11-26T09:10:00+09:00 sss new usage-inquiry --event x \
		--title "ﾒｰﾙ送信エラー half-width ｶﾅ" --assignee 𠮷田 --priority low --due 2026-11-27)
	T3=$(SSS_NOW=2026-11-26T09:20:00+09:00 sss new usage-inquiry --event x \
		--title "全角スペース　　の　タイトル" --priority high)
	T4=$(SSS_NOW=2026-11-26T09:30:00+09:00 sss new usage-inquiry --event x \
		--title "短い" --assignee 佐藤 --due 2026-11-20)
	T5=$(SSS_NOW=2026-11-26T09:40:00+09:00 sss new usage-inquiry --event x \
		--title "解決済の問合せ" --assignee 佐藤 --priority high --due 2026-12-10)
	T6=$(SSS_NOW=2026-11-26T09:50:00+09:00 sss new usage-inquiry --event x \
		--title "完了した問合せ" --priority urgent --due 2026-11-21)
	T7=$(SSS_NOW=2026-11-26T10:00:00+09:00 sss new usage-inquiry --event x \
		--title "取消の問合せ" --priority low)
	sss set "$T2" status=in-progress >/dev/null
	sss set "$T3" status=waiting >/dev/null
	sss set "$T5" status=resolved >/dev/null
	sss close --force "$T6" >/dev/null
	sss set "$T7" status=cancelled >/dev/null
}


# check_table OUT WIDTH FULL: OUT is a table with a header line, every
# line at most WIDTH display columns (East Asian Width W and F count two);
# FULL is the same table not cut (COLUMNS=1000). Each line of OUT is the
# line of FULL, or a prefix of it (trailing blanks dropped) and "…"; every
# column present starts where the header's heading starts, after at least
# two blanks.
check_table() {
	python3 - "$@" <<'PY'
import sys, unicodedata
out, width, full = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def w(ch):
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
def cols(line):
    """display column of each character"""
    c, res = 0, []
    for ch in line:
        res.append(c)
        c += w(ch)
    return res, c
got = open(out, encoding="utf-8").read().splitlines()
want = open(full, encoding="utf-8").read().splitlines()
assert len(got) == len(want) and len(got) > 1, (len(got), len(want))
head = want[0]
starts, prev = [], " "
for i, ch in enumerate(head):
    if ch != " " and prev == " ":
        starts.append(i)  # the header is ASCII: index == column
    prev = ch
assert head.split() == ["ID", "Status", "Priority", "Due", "Assignee", "Title"], head
cut = 0
for g, f in zip(got, want):
    at, total = cols(g)
    assert total <= width, "%d columns > %d: %r" % (total, width, g)
    if g != f:
        assert g.endswith("…"), g
        assert f.startswith(g[:-1].rstrip()), (g, f)
        assert cols(f)[1] > width, "cut though it fits: %r" % f
        cut += 1
    # the full line: a column starts at each heading, after two blanks
    at, total = cols(f)
    for s in starts[1:]:
        assert s in at, "no character starts at column %d: %r" % (s, f)
        i = at.index(s)
        assert f[i] != " " and f[i - 1] == " " and f[i - 2] == " ", (s, f)
        for j, c in enumerate(at):  # no cell runs across the start
            if c < s < c + w(f[j]):
                raise AssertionError("a wide character straddles %d: %r" % (s, f))
print(cut)
PY
}

test_columns_line_up_by_display_width_and_titles_cut_at_the_width() {
	fixture
	SSS_FORCE_TTY=1 COLUMNS=1000 expect_status 0 sss list --all
	cp "$OUT" "$TMPDIR_T/full"
	# both ID shapes, every status, a wide title
	for s in open in-progress waiting resolved closed cancelled; do
		grep -q "  $s  " "$TMPDIR_T/full" || fail "status $s not listed"
	done
	grep -q '^r-windows-server-update-fy2026h2  ' "$TMPDIR_T/full" || fail "long recurring ID"
	grep -q "^$T1  " "$TMPDIR_T/full" || fail "hand-made ID not padded"
	for width in 100 60; do
		SSS_FORCE_TTY=1 COLUMNS=$width expect_status 0 sss list --all
		n=$(check_table "$OUT" "$width" "$TMPDIR_T/full") || fail "layout at $width columns"
		[ "$n" -gt 0 ] || fail "nothing cut at $width columns"
	done
	# at 100 only titles are cut: the due date and assignee stay whole
	SSS_FORCE_TTY=1 COLUMNS=100 expect_status 0 sss list --all
	grep -q "^$T1  *open  *urgent  *2026-11-27  髙橋  *𠮷野家.*…$" "$OUT" || fail "T1 at 100: $(grep "$T1" "$OUT")"
	# the title column alone: the cut falls on a character, "…" last
	SSS_FORCE_TTY=1 COLUMNS=1000 expect_status 0 sss list --all --columns id,title
	cp "$OUT" "$TMPDIR_T/narrow"
	for width in 41 42; do
		SSS_FORCE_TTY=1 COLUMNS=$width expect_status 0 sss list --all --columns id,title
		python3 - "$OUT" "$width" "$T1" <<'PY' || fail "title cut at $width"
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
width = int(sys.argv[2])
line = [l for l in open(sys.argv[1], encoding="utf-8") if l.startswith(sys.argv[3])][0].rstrip("\n")
assert line.endswith("…"), line
# 13 columns of ID and blanks, then wide characters: the line ends at the
# width, or one short of it when the next wide character did not fit
assert w(line) in (width - 1, width), (w(line), line)
PY
	done
}

test_header_only_on_a_terminal_and_piped_output_never_cut() {
	fixture
	SSS_FORCE_TTY=1 COLUMNS=1000 expect_status 0 sss list --all
	tail -n +2 "$OUT" >"$TMPDIR_T/rows"
	COLUMNS=20 expect_status 0 sss list --all
	diff -u "$TMPDIR_T/rows" "$OUT" >&2 || fail "piped table differs from the terminal's rows"
	if grep -q '^ID  ' "$OUT"; then fail "header when piped"; fi
	if grep -q '…' "$OUT"; then fail "cut when piped"; fi
	# nothing listed: no header either
	SSS_FORCE_TTY=1 expect_status 0 sss list --assignee 誰も
	expect_eq "$(cat "$OUT")" "" "empty listing"
}

test_tsv_and_json_unchanged_on_a_terminal() {
	fixture
	expect_status 0 sss list --all --format tsv
	cp "$OUT" "$TMPDIR_T/tsv"
	SSS_FORCE_TTY=1 COLUMNS=20 expect_status 0 sss list --all --format tsv
	diff -u "$TMPDIR_T/tsv" "$OUT" >&2 || fail "tsv changed on a terminal"
	expect_eq "$(awk -F'\t' 'NF != 7' "$OUT")" "" "seven columns"
	grep -q "^$T1	open	urgent	2026-11-27	髙橋	usage-inquiry	𠮷野家の端末　起動しない（髙橋さん①）ログイン画面で止まる件の調査と対応\$" "$OUT" ||
		fail "tsv row of T1"
	# path order without --sort (the stream as the scan goes)
	expect_eq "$(cut -f1 "$OUT" | tr '\n' ' ')" \
		"$(find tickets -name '*.md' | sort | sed 's|.*/||; s|\.md$||' | tr '\n' ' ')" "tsv order"
	expect_status 0 sss list --all --format json
	cp "$OUT" "$TMPDIR_T/json"
	SSS_FORCE_TTY=1 COLUMNS=20 expect_status 0 sss list --all --format json
	diff -u "$TMPDIR_T/json" "$OUT" >&2 || fail "json changed on a terminal"
	expect_error 2 "--columns is for the table" sss list --format tsv --columns id
}

# sort_ids SPEC: the IDs in the order --sort SPEC gives, in JSON
sorted_ids() {
	"$SSSCTL" list --all --format json --sort "$1" |
		python3 -c 'import json,sys; print(" ".join(t["id"] for t in json.load(sys.stdin)))'
}

test_sort_orders() {
	fixture
	# the default: due date (none last), then priority (urgent first), then ID
	expect_status 0 sss list --all
	got=$(awk '{print $1}' "$OUT" | tr '\n' ' ')
	# the hand-made ones: 11-20, 11-21, 11-27 urgent before 11-27 low,
	# 12-10, then those without a due date, the high one first
	expect_eq "$(awk '/^2611-/ {print $1}' "$OUT" | tr '\n' ' ')" \
		"$(printf '%s ' "$T4" "$T6" "$T1" "$T2" "$T5" "$T3" "$T7")" "default order"
	# a recurring ticket due on 11-26 between 11-21 and 11-27
	case "$got" in *"$T6 r-weekly-meeting-2026-w48 $T1 "*) ;; *) fail "default order: $got" ;; esac
	expect_eq "$got" "$(sorted_ids due,priority,id) " "default = due,priority,id"
	# every key, both directions, against an independent sort of the JSON
	"$SSSCTL" list --all --format json >"$TMPDIR_T/all.json"
	for spec in due priority status id created updated assignee title \
		-due -priority -status -id -created -title \
		priority,-due assignee,-priority,title status,due; do
		sorted_ids "$spec" >"$TMPDIR_T/got"
		python3 - "$TMPDIR_T/all.json" "$spec" "$TMPDIR_T/got" <<'PY' || fail "--sort $spec"
import json, sys, functools
from datetime import datetime
tickets = json.load(open(sys.argv[1]))
keys = sys.argv[2].split(",")
rank = {"priority": ["urgent", "high", "normal", "low"],
        "status": ["open", "in-progress", "waiting", "resolved", "closed", "cancelled"]}
def value(t, k):
    v = t.get(k)
    if v in (None, ""):
        return None
    if k in rank:
        return rank[k].index(v)
    if k in ("created", "updated"):
        return datetime.fromisoformat(v).timestamp()
    return [ord(c) for c in v] if isinstance(v, str) else v
def cmp(a, b):
    for k in keys:
        desc = k.startswith("-")
        k = k.lstrip("-")
        x, y = value(a, k), value(b, k)
        if x is None or y is None:
            if (x is None) != (y is None):
                return 1 if x is None else -1  # missing last, either way
            continue
        if x != y:
            c = -1 if x < y else 1
            return -c if desc else c
    return -1 if a["id"] < b["id"] else (a["id"] > b["id"])
want = " ".join(t["id"] for t in sorted(tickets, key=functools.cmp_to_key(cmp)))
got = open(sys.argv[3]).read().strip()
assert got == want, "\n got %s\nwant %s" % (got, want)
PY
	done
	# a concrete one: descending priority puts the low ones first, and
	# "--sort -KEY" works as a separate word too
	expect_status 0 sss list --all --format tsv --sort -priority
	expect_eq "$(head -n 2 "$OUT" | cut -f1 | tr '\n' ' ')" "$T2 $T7 " "-priority"
	expect_status 0 sss list --all --format tsv --sort=title,-id
	expect_eq "$(cut -f3 "$OUT" | sort -u | wc -l)" 4 "all priorities listed"
	# the table follows --sort and --columns
	expect_status 0 sss list --all --sort -created --columns id,assignee
	head -n 1 "$OUT" | grep -q "^$T7  *-\$" || fail "newest first, two columns: $(head -n 1 "$OUT")"
}

test_bad_sort_and_columns_are_refused() {
	fixture
	expect_error 2 "unknown sort key 'size' in --sort" sss list --sort due,size
	expect_error 2 "sort key 'due' given twice" sss list --sort due,-due
	expect_error 2 "--sort needs at least one key" sss list --sort ""
	expect_error 2 "unknown column 'Title' in --columns" sss list --columns id,Title
	expect_error 2 "column 'id' given twice" sss list --columns id,id
	expect_eq "$(wc -l <"$ERR")" 1 "one line"
}

test_due_listing_laid_out_as_the_table() {
	fixture
	SSS_FORCE_TTY=1 COLUMNS=1000 expect_status 0 sss --now 2026-11-26 due
	head -n 1 "$OUT" | grep -q '^  Due  *ID  *Status  *Priority  *Assignee  *Title$' || fail "due header: $(head -n 1 "$OUT")"
	grep -q "^overdue:" "$OUT" || fail "groups"
	# rows (indented) line up with the header, by display width
	python3 - "$OUT" <<'PY' || fail "due layout"
import sys, unicodedata
w = lambda ch: 2 if unicodedata.east_asian_width(ch) in "WF" else 1
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
head, rows = lines[0], [l for l in lines[1:] if l.startswith("  ")]
assert len(rows) >= 5, rows
starts = [i for i in range(1, len(head)) if head[i] != " " and head[i - 1] == " "]
for r in rows:
    at, c = [], 0
    for ch in r:
        at.append(c); c += w(ch)
    for s in starts:
        i = at.index(s)
        assert r[i] != " " and r[i - 1] == " " and r[i - 2] == " ", (s, r)
PY
	grep -q "^  2026-11-20  $T4  *open  *normal  *佐藤  *短い$" "$OUT" || fail "overdue row: $(grep "$T4" "$OUT")"
	SSS_FORCE_TTY=1 COLUMNS=70 expect_status 0 sss --now 2026-11-26 due
	python3 -c '
import sys, unicodedata
for l in open(sys.argv[1], encoding="utf-8").read().splitlines():
    n = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
    assert n <= 70, (n, l)' "$OUT" || fail "due wider than 70"
	expect_status 0 sss --now 2026-11-26 due
	if grep -q '…\|^  Due ' "$OUT"; then fail "due piped: cut or header"; fi
}

run_tests "$@"
