#!/bin/sh
# suite-fault.sh - fail one write-side system call at a time.
#
# For each of new, comment, set, close, reopen, edit (an EDITOR script) and
# due, one uninterrupted run under strace lists the command's write-side
# calls: openat with O_CREAT, write, pwrite64, rename, link, mkdir, fsync
# and fdatasync (enumerate.awk; strace counts them per process and thread).
# Then each chosen call K of each kind is made to fail, first with ENOSPC,
# then with EIO and EACCES:
#
#   strace -f -b execve -e inject=SYSCALL:error=ERRNO:when=K sssctl ...
#
# (-b execve: the editor that `edit` starts is not traced, so the faults
# land in sssctl only). Every run starts from a fresh copy (cp -a) of a
# repository prepared once. After each run the outcome is judged:
#
#   done       the change is in HEAD and the command exited 0 with the work
#              tree matching, or it said "committed ... the next sssctl
#              command does it" and the next command does
#   not done   HEAD is the old one, the command exited non-zero, the work
#              tree is as before and the person's text (comment -m TEXT,
#              the edited text) is in the message, in a file it names,
#              or printed back on stdout
#   lost change        the change was in HEAD, then gone or not in the
#                      work tree after the next command
#   false "done"       HEAD is the old one but the command exited 0 or
#                      said the change is committed
#   unreported commit  the change is in HEAD but the command exited
#                      non-zero without saying so (a retry repeats it)
#   lost text          not done, and the person's text is nowhere it says
#   damaged            git fsck --strict fails, the next sssctl command
#                      fails, git status stays dirty, or another ticket's
#                      bytes changed
#
# A `due` run makes one commit per ticket; a fault in the middle may leave
# the first tickets made (each whole) and is "not done" for the rest.
#
# Sampling: every kind of call is covered for every command and errno;
# within a kind, FAULT_SAMPLE points (default 4) spread evenly from the
# first to the last are failed with ENOSPC and half as many with EIO and
# EACCES (other points of the same spread). FAULT_SAMPLE=all tries every
# point with every errno (several minutes). The output says what was
# sampled. Output is TAP.
. "$(dirname "$0")/../e2e/lib.sh"

SAMPLE=${FAULT_SAMPLE:-4}
CMDS=${FAULT_CMDS:-new comment set close reopen edit due}
ERRNOS="ENOSPC EIO EACCES"
CALLS="openat,write,pwrite64,rename,renameat,renameat2,link,linkat,mkdir,mkdirat,fsync,fdatasync"
NOTE="障害メモ: 再起動で復旧、NOTE-7a3f"
EDIT_TEXT="電話で受付、EDIT-51c9。"

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sss-fault-XXXXXX")
n=0 failed=0

now_ms() { date +%s%3N; }
say() { echo "$*" >>"$work/why"; }

if ! command -v strace >/dev/null 2>&1 ||
	! strace -f -o /dev/null -e inject=write:error=ENOSPC:when=100 true 2>/dev/null; then
	echo "ok 1 - fault: strace with fault injection # SKIP strace missing or cannot trace here"
	echo "1..1"
	rm -rf "$work"
	exit 0
fi

# ---- the prepared repository and the expected outcomes -------------------

prepare() {
	cd "$work" || return 1
	cat >"$work/editor" <<EOF
#!/bin/sh
: >"$work/edited"
sed -i 's/^priority: normal\$/priority: high/; s/^## 内容\$/## 内容\\n$EDIT_TEXT/' "\$1"
EOF
	chmod +x "$work/editor"
	"$SSSCTL" init --no-hooks --contract-start 2026-09-01 tmpl >/dev/null || return 1
	cd tmpl
	printf 'lock_timeout_ms: 3000\n' >>.sss/config.yml
	git add .sss/config.yml &&
		git -c user.name=setup -c user.email=setup@example.com \
			commit -q -m "test: lock_timeout_ms" || return 1
	SSS_NOW=2026-10-30T10:00:00+09:00 "$SSSCTL" due --quiet || return 1
	A=$("$SSSCTL" new incident-software --software S1 --event e1) &&
		B=$("$SSSCTL" new incident-software --software S2 --event e2) &&
		C=$("$SSSCTL" new usage-inquiry --event q3) &&
		"$SSSCTL" close --force --resolution 復旧済み "$B" >/dev/null || return 1
	[ -z "$(git status --porcelain)" ] || return 1
	git repack -adq || return 1
	echo "$A $B $C" >"$work/ids"
}

export SSS_NOW=2026-11-02T10:00:00+09:00
export EDITOR="$work/editor"
# LeakSanitizer cannot run under ptrace (an ASan build as SSSCTL)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

# cmdline CMD: the command of a trial
cmdline() {
	case $1 in
	new) echo "new incident-software --software X --event crash" ;;
	comment) echo "comment $A -m" ;;     # + "$NOTE"
	set) echo "set $A assignee=山田 priority=high" ;;
	close) echo "close --force --resolution 復旧済み $A" ;;
	reopen) echo "reopen $B" ;;
	edit) echo "edit $A" ;;
	due) echo "due --quiet" ;;
	esac
}

# target CMD: the ticket file the command changes (none for new and due)
target() {
	case $1 in
	new | due) echo "" ;;
	reopen) echo "tickets/2026/11/$B.md" ;;
	*) echo "tickets/2026/11/$A.md" ;;
	esac
}

# the person's text that must never be lost (none for most commands)
text_of() {
	case $1 in
	comment) echo "$NOTE" ;;
	# the editor's text exists once the editor ran
	edit) [ -f "$work/edited" ] && echo "$EDIT_TEXT" ;;
	*) echo "" ;;
	esac
}

fresh_copy() {
	cd "$work" && rm -rf t && cp -a tmpl t && cd t
}

# run_cmd CMD [STRACE-ARGS...]: run the command in ./ (stdout to
# $work/out, stderr to $work/err); $rc is its exit status
run_cmd() {
	c=$1
	shift
	set -- "$@" "$SSSCTL" $(cmdline "$c")
	[ "$c" = comment ] && set -- "$@" "$NOTE"
	timeout 60 "$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
}

# the bytes of every work-tree file under tickets/ (sha1 path)
snapshot() { find tickets -type f -exec sha1sum {} + | sort -k 2; }

# Uninterrupted runs: the expected new state and the injection points.
controls() {
	for c in $CMDS; do
		fresh_copy
		run_cmd "$c" strace -f -b execve -o "$work/trace.$c" -e trace="$CALLS"
		[ "$rc" = 0 ] || { echo "# control $c: rc $rc: $(cat "$work/err")"; return 1; }
		awk -v names="$CALLS" -f "$here/enumerate.awk" "$work/trace.$c" >"$work/points.$c"
		p=$(target "$c")
		case $c in
		new) f=$(git diff --name-only HEAD~1 HEAD)
		     sed '/^id: /d' "$f" | git hash-object --stdin >"$work/want.new" ;;
		due) git rev-parse HEAD:tickets >"$work/want.due"
		     rm -rf "$work/want-due" && cp -a "$work/t" "$work/want-due" ;;
		*) git rev-parse "HEAD:$p" >"$work/want.$c" ;;
		esac
	done
	cd "$work/tmpl" && snapshot >"$work/snap.tmpl"
}

# pick N OFFSET STEP: of the points on stdin, N spread evenly from the
# first to the last, shifted by OFFSET of STEP sub-positions (so that
# ENOSPC, EIO and EACCES land on different points); N=all: every point
pick() {
	awk -v n="$1" -v off="$2" -v step="$3" '
		{ p[NR] = $0 }
		END {
			if (n == "all" || NR <= n) { for (i = 1; i <= NR; i++) print p[i]; exit }
			for (j = 0; j < n; j++) {
				x = (j + off / step) * (NR - 1) / (n - 1)
				i = int(x + 0.5) + 1
				if (i > NR) i = NR
				if (!(i in done)) { done[i] = 1; print p[i] }
			}
		}'
}

# ---- one trial -------------------------------------------------------------

# recoverable TEXT: the text is in stderr, in a file stderr names, or
# printed back on stdout under comment's "its text follows" line
recoverable() {
	grep -qF -- "$1" "$work/err" && return 0
	grep -q 'its text follows' "$work/out" && grep -qF -- "$1" "$work/out" && return 0
	for f in $(grep -oE "[^ '\"()]*/[^ '\"(),:;]*" "$work/err"); do
		[ -f "$f" ] && grep -qF -- "$1" "$f" && return 0
	done
	return 1
}

# state CMD OLD: new (the whole change in HEAD), old, part (due: some of
# its tickets, each whole) or damaged
state_of() {
	c=$1 old=$2
	ahead=$(git rev-list --count "$old..HEAD" 2>/dev/null || echo x)
	[ "$ahead" = 0 ] && { echo old; return; }
	changed=$(git diff --name-status "$old" HEAD 2>/dev/null)
	case $c in
	new)
		f=$(echo "$changed" | sed -n 's/^A	//p')
		if [ "$ahead" = 1 ] && [ "$(echo "$changed" | wc -l)" = 1 ] && [ -n "$f" ] &&
			[ "$(git show "HEAD:$f" | sed '/^id: /d' | git hash-object --stdin)" = "$(cat "$work/want.new")" ]; then
			echo new
		else
			echo damaged
		fi ;;
	due)
		if [ "$(git rev-parse HEAD:tickets)" = "$(cat "$work/want.due")" ]; then
			echo new; return
		fi
		echo "$changed" | grep -qv '^A' && { echo damaged; return; }
		for f in $(echo "$changed" | cut -f2); do
			[ "$(git rev-parse "HEAD:$f")" = "$(git -C "$work/want-due" rev-parse "HEAD:$f")" ] ||
				{ echo damaged; return; }
		done
		echo part ;;
	*)
		p=$(target "$c")
		if [ "$ahead" = 1 ] && [ "$changed" = "M	$p" ] &&
			[ "$(git rev-parse "HEAD:$p")" = "$(cat "$work/want.$c")" ]; then
			echo new
		else
			echo damaged
		fi ;;
	esac
}

# the other tickets' bytes are as in the template (the target may differ;
# new and due may add files)
others_unchanged() {
	p=$(target "$1")
	snapshot | grep -v "  $p\$" >"$work/snap.now"
	grep -v "  $p\$" "$work/snap.tmpl" >"$work/snap.want"
	# files that were there keep their bytes; added ones are judged by HEAD
	missing=$(join -1 2 -2 2 -v 2 -o 2.1,2.2 "$work/snap.now" "$work/snap.want" 2>/dev/null)
	changed=$(join -1 2 -2 2 -o 1.1,2.1,0 "$work/snap.now" "$work/snap.want" |
		awk '$1 != $2 { print $3 }')
	[ -z "$missing$changed" ] || { echo "$missing $changed"; return 1; }
	[ "$(target "$1")" = "" ] && return 0
	added=$(join -1 2 -2 2 -v 1 -o 1.2 "$work/snap.now" "$work/snap.want")
	[ -z "$added" ] || { echo "added: $added"; return 1; }
}

# trial CMD CALL K ERRNO: one injected fault, judged; sets $outcome
trial() {
	c=$1 call=$2 k=$3 err=$4
	fresh_copy
	rm -f "$work/edited"
	old=$(git rev-parse HEAD)
	run_cmd "$c" strace -f -b execve -o "$work/trace" -e trace="$call" \
		-e inject="$call:error=$err:when=$k"
	inj=$(grep -c 'INJECTED' "$work/trace")
	where="$c $call#$k $err"
	if [ "$inj" = 0 ]; then
		outcome=unreached
		return
	fi
	faults=$((faults + inj))
	said_committed=
	grep -q 'committed' "$work/err" && ! grep -qi 'not committed' "$work/err" && said_committed=yes
	git fsck --strict --no-progress >"$work/fsck" 2>&1 ||
		{ outcome=damaged; say "$where: git fsck --strict after the run: $(head -n 3 "$work/fsck")"; return; }
	st=$(state_of "$c" "$old")
	p=$(target "$c")
	text=$(text_of "$c")
	if [ "$st" = damaged ]; then
		outcome=damaged
		say "$where: HEAD holds neither the old nor the new state (rc $rc)"
		return
	fi
	# what the work tree holds right after the run
	wt_ok=yes
	if [ -n "$p" ]; then
		[ "$(git hash-object "$p" 2>/dev/null)" = "$(git rev-parse "HEAD:$p")" ] || wt_ok=
	fi
	head_after=$(git rev-parse HEAD)
	# the next command: a reader, which finishes a committed change
	"$SSSCTL" list >"$work/out2" 2>"$work/err2" </dev/null
	rc2=$?
	if [ "$st" = new ] || [ "$st" = part ]; then
		if [ "$(git rev-parse HEAD)" != "$head_after" ]; then
			outcome="lost change"
			say "$where: the next command moved HEAD off the change"
			return
		fi
		if [ -n "$p" ] && [ "$(git hash-object "$p" 2>/dev/null)" != "$(git rev-parse "HEAD:$p")" ]; then
			outcome="lost change"
			say "$where: in HEAD but the work tree lacks it after the next command (rc $rc: $(head -n 1 "$work/err"))"
			return
		fi
		if [ "$st" = part ]; then
			if [ "$rc" = 0 ]; then
				outcome='false "done"'
				say "$where: due exited 0 with only part of its tickets"
				return
			fi
			outcome="not done"
		elif [ "$rc" = 0 ] && [ -n "$wt_ok" ]; then
			outcome=done
		elif [ -n "$said_committed" ] || [ "$rc" = 0 ]; then
			outcome=done
			[ "$rc" = 0 ] && [ -z "$wt_ok" ] &&
				say "$where: exited 0, work tree behind HEAD until the next command (said nothing)"
		else
			outcome="unreported commit"
			say "$where: in HEAD, but rc $rc and no word of it: $(head -n 1 "$work/err")"
			return
		fi
	else # old
		if [ "$rc" = 0 ] || [ -n "$said_committed" ]; then
			outcome='false "done"'
			say "$where: HEAD unchanged but rc $rc: $(head -n 1 "$work/err")"
			return
		fi
		outcome="not done"
		if [ -n "$p" ] && [ "$(git hash-object "$p" 2>/dev/null)" != "$(git rev-parse "HEAD:$p")" ]; then
			outcome=damaged
			say "$where: not done, but the work tree differs from HEAD after the next command"
			return
		fi
		if [ -n "$text" ] && ! recoverable "$text"; then
			outcome="lost text"
			say "$where: the person's text is nowhere the message says: $(head -n 1 "$work/err")"
			return
		fi
	fi
	if [ "$rc2" != 0 ]; then
		outcome=damaged
		say "$where: the next command failed: $(head -n 1 "$work/err2")"
		return
	fi
	stt=$(git status --porcelain --untracked-files=no)
	if [ -n "$stt" ]; then
		outcome=damaged
		say "$where: git status after the next command: $stt"
		return
	fi
	if ! why=$(others_unchanged "$c"); then
		outcome=damaged
		say "$where: other tickets changed: $why"
		return
	fi
	git fsck --strict --no-progress >"$work/fsck" 2>&1 ||
		{ outcome=damaged; say "$where: git fsck --strict after the next command"; }
}

# ---- the trials --------------------------------------------------------------

if ! prepare || ! controls; then
	echo "not ok 1 - fault: setup failed (kept in $work)"
	echo "1..1"
	exit 1
fi
read -r A B C <"$work/ids"

t_start=$(now_ms)
faults=0 runs=0
o_done=0 o_notdone=0 o_lost=0 o_false=0 o_unrep=0 o_text=0 o_damaged=0 o_unreached=0
sampled= notcalled=
for c in $CMDS; do
	: >"$work/why"
	bad=0 trials=0 cfaults=$faults
	kinds=$(cut -d' ' -f1 "$work/points.$c" | sort -u | tr '\n' ' ')
	total_points=$(wc -l <"$work/points.$c")
	for call in $kinds; do
		grep "^$call " "$work/points.$c" | cut -d' ' -f2 >"$work/ks"
		np=$(wc -l <"$work/ks")
		for err in $ERRNOS; do
			case $err in
			ENOSPC) want=$SAMPLE off=0 ;;
			EIO) want=$SAMPLE off=1 ;;
			EACCES) want=$SAMPLE off=2 ;;
			esac
			if [ "$SAMPLE" != all ] && [ "$err" != ENOSPC ]; then
				want=$(((SAMPLE + 1) / 2))
			fi
			for k in $(pick "$want" "$off" 3 <"$work/ks"); do
				trial "$c" "$call" "$k" "$err"
				runs=$((runs + 1))
				case $outcome in
				done) o_done=$((o_done + 1)) ;;
				"not done") o_notdone=$((o_notdone + 1)) ;;
				"lost change") o_lost=$((o_lost + 1)) ;;
				'false "done"') o_false=$((o_false + 1)) ;;
				"unreported commit") o_unrep=$((o_unrep + 1)) ;;
				"lost text") o_text=$((o_text + 1)) ;;
				damaged) o_damaged=$((o_damaged + 1)) ;;
				unreached) o_unreached=$((o_unreached + 1)) ;;
				esac
				[ "$outcome" = unreached ] && continue
				trials=$((trials + 1))
				case $outcome in
				done | "not done") ;;
				*) bad=$((bad + 1))
				   [ -d "$work/failed-$c-$call-$k-$err" ] || cp -a "$work/t" "$work/failed-$c-$call-$k-$err" ;;
				esac
			done
		done
		sampled="$sampled $c:$call=$np"
	done
	for call in $(echo "$CALLS" | tr , ' '); do
		case " $kinds" in *" $call "*) ;; *) notcalled="$notcalled $call" ;; esac
	done
	n=$((n + 1))
	if [ "$bad" = 0 ]; then
		echo "ok $n - fault: $c: $trials faults over $total_points write calls ($kinds), each done or cleanly not done"
	else
		failed=$((failed + 1))
		echo "not ok $n - fault: $c: $bad of $trials injected runs lost work or lied (kept in $work)"
		sed 's/ [0-9a-f]\{7,40\}/ H/g' "$work/why" | sort | uniq -c | sort -rn | head -n 25 | sed 's/^/    /'
	fi
	[ -z "${DEBUG:-}" ] || echo "# $c: $((faults - cfaults)) faults, $(($(now_ms) - t_start)) ms so far" >&2
done
t_end=$(now_ms)

how="every point with each errno"
[ "$SAMPLE" = all ] || how="sampled: $SAMPLE points per kind of call with ENOSPC, $(((SAMPLE + 1) / 2)) with EIO and with EACCES"
echo "# fault: $runs runs, $faults injected faults (ENOSPC, EIO, EACCES; $how; write calls per command:kind:$sampled)"
echo "# fault: never called by these commands, so never failed:$(echo $notcalled | tr ' ' '\n' | sort -u | sed 's/^/ /' | tr -d '\n')"
echo "# fault: outcomes: $o_done done, $o_notdone not done, $o_lost lost change, $o_false false \"done\" message, $o_text lost text, $o_unrep unreported commit, $o_damaged damaged, $o_unreached not reached; $(((t_end - t_start) / 1000)) s"
echo "1..$n"
[ "$failed" = 0 ] && rm -rf "$work"
[ "$failed" = 0 ]
