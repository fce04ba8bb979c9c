#!/bin/sh
# suite-html.sh - the HTML report in a real browser: headless Chromium
# (Debian's `chromium`) loads the monthly and weekly reports of a
# repository with hostile tickets, and the DOM it builds must hold no
# <script> element, no on* event-handler attribute and no javascript: URL,
# while the hostile text shows up as text. It also takes a screenshot of
# each report (A4 width at 150 dpi: 1240x1754), kept in
# $REPORT_SCREENSHOTS when that names a directory.
#
# Run once (tests/run.sh runs tests/*/suite-*.sh against the first build);
# prints TAP; skips when /usr/bin/chromium is not installed.
. "$(dirname "$0")/../e2e/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
	echo "ok 1 # SKIP chromium not installed (apt-get install chromium)"
	echo "1..1"
	exit 0
fi

# chrome FILE ARGS...: run headless Chromium on file FILE, no network, a
# throw-away profile.
chrome() {
	f=$1
	shift
	profile=$(mktemp -d "$TMPDIR_T/profile-XXXXXX")
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking --disable-component-update \
		--disable-sync --user-data-dir="$profile" "$@" "file://$f" 2>"$TMPDIR_T/chrome.err"
}

T=T09:00:00+09:00

# A repository with hostile ticket text in every place a report shows.
make_hostile() {
	setup_repo 2026-11-01
	sss --now 2026-11-26T10:00:00+09:00 due --quiet
	sss --now 2026-11-04$T new incident-software --software ApexOne --event x \
		--title '<img src=x onerror=alert(1)>' >/dev/null
	i2=$(sss --now 2026-11-10$T new incident-software --software SKYSEA \
		--event '"><svg onload=alert(2)>' --assignee '<b onmouseover=alert(3)>田中</b>')
	sss --now 2026-11-12T17:00:00+09:00 close "$i2" --force --problem \
		--resolution '</table><script>alert(4)</script>[x](javascript:alert(5)) <a href="javascript:alert(6)">a</a>' >/dev/null
	sss --now 2026-11-20$T new issue-management \
		--title '課題 | </td></tr></table><iframe src=javascript:alert(7)>' >/dev/null
	printf '%s\n' '## 議事録' '- <script>alert(8)</script>' '- [link](javascript:alert(9))' \
		'<img src=x onerror=alert(10)>' '```' '</blockquote><script>alert(11)</script>' '```' \
		>"$TMPDIR_T/minutes"
	cat >"$TMPDIR_T/ed" <<ED
#!/bin/sh
python3 - "\$1" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
m = open('$TMPDIR_T/minutes', encoding='utf-8').read()
s = s.replace('## 議事録\n', m, 1)
open(p, 'w', encoding='utf-8').write(s)
PY
ED
	chmod +x "$TMPDIR_T/ed"
	EDITOR="$TMPDIR_T/ed" sss edit r-weekly-meeting-2026-w48 >/dev/null
}

# The DOM as Chromium built it must be inert; every argument after the
# file must appear in its text.
DOM_CHECK='
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad, self.text, self.tags = [], [], {}
    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag in ("script", "iframe", "img", "object", "embed", "link", "base", "a"):
            self.bad.append("<%s> element" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append("%s attribute on <%s>" % (k, tag))
            if v and "javascript:" in v.lower():
                self.bad.append("javascript: URL in %s of <%s>" % (k, tag))
    def handle_data(self, d):
        self.text.append(d)
dom = open(sys.argv[1], encoding="utf-8").read()
p = P()
p.feed(dom)
p.close()
text = "".join(p.text)
bad = p.bad
if "</html>" not in dom:
    bad.append("the page did not load")
if p.tags.get("svg", 0) != 2:
    bad.append("%d svg charts, want 2" % p.tags.get("svg", 0))
for want in sys.argv[2:]:
    if want not in text:
        bad.append("text lacks %r" % want)
print("\n".join(bad))
sys.exit(1 if bad else 0)
'

# check_report KIND ARGS -- TEXTS...
check_report() {
	name=$1
	shift
	args=
	while [ "$1" != -- ]; do
		args="$args $1"
		shift
	done
	shift
	sss report $args --format html -o "$TMPDIR_T/$name.html" >/dev/null
	chrome "$TMPDIR_T/$name.html" --dump-dom >"$TMPDIR_T/$name.dom" ||
		fail "chromium failed: $(tail -5 "$TMPDIR_T/chrome.err")"
	python3 -c "$DOM_CHECK" "$TMPDIR_T/$name.dom" "$@" >"$TMPDIR_T/check" ||
		fail "$name: $(cat "$TMPDIR_T/check")"
	chrome "$TMPDIR_T/$name.html" --screenshot="$TMPDIR_T/$name.png" \
		--window-size=1240,1754 >/dev/null ||
		fail "chromium screenshot failed: $(tail -5 "$TMPDIR_T/chrome.err")"
	head -c 8 "$TMPDIR_T/$name.png" | od -An -tx1 | grep -q '89 50 4e 47' ||
		fail "no PNG screenshot"
	if [ -n "${REPORT_SCREENSHOTS:-}" ] && [ -d "$REPORT_SCREENSHOTS" ]; then
		cp "$TMPDIR_T/$name.png" "$TMPDIR_T/$name.html" "$REPORT_SCREENSHOTS/"
		echo "# screenshot: $REPORT_SCREENSHOTS/$name.png" >&2
	fi
}

test_monthly_html_in_chromium_is_inert() {
	make_hostile
	check_report monthly monthly --now 2026-11-30T18:00:00+09:00 -- \
		'インシデント起票件数' \
		'<img src=x onerror=alert(1)>' \
		'"><svg onload=alert(2)>' \
		'</table><script>alert(4)</script>[x](javascript:alert(5)) <a href="javascript:alert(6)">a</a>' \
		'課題 | </td></tr></table><iframe src=javascript:alert(7)>' \
		'<b onmouseover=alert(3)>田中</b>'
}

test_weekly_html_in_chromium_is_inert() {
	make_hostile
	check_report weekly weekly --period 2026-W48 --now 2026-11-30T18:00:00+09:00 -- \
		'週次報告書' \
		'<script>alert(8)</script>' \
		'[link](javascript:alert(9))' \
		'<img src=x onerror=alert(10)>' \
		'</blockquote><script>alert(11)</script>'
}

run_tests "$@"
