#!/bin/sh
# demo.sh SSSCTL - `make demo`: a demo data repository in ./demo built with
# the embedded default catalog: init, the cron job (due), a few tickets, a
# comment, a close with a follow-up problem ticket, the list, the audit
# log and the monthly report.
set -eu
sss=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
rm -rf demo demo-due.log
: "${SSS_AUTHOR:=デモ担当 <demo@example.invalid>}"
export SSS_AUTHOR
run() {
	echo "\$ sssctl $*"
	"$sss" "$@"
}
run init --contract-start 2026-04-01 demo
cd demo
run sow
# the cron job: every recurring ticket owed since the contract start
echo "\$ sssctl due"
"$sss" due >../demo-due.log
head -n 8 ../demo-due.log
echo "... ($(grep -c '^created' ../demo-due.log) tickets created; the rest of the output is in demo-due.log)"
inc=$(run new incident-software --software ApexOne --event 定義ファイル更新失敗 \
	--assignee 田中 --requester "情報政策課 山本" --priority high --due 2026-11-27 \
	-m "本庁舎3階のクライアントPC 12台で、ApexOneのパターンファイル更新が失敗している。" | tail -n 1)
echo "$inc"
req=$(run new user-registration --user 山田花子 --software M365 --assignee 佐藤 | tail -n 1)
echo "$req"
run new usage-inquiry --event "Teamsの会議録画の保存先" --assignee 佐藤 | tail -n 1
run comment "$inc" -m "管理コンソールで配信エラーを確認。ベンダーに問合せ済み。"
run set "$inc" status=in-progress
run close "$inc" --force --problem --resolution "パターンファイルを手動配信し復旧。"
run list
run show "$inc"
run log -n 10
run list --sow routine-check --all
run report monthly
run report monthly --format html
run check
echo
echo "The demo repository is in ./demo: try 'cd demo && git log --stat';"
echo "the monthly report (Markdown and HTML) is in demo/reports/."
