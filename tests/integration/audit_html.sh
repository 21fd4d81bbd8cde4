#!/usr/bin/env bash
# audit_html.sh: the audit's HTML report (docs/audit.md) is self-contained
# and renders in a real browser. A node with two cases and two findings
# (one acknowledgement missed, one field declassified before any advisory)
# is audited with --html; headless Chromium (Debian package chromium,
# installed by scripts/deps.sh) loads the file and dumps its DOM, which
# must hold every case's heading (id case-N), one row per finding (class
# "finding") with its rule, and the result line. The file itself must not
# reference anything outside it.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T0=$(date +%s)
CHROMIUM=${CHROMIUM:-chromium}
command -v "$CHROMIUM" >/dev/null || fail "$CHROMIUM is not installed (make deps installs it)"

step "a node with two cases"
for k in admin rep; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org acme vendor
	member admin admin $(cat admin.key.pub)
EOT
cvd_node n1 html.example/log body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
submit() {
	"$C" report submit --vendor acme --description "$1" --key rep.key |
		sed -n 's/^case //p'
}
A=$(submit "declassified early")
B=$(submit "never acknowledged")
[ -n "$A" ] && [ -n "$B" ] || fail "report submit printed no case id"
run_ok "ack" "$C" case ack "$A" --channel email --key admin.key >/dev/null
run_ok "declassify" "$C" case declassify "$A" --field description --key admin.key >/dev/null

step "audit --html, 3 days ahead"
rc=0
"$C" audit --now "$(date -ud '+3 days' +%Y-%m-%dT%H:%M:%SZ)" --html report.html \
	>audit.txt 2>&1 || rc=$?
cat audit.txt
[ "$rc" = 1 ] || fail "audit exit $rc, want 1"
[ -s report.html ] || fail "no HTML report"
[ ! -e report.html.tmp ] || fail "the temporary file was left behind"

step "self-contained: no external reference"
for pat in 'http://' 'https://' 'src=' '<link' '<script' '@import' 'url('; do
	if grep -qiF -- "$pat" report.html; then
		fail "report.html holds \"$pat\": $(grep -iF -- "$pat" report.html | head -3)"
	fi
done

step "headless Chromium renders it"
rc=0
timeout -k 5 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
	--user-data-dir="$WORK/chromium-profile" --dump-dom "file://$WORK/report.html" \
	>dom.html 2>chromium.err || rc=$?
[ "$rc" = 0 ] || fail "chromium exit $rc: $(tail -5 chromium.err)"
[ -s dom.html ] || fail "chromium dumped no DOM: $(tail -5 chromium.err)"
"$PY" - dom.html "$A" "$B" <<'PY' || fail "the rendered page (dom.html): $(head -c 2000 dom.html)"
import sys
from html.parser import HTMLParser

class Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.rows, self.row, self.cell = set(), [], None, None
        self.result, self.in_result = "", False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "tr" and a.get("class") == "finding":
            self.row = []
        elif tag == "td" and self.row is not None:
            self.cell = ""
        elif tag == "p" and a.get("id") == "result":
            self.in_result = True
    def handle_endtag(self, tag):
        if tag == "td" and self.row is not None and self.cell is not None:
            self.row.append(self.cell)
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "p":
            self.in_result = False
    def handle_data(self, d):
        if self.cell is not None:
            self.cell += d
        if self.in_result:
            self.result += d

p = Page()
p.feed(open(sys.argv[1], encoding="utf-8").read())
a, b = sys.argv[2], sys.argv[3]
for c in (a, b):
    assert "case-" + c in p.ids, ("no heading case-" + c, p.ids)
got = sorted((r[0], r[1]) for r in p.rows)
want = sorted([(a, "early-reveal"), (b, "acknowledge")])
assert got == want, ("finding rows", got, want)
assert p.result.strip() == "exit 1: sound, with process findings", ("result", p.result)
print("rendered: headings", sorted(i for i in p.ids if i.startswith("case-")),
      "findings", got, "result", p.result.strip())
PY

echo "audit_html: ok ($(($(date +%s) - T0)) s)"
