#!/bin/sh
# the scan cache of sssctl list (.git/sss-cache): never wrong
. "$(dirname "$0")/lib.sh"

CACHE=.git/sss-cache

fixture() {
	setup_repo
	A=$(sss --now 2026-11-26T09:00:00+09:00 new incident-software --software ApexOne --event 失敗 --assignee 田中 --due 2026-11-20)
	B=$(sss --now 2026-11-26T09:10:00+09:00 new user-registration --user 山田 --software M365 --assignee 佐藤 --due 2026-12-01)
	C=$(sss --now 2026-11-26T09:20:00+09:00 new usage-inquiry --event 質問 --assignee 田中)
	D=$(sss --now 2026-11-26T09:30:00+09:00 new usage-inquiry --title 'tab	and "quotes" \ here' --assignee 'x')
	sss set "$B" status=waiting
	sss close --force "$C" >/dev/null
	FA=tickets/2026/11/$A.md
}

# age: make every ticket file an hour old, so that the cache may trust
# them (a file changed within a second of the scan is always read again).
age() {
	find tickets -name '*.md' -exec touch -d '1 hour ago' {} +
}

# same_as_uncached: list in several filters and formats prints exactly
# what it prints with the cache bypassed (SSS_NO_CACHE=1): stdout, stderr
# and exit status.
same_as_uncached() {
	for args in "--format tsv" "--all --format tsv" "--all --format json" \
		"--all" "--overdue --format tsv" "--assignee 田中 --all" \
		"--status open,closed --format json" "--kind request --format tsv"; do
		# shellcheck disable=SC2086
		expect_same_run SSS_NO_CACHE=1 "" list $args
	done
}

# reads_no_ticket: with a warm cache, list opens no ticket file (checked
# when strace is installed; otherwise only the output is checked).
# LeakSanitizer cannot run under ptrace: the traced run goes without.
reads_no_ticket() {
	command -v strace >/dev/null 2>&1 || return 0
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=open,openat -o "$TMPDIR_T/trace" "$SSSCTL" list --all --format json >/dev/null
	if grep -q '\.md"' "$TMPDIR_T/trace"; then
		grep '\.md"' "$TMPDIR_T/trace" | sed 's/^/#   /' >&2
		fail "a warm cache still read ticket files"
	fi
}

# reads_tickets: list opens ticket files (when strace is installed).
reads_tickets() {
	command -v strace >/dev/null 2>&1 || return 0
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=open,openat -o "$TMPDIR_T/trace" "$SSSCTL" list --all >/dev/null
	grep -q '\.md"' "$TMPDIR_T/trace" || fail "list trusted files as new as the cache"
}

# warm: age the files and fill the cache.
warm() {
	age
	sss list --all >/dev/null
	[ -f "$CACHE" ] || fail "no cache written"
}

test_cache_cold_warm_and_bypassed_agree() {
	fixture
	[ ! -e "$CACHE" ] || fail "a cache before any list"
	SSS_NO_CACHE=1 sss list --all >/dev/null
	[ ! -e "$CACHE" ] || fail "SSS_NO_CACHE=1 wrote a cache"
	age
	same_as_uncached   # cold: the first list writes the cache
	[ -f "$CACHE" ] || fail "no cache written"
	same_as_uncached   # warm
	reads_no_ticket
	# a warm list that changed nothing leaves the cache alone
	before=$(stat -c '%i %Y.%y' "$CACHE")
	sleep 1
	sss list --all >/dev/null
	expect_eq "$(stat -c '%i %Y.%y' "$CACHE")" "$before" "cache rewritten"
	[ -z "$(ls .git | grep 'sss-cache.tmp')" ] || fail "temp file left"
}

test_cache_fresh_files_are_read_again() {
	fixture
	# every file as new as the cache: none is trusted, however often
	# list runs (the record's time is when the scan that wrote it began)
	find tickets -name '*.md' -exec touch {} +
	sss list --all >/dev/null
	reads_tickets
	sleep 1
	reads_tickets
	same_as_uncached
	# files from the future (a skewed clock) are never trusted either
	find tickets -name '*.md' -exec touch -d '1 hour' {} +
	sss list --all >/dev/null
	reads_tickets
	cp "$FA" "$TMPDIR_T/a"
	sed 's/^assignee: 田中$/assignee: 佐藤/' "$TMPDIR_T/a" >"$FA"
	same_as_uncached
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	佐藤" "$OUT"
	cat "$TMPDIR_T/a" >"$FA"
	age
}

test_cache_sees_hand_edit_same_size_and_mtime() {
	fixture
	warm
	reads_no_ticket
	old=$(stat -c %y "$FA")
	size=$(stat -c %s "$FA")
	ino=$(stat -c %i "$FA")
	cp "$FA" "$TMPDIR_T/a"
	# in place: the same inode, the same size (田中 and 佐藤 are both 6
	# bytes), the old mtime put back; only the ctime tells
	sed 's/^assignee: 田中$/assignee: 佐藤/' "$TMPDIR_T/a" >"$TMPDIR_T/b"
	cat "$TMPDIR_T/b" >"$FA"
	touch -d "$old" "$FA"
	expect_eq "$(stat -c %s "$FA")" "$size" "size"
	expect_eq "$(stat -c %i "$FA")" "$ino" "inode"
	expect_eq "$(stat -c %y "$FA")" "$old" "mtime"
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	佐藤" "$OUT"
	same_as_uncached
	# sed -i (a new inode), mtime put back again
	sleep 1
	sed -i 's/^assignee: 佐藤$/assignee: 山田/' "$FA"
	touch -d "$old" "$FA"
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	山田" "$OUT"
	same_as_uncached
	# a status edit that changes the size, in the same second as the cache
	sed -i 's/^status: open$/status: resolved/' "$FA"
	sss list --status resolved --format tsv >"$OUT"
	expect_contains "$A	resolved" "$OUT"
	same_as_uncached
	cat "$TMPDIR_T/a" >"$FA"
	same_as_uncached
}

# A ticket written, cached by a scan and changed again within that same
# second, to the same size and the same mtime (as an editor that saves
# twice, or a script, may): the next list must show the second change,
# and the record the scan wrote must not be trusted by the next scans
# (git's "racy" rule: a file whose mtime is not older than the scan's
# start may change again unseen by its size and times).
test_cache_change_in_the_scans_second() {
	fixture
	age
	sss list --all >/dev/null
	cp "$FA" "$TMPDIR_T/a"
	# 田中, 髙橋 and 鈴木 are all 6 bytes: the size stays
	sed 's/^assignee: 田中$/assignee: 髙橋/' "$TMPDIR_T/a" >"$TMPDIR_T/b"
	sed 's/^assignee: 田中$/assignee: 鈴木/' "$TMPDIR_T/a" >"$TMPDIR_T/c"
	tries=0
	while :; do
		tries=$((tries + 1))
		[ "$tries" -le 5 ] || fail "could not write, scan and write again within one second"
		t0=$(date +%s)
		cat "$TMPDIR_T/b" >"$FA"
		sss list --all --format tsv >"$OUT"
		mt=$(stat -c %y "$FA")
		cat "$TMPDIR_T/c" >"$FA"
		touch -d "$mt" "$FA"
		[ "$(date +%s)" = "$t0" ] && [ "$(stat -c %Y "$FA")" = "$t0" ] && break
	done
	expect_contains "$A	open	normal	2026-11-20	髙橋" "$OUT"
	grep -q 髙橋 "$CACHE" || fail "the first list cached nothing of the ticket"
	expect_eq "$(stat -c %s "$FA")" "$(stat -c %s "$TMPDIR_T/b")" "size"
	expect_eq "$(stat -c %y "$FA")" "$mt" "mtime"
	# the next scan reads that file again, not its record of the racy
	# second (only this one: it rewrites the record, later than the
	# file's second when the machine is slow, and that one may be trusted)
	if command -v strace >/dev/null 2>&1; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
			strace -f -e trace=open,openat -o "$TMPDIR_T/trace" \
			"$SSSCTL" list --all --format tsv >"$OUT"
		grep -qF "$A.md\"" "$TMPDIR_T/trace" ||
			fail "a record written in its file's second was trusted"
	else
		sss list --all --format tsv >"$OUT"
	fi
	expect_contains "$A	open	normal	2026-11-20	鈴木" "$OUT"
	same_as_uncached
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	鈴木" "$OUT"
	cat "$TMPDIR_T/a" >"$FA"
	same_as_uncached
}

# report and check take what they need from the same cache (links,
# sections, dates): the same output as without it, and a hand edit in
# place (same size, same mtime) is seen by both.
test_cache_report_and_check_see_hand_edit() {
	fixture
	sss comment "$A" -m '再起動で復旧' >/dev/null
	sss close --force "$A" >/dev/null
	warm
	for args in "check" "report monthly --format json -o -" "report weekly -o -" \
		"report monthly --period 2026-11 -o -"; do
		# shellcheck disable=SC2086
		expect_same_run SSS_NO_CACHE=1 "" $args
	done
	old=$(stat -c %y "$FA")
	cp "$FA" "$TMPDIR_T/a"
	# a sow that is not in the catalog, in place, as long as the old one
	sed 's/^sow: incident-software$/sow: incident-softwarX/' "$TMPDIR_T/a" >"$TMPDIR_T/b"
	cat "$TMPDIR_T/b" >"$FA"
	touch -d "$old" "$FA"
	expect_status 1 sss check
	expect_contains "sow 'incident-softwarX' is not in the catalog" "$ERR"
	for args in "check" "report monthly --format json -o -"; do
		# shellcheck disable=SC2086
		expect_same_run SSS_NO_CACHE=1 "" $args
	done
	cat "$TMPDIR_T/a" >"$FA"
	expect_status 0 sss check
}

test_cache_sees_git_checkout() {
	fixture
	sss set "$A" status=in-progress assignee=鈴木
	warm
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	in-progress	normal	2026-11-20	鈴木" "$OUT"
	git checkout -q --detach HEAD~1
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	田中" "$OUT"
	same_as_uncached
	# even with the old mtime put on the checked-out file
	age
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	open	normal	2026-11-20	田中" "$OUT"
	same_as_uncached
	git checkout -q master
	age
	sss list --all --format tsv >"$OUT"
	expect_contains "$A	in-progress	normal	2026-11-20	鈴木" "$OUT"
	same_as_uncached
}

test_cache_sees_git_pull() {
	fixture
	git clone -q "$REPO" "$TMPDIR_T/clone"
	(cd "$TMPDIR_T/clone" && sss set "$B" status=in-progress assignee=高橋 &&
		sss new usage-inquiry --event 追加 >/dev/null &&
		sss close --force "$A" >/dev/null)
	warm
	git pull -q --ff-only "$TMPDIR_T/clone" master
	sss list --all --format tsv >"$OUT"
	expect_contains "$B	in-progress	normal	2026-12-01	高橋" "$OUT"
	expect_contains "$A	closed" "$OUT"
	expect_contains "追加" "$OUT"
	same_as_uncached
	age
	same_as_uncached
	reads_no_ticket
}

test_cache_deleted_new_and_broken_tickets() {
	fixture
	warm
	# deleted
	mv "$FA" "$TMPDIR_T/a"
	sss list --all --format tsv >"$OUT"
	grep -q "^$A	" "$OUT" && fail "a deleted ticket is still listed"
	same_as_uncached
	mv "$TMPDIR_T/a" "$FA"
	same_as_uncached
	# new, before and after every other one in path order
	E=$(sss --now 2026-11-26T11:00:00+09:00 new usage-inquiry --event 新規)
	mkdir -p tickets/2026/04 tickets/2027/01
	sed "s/^id: $A\$/id: 2604-AAAAAA/" "$FA" >tickets/2026/04/2604-AAAAAA.md
	sed "s/^id: $A\$/id: 2701-ZZZZZZ/" "$FA" >tickets/2027/01/2701-ZZZZZZ.md
	sss list --all --format tsv >"$OUT"
	expect_contains "$E" "$OUT"
	expect_contains "2604-AAAAAA" "$OUT"
	expect_contains "2701-ZZZZZZ" "$OUT"
	same_as_uncached
	age
	same_as_uncached
	# broken: reported on every run, never cached; fixed, it is listed
	printf -- '---\nid: 2610-AAAAAA\ntitle: [broken\n---\n' >tickets/2026/04/2604-AAAAAA.md
	age
	expect_status 1 sss list --all --format tsv
	expect_contains "tickets/2026/04/2604-AAAAAA.md" "$ERR"
	expect_status 1 sss list --all --format tsv
	expect_contains "tickets/2026/04/2604-AAAAAA.md" "$ERR"
	same_as_uncached
	sed "s/^id: $A\$/id: 2604-AAAAAA/" "$FA" >tickets/2026/04/2604-AAAAAA.md
	expect_status 0 sss list --all --format tsv
	expect_contains "2604-AAAAAA" "$OUT"
	same_as_uncached
	rm -rf tickets/2026/04 tickets/2027
	same_as_uncached
}

test_cache_garbage_is_no_cache() {
	fixture
	warm
	same_as_uncached
	cp "$CACHE" "$TMPDIR_T/good"
	size=$(stat -c %s "$TMPDIR_T/good")
	# garbage instead of a cache
	head -c 5000 /dev/urandom >"$CACHE"
	same_as_uncached
	# empty
	: >"$CACHE"
	same_as_uncached
	# truncated at several points
	for n in 10 64 100 $((size / 2)) $((size - 1)); do
		head -c "$n" "$TMPDIR_T/good" >"$CACHE"
		touch -d '1 minute ago' "$CACHE"
		same_as_uncached
	done
	# one byte changed in each tenth of the file: a title, an identity,
	# a length, the JSON... every change is caught by a checksum
	i=1
	while [ "$i" -lt 10 ]; do
		off=$((size * i / 10))
		cp "$TMPDIR_T/good" "$CACHE"
		printf 'Z' | dd of="$CACHE" bs=1 seek="$off" conv=notrunc 2>/dev/null
		touch -d '1 minute ago' "$CACHE"
		same_as_uncached
		i=$((i + 1))
	done
	# a directory or a symbolic link in its place
	rm -f "$CACHE"
	mkdir "$CACHE"
	same_as_uncached
	rmdir "$CACHE"
	ln -s "$TMPDIR_T/good" "$CACHE"
	same_as_uncached
	[ -L "$CACHE" ] && fail "the symbolic link is still there"
	same_as_uncached
}

test_cache_titles_with_odd_bytes() {
	fixture
	sss new usage-inquiry --title 'esc \x1b and ctrl' --assignee 'a,b' >/dev/null
	printf -- '---\nid: 2611-QQQQQQ\ntitle: "bell \\a tab \\t nul-free"\nsow: usage-inquiry\nkind: request\nstatus: open\ncreated: 2026-11-26T09:00:00+09:00\nx-extra: {a: 1}\n---\nbody\n' >tickets/2026/11/2611-QQQQQQ.md
	age
	same_as_uncached
	same_as_uncached
	rm tickets/2026/11/2611-QQQQQQ.md
}

test_cache_concurrent_lists() {
	fixture
	i=0
	while [ "$i" -lt 20 ]; do
		sss new usage-inquiry --event "q$i" >/dev/null
		i=$((i + 1))
	done
	age
	SSS_NO_CACHE=1 sss list --all --format json >"$TMPDIR_T/ref"
	for round in 1 2 3; do
		i=0
		while [ "$i" -lt 4 ]; do
			sss list --all --format json >"$TMPDIR_T/p$i" &
			i=$((i + 1))
		done
		wait
		i=0
		while [ "$i" -lt 4 ]; do
			cmp -s "$TMPDIR_T/ref" "$TMPDIR_T/p$i" ||
				fail "round $round: concurrent list $i differs"
			i=$((i + 1))
		done
		# a change between rounds
		touch tickets/2026/11/*.md
	done
	age
	same_as_uncached
	[ -z "$(ls .git | grep 'sss-cache.tmp')" ] || fail "temp file left"
	# the temp file of a list that was killed goes with the next write
	dead=$(sh -c 'echo $$')
	echo junk >".git/sss-cache.tmp-$dead"
	rm "$CACHE"
	same_as_uncached
	[ ! -e ".git/sss-cache.tmp-$dead" ] || fail "a dead list's temp file stays"
}

test_cache_unwritable_git_dir() {
	fixture
	age
	[ "$(id -u)" != 0 ] || return 0 # root writes anyway: nothing to see
	chmod a-w .git
	same_as_uncached
	chmod u+w .git
	[ ! -e "$CACHE" ] || fail "a cache in an unwritable directory"
}

# The JSON of a warm list is rebuilt from the records (they keep no JSON):
# byte for byte what the files give, for custom fields, links, tags, a work
# log with 作業時間, an estimate, 𠮷/髙 and a file with CRLF line ends
# and a quoted title.
test_cache_json_rebuilt_from_records() {
	fixture
	sss comment "$A" -m '調査 𠮷野家 髙橋' --spent 1h30m >/dev/null
	sss set "$A" estimate=2h >/dev/null
	F=tickets/2026/11/2611-WWWWWW.md
	printf -- '---\r\nid: 2611-WWWWWW\r\ntitle: "𠮷 と 髙 \\"q\\" \\\\ x"\r\nsow: usage-inquiry\r\nkind: request\r\nstatus: open\r\npriority: high\r\nrequester: 髙橋 𠮷\r\ncreated: 2026-11-26T09:00:00+09:00\r\nupdated: 2026-11-26T09:05:00+09:00\r\ndue: 2026-12-02\r\nestimate: 45m\r\ntags: [a, 髙]\r\nlinks:\r\n  - rel: related\r\n    id: 2611-PPPPPP\r\nx-custom: {a: 1, b: [x, "𠮷"], c: null}\r\n---\r\n\r\n## 作業記録\r\n- 2026-11-26 10:00 田中: 対応 [作業時間 25m]\r\n\r\n## 対応結果\r\n済 𠮷\r\n' >"$F"
	age
	SSS_NO_CACHE=1 sss list --all --format json >"$TMPDIR_T/nocache"
	grep -q '"x-custom":{"a":"1","b":\["x","𠮷"\],"c":null}' "$TMPDIR_T/nocache" || fail "no custom field in the JSON"
	grep -q '"spent_min":0,"estimate_min":45[,}]' "$TMPDIR_T/nocache" || fail "no effort figures"
	grep -q '"spent_min":90,"estimate_min":120[,}]' "$TMPDIR_T/nocache" || fail "no effort figures for $A"
	rm -f "$CACHE"
	sss list --all --format json >"$TMPDIR_T/cold"
	[ -f "$CACHE" ] || fail "no cache written"
	sss list --all --format json >"$TMPDIR_T/warm"
	cmp "$TMPDIR_T/nocache" "$TMPDIR_T/cold" || fail "cold JSON differs"
	cmp "$TMPDIR_T/nocache" "$TMPDIR_T/warm" || fail "warm JSON differs"
	reads_no_ticket
	# the 対応結果 of a ticket that is no incident is read from its file
	SSS_NO_CACHE=1 sss report monthly --format json -o - >"$TMPDIR_T/ref" 2>&1 || true
	sss report monthly --format json -o - >"$TMPDIR_T/got" 2>&1 || true
	cmp "$TMPDIR_T/ref" "$TMPDIR_T/got" || fail "report differs with the cache"
	rm "$F"
}

# The records are small, and compressed in blocks: at most 160 bytes a
# ticket on a generated repository (120 measured; 266 before the blocks,
# 889 when each record kept its JSON).
test_cache_size_per_ticket() {
	"$TESTS_ROOT/tests/bench/gen-repo" 1000 gen >"$OUT" 2>"$ERR" ||
		{ sed 's/^/#   /' "$ERR" >&2; fail "gen-repo failed"; }
	cd gen
	sss --now 2027-03-31T18:00:00+09:00 list --all --format tsv >/dev/null
	size=$(stat -c %s "$CACHE")
	[ "$size" -le $((64 + 160 * 1000 + 16)) ] || fail "cache of $size bytes for 1000 tickets"
	[ "$size" -ge $((64 + 60 * 1000)) ] || fail "cache of $size bytes: not every ticket recorded"
}

run_tests
