#!/bin/sh
# suite-concurrency.sh - many writers at once on one data repository.
#
# 4 writers each run 50 `new` and, after each, a `comment` or a `close`
# (some with --problem) on a ticket another writer made; 2 `due` runs start
# with them, and a reader runs `sssctl list` and `git status` all the
# while. Every command's exit status and output are logged. Afterwards: every ticket a command
# reported as created is in HEAD exactly once with the state the commands
# reported; IDs are unique; a failed command printed one clear line and
# changed nothing; one commit per successful change; `sssctl check`,
# `git fsck --strict` and a clean `git status`. Output is TAP.
. "$(dirname "$0")/../e2e/lib.sh"

WRITERS=${WRITERS:-4}
PER_WRITER=${PER_WRITER:-50}
SEED=${SEED:-20261126}
# short enough that the contention shows as clean lock timeouts now and then
LOCK_TIMEOUT_MS=${LOCK_TIMEOUT_MS:-250}

work=$(mktemp -d "${TMPDIR:-/tmp}/sss-concurrency-XXXXXX")
log=$work/log
mkdir "$log"
n=0 failed=0

ok() {
	n=$((n + 1))
	echo "ok $n - concurrency: $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - concurrency: $1 (kept in $work)"
	[ -s "$work/why" ] && sed 's/^/    /' "$work/why"
	: >"$work/why"
}

# check NAME CMD...: one TAP line; CMD explains a failure in $work/why
check() {
	name=$1
	shift
	: >"$work/why"
	if "$@" >>"$work/why" 2>&1; then ok "$name"; else not_ok "$name"; fi
}

now_ms() { date +%s%3N; }

# A fixed-seed PRNG (an LCG), one stream per writer.
rand() {
	r=$(((r * 1103515245 + 12345) % 2147483648))
	rv=$((r / 65536 % $1))
}

# run W ACTION TARGET TOKEN CMD...: run one command of writer W and log
# "action target rc stderr-lines first-stderr-line token first-stdout-line"
run() {
	w=$1 action=$2 target=$3 token=$4
	shift 4
	"$@" >"$log/$w.out" 2>"$log/$w.err"
	rc=$?
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$action" "$target" "$rc" \
		"$(wc -l <"$log/$w.err")" "$(head -n 1 "$log/$w.err" | tr '\t' ' ')" \
		"$token" "$(head -n 1 "$log/$w.out")" >>"$log/$w.log"
	cat "$log/$w.err" >>"$log/$w.stderr"
	return $rc
}

writer() {
	w=$1
	r=$((SEED + w))
	export SSS_AUTHOR="writer$w <w$w@example.com>"
	: >"$log/ids.$w"
	k=0
	while [ $k -lt "$PER_WRITER" ]; do
		k=$((k + 1))
		if run "$w" new - - "$SSSCTL" new incident-software \
			--software "W$w" --event "e$k" --assignee "writer$w"; then
			head -n 1 "$log/$w.out" >>"$log/ids.$w"
		fi
		# a ticket of another writer, if it has made one yet
		rand $((WRITERS - 1))
		o=$(((w + rv) % WRITERS + 1))
		have=$(wc -l <"$log/ids.$o")
		[ "$have" -gt 0 ] || continue
		rand "$have"
		id=$(sed -n "$((rv + 1))p" "$log/ids.$o")
		[ -n "$id" ] || continue
		token="tok-w$w-k$k"
		rand 6
		case $rv in
		0) run "$w" close-problem "$id" "$token" "$SSSCTL" close --force \
			--problem --resolution "$token" "$id" ;;
		1 | 2) run "$w" close "$id" "$token" "$SSSCTL" close --force \
			--resolution "$token" "$id" ;;
		*) run "$w" comment "$id" "$token" "$SSSCTL" comment "$id" -m "$token" ;;
		esac
	done
}

due_run() {
	run "due$1" due - - "$SSSCTL" due
	echo $? >"$log/due$1.rc"
	cp "$log/due$1.out" "$log/due$1.stdout"
}

# A reader beside the writers: `sssctl list` must never fail, and a plain
# `git status` (which takes index.lock to refresh the index) must not make
# a writer fail.
reader() {
	while [ ! -f "$log/stop" ]; do
		"$SSSCTL" list --all --format tsv >/dev/null 2>>"$log/reader.err" ||
			echo "list failed" >>"$log/reader.err"
		git status --porcelain >/dev/null 2>&1
	done
}

setup() {
	cd "$work"
	"$SSSCTL" init --no-hooks --contract-start 2026-04-01 repo >/dev/null || return 1
	cd repo
	REPO=$(pwd)
	printf 'lock_timeout_ms: %s\n' "$LOCK_TIMEOUT_MS" >>.sss/config.yml
	git add .sss/config.yml &&
		git -c user.name=setup -c user.email=setup@example.com \
			commit -q -m "test: lock_timeout_ms $LOCK_TIMEOUT_MS" || return 1
	export SSS_NOW=2026-11-26T10:00:00+09:00
	base_commits=$(commits)
}

if ! setup; then
	echo "not ok 1 - concurrency: setup failed (kept in $work)"
	echo "1..1"
	exit 1
fi

t0=$(now_ms)
reader &
rpid=$!
pids=
for w in $(seq 1 "$WRITERS"); do
	writer "$w" &
	pids="$pids $!"
done
due_run 1 &
pids="$pids $!"
due_run 2 &
pids="$pids $!"
for p in $pids; do wait "$p"; done
touch "$log/stop"
wait "$rpid"
t1=$(now_ms)
cat "$log"/[0-9]*.log "$log"/due*.log >"$log/all"

# ---- the assertions ------------------------------------------------------

# every command succeeded quietly or failed with one clear line
messages_clear() {
	awk -F '\t' '
	$3 == 0 && $4 == 0 { next }
	$3 == 1 && $4 == 1 && $5 ~ lock { next }
	$3 == 1 && $4 == 1 && $1 ~ /^close/ && $5 ~ /^sssctl: error: ticket .* is already closed$/ { next }
	# due goes on after a failed ticket: one line per failure
	$3 == 1 && $1 == "due" && $4 > 0 { next }
	{ print "unexpected: " $0; bad = 1 }
	END { exit bad }' lock="$lock_re" "$log/all" || return 1
	for f in "$log"/due*.stderr; do
		[ -f "$f" ] || continue
		grep -v -E "$lock_re" "$f" | sed 's/^/unexpected from due: /'
		! grep -q -v -E "$lock_re" "$f"
	done
}
lock_re='^sssctl: error: another sssctl is writing to this repository \(pid [0-9]+ on [^ ]+: [a-z]+\); gave up after [0-9]+ ms, try again$'

check "every command succeeded or failed with one clear line" messages_clear

# the IDs the commands reported as created
awk -F '\t' '$3 == 0 && $1 == "new" { print $7 }
	$3 == 0 && $1 == "close-problem" { print $7 }' "$log/all" >"$log/created"
sed -n 's/^created \([^ ]*\) .*/\1/p' "$log/due1.stdout" "$log/due2.stdout" >"$log/due-created"

ids_unique() {
	d=$(cat "$log/created" "$log/due-created" | sort | uniq -d)
	[ -z "$d" ] || { echo "reported twice: $d"; return 1; }
	! grep -v -E '^(2611-[0-9A-Z]{6}|r-[a-z0-9-]+)$' "$log/created" "$log/due-created"
}
check "IDs reported as created are unique and well formed" ids_unique

# HEAD as files, for reading every ticket without the work tree
mkdir "$work/head"
git archive HEAD tickets | tar -x -C "$work/head"
git ls-tree -r --name-only HEAD tickets >"$log/tree"

in_head_once() {
	sed 's|.*/||; s|\.md$||' "$log/tree" | sort >"$log/tree-ids"
	d=$(uniq -d <"$log/tree-ids")
	[ -z "$d" ] || { echo "twice in HEAD: $d"; return 1; }
	sort "$log/created" "$log/due-created" >"$log/want-ids"
	# every reported ticket is there, and nothing else was created
	diff -u "$log/want-ids" "$log/tree-ids" || return 1
	for f in $(cat "$log/tree"); do
		id=$(sed -n 's/^id: //p' "$work/head/$f")
		[ "$id" = "$(basename "$f" .md)" ] || { echo "$f has id '$id'"; return 1; }
	done
}
check "every created ticket is in HEAD exactly once, and nothing more" in_head_once

# the state each ticket must have: closed iff a close of it succeeded;
# every successful comment/close token present once, every failed one absent
states_match() {
	bad=0
	for id in $(cat "$log/created"); do
		f=$(grep "/$id\.md$" "$log/tree") || { echo "$id missing"; bad=1; continue; }
		f=$work/head/$f
		closes=$(awk -F '\t' -v id="$id" '$2 == id && $1 ~ /^close/ && $3 == 0' "$log/all" | wc -l)
		st=$(sed -n 's/^status: //p' "$f")
		case $closes in
		0) want=open ;;
		1) want=closed ;;
		*) echo "$id closed $closes times"; bad=1; continue ;;
		esac
		[ "$st" = "$want" ] || { echo "$id: status $st, want $want"; bad=1; }
	done
	awk -F '\t' '$6 != "-" { print $3 "\t" $2 "\t" $6 }' "$log/all" >"$log/tokens"
	while IFS="$(printf '\t')" read -r rc id token; do
		f=$work/head/$(grep "/$id\.md$" "$log/tree")
		c=$(grep -c -- "$token\$" "$f")
		if [ "$rc" = 0 ] && [ "$c" != 1 ]; then
			echo "$id: '$token' (succeeded) appears $c times"; bad=1
		elif [ "$rc" != 0 ] && [ "$c" != 0 ]; then
			echo "$id: '$token' (failed) appears $c times"; bad=1
		fi
	done <"$log/tokens"
	# a failed close --problem must not leave a problem ticket behind
	for f in $(cat "$log/tree"); do
		grep -q '^kind: problem' "$work/head/$f" || continue
		pid=$(basename "$f" .md)
		grep -qx "$pid" "$log/created" ||
			{ echo "problem ticket $pid that no command reported"; bad=1; }
	done
	return $bad
}
check "each ticket holds its last reported state; failed commands left no trace" states_match

commits_match() {
	ok_new=$(awk -F '\t' '$3 == 0 && $1 == "new"' "$log/all" | wc -l)
	ok_comment=$(awk -F '\t' '$3 == 0 && $1 == "comment"' "$log/all" | wc -l)
	ok_close=$(awk -F '\t' '$3 == 0 && $1 ~ /^close/' "$log/all" | wc -l)
	ok_problem=$(awk -F '\t' '$3 == 0 && $1 == "close-problem"' "$log/all" | wc -l)
	ok_due=$(wc -l <"$log/due-created")
	want=$((base_commits + ok_new + ok_comment + ok_close + ok_problem + ok_due))
	got=$(commits)
	[ "$got" = "$want" ] || { echo "commits: got $got, want $want"; return 1; }
	for a in "new $((ok_new + ok_problem))" "comment $ok_comment" \
		"close $ok_close" "due $ok_due"; do
		set -- $a
		c=$(git log --format=%B | grep -c "^Sss-Action: $1\$")
		[ "$c" = "$2" ] || { echo "Sss-Action: $1: $c commits, want $2"; return 1; }
	done
}
check "one commit per successful change" commits_match

due_once() {
	"$SSSCTL" due >"$log/due3" 2>&1 || { cat "$log/due3"; return 1; }
	# a third run makes only what a failed run (lock timeout) left out
	again=$(sed -n 's/^created \([^ ]*\) .*/\1/p' "$log/due3")
	if [ -n "$again" ]; then
		grep -qv '^0' "$log/due1.rc" "$log/due2.rc" >/dev/null ||
			{ echo "both due runs succeeded, yet a third created: $again"; return 1; }
		for id in $again; do
			! grep -qx "$id" "$log/due-created" ||
				{ echo "$id created again"; return 1; }
		done
	fi
	git ls-tree -r --name-only HEAD tickets >"$log/tree"
	# and they are what one run on a fresh repository makes
	(cd "$work" && "$SSSCTL" init --no-hooks --contract-start 2026-04-01 fresh >/dev/null &&
		cd fresh && "$SSSCTL" due --quiet && find tickets -name 'r-*.md' | sort) >"$log/due-fresh"
	grep '/r-' "$log/tree" | sort | diff -u "$log/due-fresh" -
}
check "two due runs at once made each recurring ticket once" due_once

check "readers never failed" test ! -s "$log/reader.err"
check "sssctl check passes" "$SSSCTL" check
check "git fsck --strict is clean" git fsck --strict --no-progress
check "git status is clean" sh -c '[ -z "$(git status --porcelain)" ] || { git status --porcelain; exit 1; }'

ncmd=$(wc -l <"$log/all")
nok=$(awk -F '\t' '$3 == 0' "$log/all" | wc -l)
nlock=$(grep -c 'another sssctl is writing' "$log/all")
echo "# concurrency: $WRITERS writers + 2 due + 1 reader, $ncmd commands, $nok ok," \
	"$nlock lock timeouts (lock_timeout_ms $LOCK_TIMEOUT_MS), $(commits) commits," \
	"$(wc -l <"$log/tree") tickets, $(((t1 - t0) / 1000)).$(((t1 - t0) % 1000 / 100)) s"
echo "1..$n"
[ "$failed" = 0 ] && rm -rf "$work"
[ "$failed" = 0 ]
