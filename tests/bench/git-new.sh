#!/bin/sh
# git-new.sh TEMPLATE YYMM - the baseline of `sssctl new` in tests/bench:
# in the data repository (the current directory) write one ticket file
# equal to TEMPLATE (a ticket made by `sssctl new` there) under a fresh ID
# YYMM-Znnnnn, then `git add FILE && git commit` it, as a person would
# without sssctl. The counter lives in .git/bench-counter. Besides git,
# each run costs a `sed` (about 1 ms), which favours git, not sssctl.
set -e
n=0
[ -f .git/bench-counter ] && read -r n <.git/bench-counter
n=$((n + 1))
echo "$n" >.git/bench-counter
id=$(printf '%s-Z%05d' "$2" "$n")
f=tickets/20${2%??}/${2#??}/$id.md
sed "s/^id: .*/id: $id/" "$1" >"$f"
git add "$f" && git commit -q -m "$id: new インシデント (ApexOne：定義ファイル更新失敗)

Sss-Ticket: $id
Sss-Action: new
Sss-Sow: incident-software"
