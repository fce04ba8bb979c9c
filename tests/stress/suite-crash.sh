#!/bin/sh
# suite-crash.sh - kill -9 a writing command at random points.
#
# Each trial copies a prepared data repository, starts one of `new`,
# `close`, `edit` (an EDITOR script) or `due`, sleeps a random 0..T ms
# (fixed-seed PRNG; T is the command's uninterrupted run time) and kills
# it with SIGKILL. When strace is usable, half of the trials run under
# `strace -e inject=link,rename:delay_enter|delay_exit=...`, which stops
# the command at every object, ref, work-tree and index rename, so that
# the kill lands inside the commit far more often.
#
# Right after the kill: `git fsck --strict` is clean and HEAD holds the
# old or the new state of the ticket, byte for byte (a `due` may have made
# some of its tickets, each whole), never anything else. Then the same
# command is run again: it must not be blocked by the dead writer's lock,
# and afterwards `git status` is clean, `sssctl check` passes and HEAD
# holds exactly the new state: at most the interrupted change was missing.
# Output is TAP.
. "$(dirname "$0")/../e2e/lib.sh"

PER_CMD=${PER_CMD:-60}
SEED=${SEED:-4242}
CMDS="new close edit due"

work=$(mktemp -d "${TMPDIR:-/tmp}/sss-crash-XXXXXX")
n=0 failed=0 r=$SEED

rand() {
	r=$(((r * 1103515245 + 12345) % 2147483648))
	rv=$((r / 65536 % $1))
}

now_ms() { date +%s%3N; }

say() { echo "$*" >>"$work/why"; }

# ---- the prepared repository and the expected outcomes -------------------

make_editor() {
	cat >"$work/editor" <<'EOF'
#!/bin/sh
# the same change however often it runs: a retry after a kill adds nothing
grep -q '編集済み' "$1" ||
	sed -i 's/^priority: normal$/priority: high/; s/^## 内容$/## 内容\n電話で受付、編集済み。/' "$1"
EOF
	chmod +x "$work/editor"
}

prepare() {
	cd "$work" || return 1
	"$SSSCTL" init --no-hooks --contract-start 2026-09-01 tmpl >/dev/null || return 1
	cd tmpl
	# a dead writer must not make the next one wait long
	printf 'lock_timeout_ms: 3000\n' >>.sss/config.yml
	git add .sss/config.yml &&
		git -c user.name=setup -c user.email=setup@example.com \
			commit -q -m "test: lock_timeout_ms" || return 1
	SSS_NOW=2026-10-30T10:00:00+09:00 "$SSSCTL" due --quiet || return 1
	: >"$work/hand"
	for k in 1 2 3 4 5 6 7 8; do
		SSS_NOW=2026-10-30T10:00:00+09:00 "$SSSCTL" new incident-software \
			--software "S$k" --event "e$k" >>"$work/hand" || return 1
	done
	[ -z "$(git status --porcelain)" ] || return 1
	# one pack: each trial copies the repository
	git repack -adq || return 1
	make_editor
}

export SSS_NOW=2026-11-02T10:00:00+09:00
export EDITOR="$work/editor"

# path of a hand-made ticket in the prepared repository
ticket_path() { echo "tickets/2026/10/$1.md"; }

# cmdline CMD TICKET: the command of a trial (in "$@" after `set --`)
cmdline() {
	case $1 in
	new) echo "new incident-software --software X --event crash" ;;
	close) echo "close --force --resolution 復旧済み $2" ;;
	edit) echo "edit $2" ;;
	due) echo "due --quiet" ;;
	esac
}

fresh_copy() {
	cd "$work" && rm -rf t && cp -a tmpl t && cd t
}

# Uninterrupted runs: the expected new state, and how long a run takes.
controls() {
	for tk in $(cat "$work/hand"); do
		p=$(ticket_path "$tk")
		for c in close edit; do
			fresh_copy
			"$SSSCTL" $(cmdline $c "$tk") >/dev/null 2>&1 || return 1
			git rev-parse "HEAD:$p" >"$work/want.$c.$tk"
		done
	done
	fresh_copy
	"$SSSCTL" due --quiet || return 1
	git rev-parse HEAD:tickets >"$work/want.due"
	rm -rf "$work/want-due" && mv "$work/t" "$work/want-due"
	fresh_copy
	id=$("$SSSCTL" new incident-software --software X --event crash) || return 1
	sed '/^id: /d' "tickets/2026/11/$id.md" | git hash-object --stdin >"$work/want.new"
	for mode in plain strace; do
		[ $mode = strace ] && [ -z "$use_strace" ] && continue
		for c in $CMDS; do
			fresh_copy
			t0=$(now_ms)
			launch $mode enter $c "$(head -n 1 "$work/hand")" && wait "$bg"
			echo $(($(now_ms) - t0 + 5)) >"$work/dur.$mode.$c"
		done
	done
}

# launch MODE WHEN CMD TICKET: start a trial's command in the background;
# $pid is the sssctl process to kill, $bg the job to wait for.
launch() {
	mode=$1 when=$2
	set -- $(cmdline "$3" "$4")
	rm -f "$work/pid"
	if [ "$mode" = strace ]; then
		strace -f -o /dev/null -e trace=link,rename \
			-e inject=link,rename:delay_$when=$DELAY_US \
			sh -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' \
			"$work/pid" "$SSSCTL" "$@" >"$work/out" 2>"$work/err" &
		bg=$!
		while [ ! -s "$work/pid" ] && kill -0 "$bg" 2>/dev/null; do
			sleep 0.001
		done
		pid=$(cat "$work/pid" 2>/dev/null)
	else
		"$SSSCTL" "$@" >"$work/out" 2>"$work/err" &
		bg=$!
		pid=$bg
	fi
}

DELAY_US=8000
use_strace=
if command -v strace >/dev/null 2>&1 &&
	strace -f -o /dev/null -e inject=rename:delay_exit=1 true 2>/dev/null; then
	use_strace=yes
fi

if ! prepare || ! controls; then
	echo "not ok 1 - crash: setup failed (kept in $work)"
	echo "1..1"
	exit 1
fi
fresh_copy

# ---- one trial -------------------------------------------------------------

# classify CMD TICKET OLDHEAD: the state HEAD holds after the kill (old,
# new, between: some whole `due` tickets) or damaged, with the reason
classify() {
	c=$1 tk=$2 old=$3
	ahead=$(git rev-list --count "$old..HEAD")
	changed=$(git diff --name-status "$old" HEAD)
	case $c in
	close | edit)
		p=$(ticket_path "$tk")
		blob=$(git rev-parse "HEAD:$p")
		if [ "$ahead" = 0 ]; then
			state=old
		elif [ "$ahead" = 1 ] && [ "$blob" = "$(cat "$work/want.$c.$tk")" ] &&
			[ "$changed" = "M	$p" ]; then
			state=new
		else
			state=damaged
			say "$c $tk: $ahead commits, changed: $changed"
		fi ;;
	new)
		if [ "$ahead" = 0 ]; then
			state=old
		else
			f=$(echo "$changed" | sed -n 's/^A	//p')
			if [ "$ahead" = 1 ] && [ "$(echo "$changed" | wc -l)" = 1 ] &&
				[ -n "$f" ] && [ "$(git show "HEAD:$f" | sed '/^id: /d' |
					git hash-object --stdin)" = "$(cat "$work/want.new")" ]; then
				state=new
			else
				state=damaged
				say "new: $ahead commits, changed: $changed"
			fi
		fi ;;
	due)
		if [ "$ahead" = 0 ]; then
			state=old
		elif [ "$(git rev-parse HEAD:tickets)" = "$(cat "$work/want.due")" ]; then
			state=new
		else
			# every ticket made so far is whole: the blob of the full run
			state=between
			for f in $(echo "$changed" | cut -f2); do
				[ "$(git rev-parse "HEAD:$f")" = \
					"$(git -C "$work/want-due" rev-parse "HEAD:$f")" ] || {
					state=damaged
					say "due: $f is not as a full run writes it"
				}
			done
			echo "$changed" | grep -qv '^A' && {
				state=damaged
				say "due changed more than it adds: $changed"
			}
		fi ;;
	esac
}

# the state after the command was run again
final_ok() {
	c=$1 tk=$2 old=$3 state=$4
	case $c in
	close | edit)
		[ "$(git rev-parse "HEAD:$(ticket_path "$tk")")" = "$(cat "$work/want.$c.$tk")" ] ||
			{ say "$c $tk: final state is not the new one"; return 1; } ;;
	new)
		want=1
		[ "$state" = new ] && want=2
		got=$(git diff --name-status "$old" HEAD | grep -c '^A	tickets/2026/11/')
		[ "$got" = "$want" ] ||
			{ say "new: $got tickets added, want $want"; return 1; } ;;
	due)
		[ "$(git rev-parse HEAD:tickets)" = "$(cat "$work/want.due")" ] ||
			{ say "due: final tickets differ from a full run"; return 1; } ;;
	esac
}

trial() {
	c=$1 tk=$2 mode=$3 when=$4 delay=$5
	fresh_copy
	old=$(git rev-parse HEAD)
	launch "$mode" "$when" "$c" "$tk"
	sleep "$(printf '0.%03d' "$delay")"
	if kill -9 "$pid" 2>/dev/null; then
		killed=$((killed + 1))
	fi
	wait "$bg" 2>/dev/null
	dirty=
	[ -z "$(git status --porcelain)" ] || dirty=yes
	[ -n "$dirty" ] && dirty_after_kill=$((dirty_after_kill + 1))
	git fsck --strict --no-progress >"$work/fsck" 2>&1 ||
		{ say "$c: git fsck --strict failed after the kill:"; cat "$work/fsck" >>"$work/why"; return 1; }
	classify "$c" "$tk" "$old"
	eval "s_$state=\$((s_$state + 1))"
	[ "$state" != damaged ] || return 1
	# the same command again: never blocked by the dead writer (its lock
	# would show as a lock timeout after lock_timeout_ms, 3 s)
	"$SSSCTL" $(cmdline "$c" "$tk") >"$work/out2" 2>"$work/err2"
	rc=$?
	if [ "$c" = close ] && [ "$state" = new ]; then
		[ "$rc" = 1 ] && grep -q 'is already closed' "$work/err2" ||
			{ say "close again: rc $rc: $(cat "$work/err2")"; return 1; }
	elif [ "$rc" != 0 ]; then
		say "$c again after a kill ($state state, mode $mode $when, ${delay} ms): rc $rc: $(cat "$work/err2")"
		return 1
	fi
	st=$(git status --porcelain)
	[ -z "$st" ] || { say "$c: git status not clean after the next command:"; echo "$st" >>"$work/why"; return 1; }
	git fsck --strict --no-progress >"$work/fsck" 2>&1 ||
		{ say "$c: git fsck --strict failed at the end"; cat "$work/fsck" >>"$work/why"; return 1; }
	"$SSSCTL" check >"$work/check" 2>&1 ||
		{ say "$c: sssctl check failed:"; cat "$work/check" >>"$work/why"; return 1; }
	final_ok "$c" "$tk" "$old" "$state"
}

# ---- the trials --------------------------------------------------------------

t_start=$(now_ms)
s_old=0 s_new=0 s_between=0 s_damaged=0 killed=0 dirty_after_kill=0 total=0
for c in $CMDS; do
	: >"$work/why"
	bad=0 traced=0
	i=0
	while [ $i -lt "$PER_CMD" ]; do
		i=$((i + 1))
		rand 8
		tk=$(sed -n "$((rv + 1))p" "$work/hand")
		mode=plain when=enter
		if [ -n "$use_strace" ] && [ $((i % 2)) = 0 ]; then
			mode=strace
			traced=$((traced + 1))
			rand 2
			[ "$rv" = 1 ] && when=exit
		fi
		rand "$(cat "$work/dur.$mode.$c")"
		delay=$rv
		[ "$delay" -lt 1000 ] || delay=999
		total=$((total + 1))
		tt=$(now_ms)
		trial "$c" "$tk" "$mode" "$when" "$delay" || {
			bad=$((bad + 1))
			cp -a "$work/t" "$work/failed-$c-$i" 2>/dev/null
		}
		[ -z "${DEBUG:-}" ] || echo "# $c $mode $when $delay: $(($(now_ms) - tt)) ms" >&2
	done
	n=$((n + 1))
	if [ "$bad" = 0 ]; then
		echo "ok $n - crash: $c: $PER_CMD kills ($traced under strace): old or new state, the next command recovers"
	else
		failed=$((failed + 1))
		echo "not ok $n - crash: $c: $bad of $PER_CMD trials failed (kept in $work)"
		sort "$work/why" | uniq -c | sort -rn | head -n 20 | sed 's/^/    /'
	fi
done
t_end=$(now_ms)

# The leftovers of a writer killed after its commit, staged by hand so that
# each is tried every time: the journal, the old work-tree file and index,
# a temp file, and libgit2's index and branch locks. The next command, a
# reader even, finishes the change; a writer then works.
staged() {
	fresh_copy
	tk=$(head -n 1 "$work/hand")
	p=$(ticket_path "$tk")
	cp .git/index "$work/index.old" && cp "$p" "$work/old.md" || return 1
	"$SSSCTL" comment "$tk" -m "staged" || return 1
	cp "$work/index.old" .git/index && cp "$work/old.md" "$p" || return 1
	echo "$p" >.git/sss-journal
	echo "half a tick" >"$p.tmp-99999"
	: >.git/index.lock
	: >".git/$(git symbolic-ref HEAD).lock"
	"$SSSCTL" list >/dev/null || { say "list after the staged crash failed"; return 1; }
	st=$(git status --porcelain)
	[ -z "$st" ] || { say "status after a reader: $st"; return 1; }
	ls .git | grep -E 'sss-journal|\.lock$' | grep -v sss.lock >"$work/left" &&
		{ say "left behind: $(cat "$work/left")"; return 1; }
	grep -q 'staged$' "$p" || { say "the work tree lacks the committed change"; return 1; }
	"$SSSCTL" comment "$tk" -m "after" >/dev/null || { say "a writer after it failed"; return 1; }
	git fsck --strict --no-progress >/dev/null 2>&1 && [ -z "$(git status --porcelain)" ]
}
: >"$work/why"
n=$((n + 1))
if staged; then
	echo "ok $n - crash: a journal, stale index and branch locks and a temp file are cleared by the next command"
else
	failed=$((failed + 1))
	echo "not ok $n - crash: staged leftovers of a killed writer (kept in $work)"
	sed 's/^/    /' "$work/why"
fi

echo "# crash: $total trials ($(echo $CMDS | sed "s/\([a-z]*\)/\1 $PER_CMD/g; s/ \([a-z]\)/, \1/g")):" \
	"$s_old old state, $s_new new state, $s_between part of a due run (whole tickets)," \
	"$s_damaged damaged; $killed killed mid-run, $dirty_after_kill left git status dirty until the next command;" \
	"strace: ${use_strace:-no}; $(((t_end - t_start) / 1000)) s"
echo "1..$n"
[ "$failed" = 0 ] && rm -rf "$work"
[ "$failed" = 0 ]
