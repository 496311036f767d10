#!/usr/bin/env python3
"""check_html.py: load the HTML board report in headless Chromium and check it.

    check_html.py REPORT_HTML OUT_DIR
    check_html.py --self-test OUT_DIR

Python 3 standard library only. Needs Debian's /usr/bin/chromium (packages
chromium and fonts-dejavu-core); WQ_CHROMIUM names another binary.

Checks:
  0. the page is self-contained: no <script>, <link>, <img>, <iframe>, src=,
     @import, url(...) other than url(#id), http:// or https://;
  1. a copy of the page, with two small scripts injected (one at the start
     of <head> that records console.error / console.warn calls, uncaught
     errors and failed loads; one before </body> that, on load, measures
     every <figure>'s <svg>), is loaded with --dump-dom; the result is read
     back from the <pre id="wq-check"> the script writes: there must be at
     least one figure, and every figure's svg must have a non-zero
     getBoundingClientRect(), not be display:none / visibility:hidden /
     opacity 0 (itself or an ancestor), and draw something;
  2. no console messages: Chromium 156 logs every console call of a page to
     stderr (with --enable-logging=stderr --v=0) as
        [pid:tid:time:INFO:CONSOLE:LINE] "message", source: URL (LINE)
     at INFO whatever the call (console.error and console.log look the same;
     older versions wrote INFO:CONSOLE(LINE) or ERROR:CONSOLE), and an
     uncaught exception as "Uncaught ReferenceError: ...". The report has
     no scripts and the injected ones log nothing, so every CONSOLE line is
     a failure; so is every error the head script recorded (it knows the
     level, and sees failed loads, which Chromium does not log);
  3. the page laid out at A4 width (700 px, about 180 mm) has no horizontal
     overflow: its tables wrap;
  4. a screenshot of the ORIGINAL page, OUT_DIR/report.png, at 1240 px wide
     and the page's full height (measured in check 1, at most 30000 px), is
     a PNG of more than 10 KB;
  5. the page printed to OUT_DIR/report.pdf starts with %PDF, has A4 pages
     (from @page), and its page count is printed.

--self-test checks the checker: a page with a deliberate console.error, an
uncaught exception, a hidden figure and an external image must fail checks
0, 1 and 2, and a clean page with one inline figure must pass them.

Chromium runs as root with --no-sandbox and the flags that keep it off the
network, a fresh --user-data-dir and HOME each time, a 120 s timeout, and
its whole process group is killed if it hangs. Prints each check, then
"N passed, N failed"; exits 1 if anything failed.
"""

import html
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("WQ_CHROMIUM", "/usr/bin/chromium")
TIMEOUT = int(os.environ.get("WQ_CHROMIUM_TIMEOUT", "120"))
MAX_HEIGHT = 30000  # screenshot height cap (px); Chromium 156 draws 24000 px fine
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
]

# Recorded before anything else on the page runs.
HEAD_HOOK = """<script>
window.__wqErrors = [];
(function () {
  var E = window.__wqErrors;
  function text(args) {
    return Array.prototype.map.call(args, function (a) { return String(a); }).join(' ');
  }
  ['error', 'warn'].forEach(function (level) {
    var orig = console[level];
    console[level] = function () {
      E.push({level: level, text: text(arguments)});
      return orig.apply(console, arguments);
    };
  });
  window.addEventListener('error', function (e) {
    var t = e.target;
    if (t && t !== window && (t.src || t.href))
      E.push({level: 'error', text: 'failed to load ' + (t.src || t.href)});
    else
      E.push({level: 'error', text: /^Uncaught/.test(e.message || '') ? e.message :
              'Uncaught ' + (e.message || 'error')});
  }, true);
  window.addEventListener('unhandledrejection', function (e) {
    E.push({level: 'error', text: 'Unhandled rejection: ' + String(e.reason)});
  });
})();
</script>
"""

# Measures the figures once parsed and again on load.
COLLECTOR = """<script>
(function () {
  function hiddenBy(el) {
    for (var e = el; e && e.nodeType === 1; e = e.parentElement) {
      var c = getComputedStyle(e);
      if (c.display === 'none' || c.visibility === 'hidden' || c.opacity === '0')
        return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ': ' +
               (c.display === 'none' ? 'display:none' :
                c.visibility === 'hidden' ? 'visibility:hidden' : 'opacity:0');
    }
    return '';
  }
  function collect(phase) {
    var root = document.documentElement;
    var out = {phase: phase, figures: [], errors: window.__wqErrors || [],
               scrollHeight: Math.max(root.scrollHeight, document.body.scrollHeight),
               scrollWidth: root.scrollWidth, clientWidth: root.clientWidth};
    var figs = document.querySelectorAll('figure');
    for (var i = 0; i < figs.length; i++) {
      var fig = figs[i], svg = fig.querySelector('svg');
      var cap = fig.querySelector('figcaption');
      var item = {index: i, id: fig.id || '', has_svg: !!svg,
                  caption: cap ? cap.textContent.slice(0, 100) : ''};
      if (svg) {
        var r = svg.getBoundingClientRect(), cs = getComputedStyle(svg);
        item.width = r.width;
        item.height = r.height;
        item.display = cs.display;
        item.visibility = cs.visibility;
        item.hidden_by = hiddenBy(svg);
        item.check_visibility = svg.checkVisibility ?
            svg.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}) : null;
        item.drawn = svg.querySelectorAll(
            'path,use,rect,line,polyline,polygon,circle,ellipse,text,image').length;
        item.visible = r.width > 0 && r.height > 0 && !item.hidden_by &&
            item.check_visibility !== false && item.drawn > 0;
      } else {
        item.visible = false;
      }
      out.figures.push(item);
    }
    var pre = document.getElementById('wq-check');
    if (!pre) {
      pre = document.createElement('pre');
      pre.id = 'wq-check';
      pre.style.whiteSpace = 'pre-wrap';
      pre.style.wordBreak = 'break-all';
      document.body.appendChild(pre);
    }
    pre.textContent = JSON.stringify(out);
  }
  collect('parsed');
  window.addEventListener('load', function () { collect('load'); });
})();
</script>
"""

CONSOLE_RE = re.compile(
    r":(?P<level>[A-Z]+[0-9]*):CONSOLE(?:\((?P<line1>\d+)\))?(?::(?P<line2>\d+))?\]\s*(?P<msg>.*)")


class Checks:
    def __init__(self, prefix="", labels=("ok:  ", "FAIL:")):
        self.passed = 0
        self.failed = 0
        self.prefix = prefix
        self.labels = labels

    def ok(self, what):
        self.passed += 1
        print(f"{self.labels[0]} {self.prefix}{what}")

    def bad(self, what, details=()):
        self.failed += 1
        print(f"{self.labels[1]} {self.prefix}{what}")
        for d in list(details)[:20]:
            print(f"      {d}")

    def check(self, cond, what, details=()):
        if cond:
            self.ok(what)
        else:
            self.bad(what, details)
        return cond


def run_chromium(args, url):
    """Run Chromium on URL with ARGS; returns (rc, stdout, stderr) or None
    when it timed out (its process group is killed)."""
    home = tempfile.mkdtemp(prefix="wq-chromium-")
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"))
    env.pop("DISPLAY", None)
    cmd = [CHROMIUM] + FLAGS + [f"--user-data-dir={os.path.join(home, 'profile')}"] + args + [url]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=TIMEOUT)
        result = (proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        result = None
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result


def inject(page):
    """The page with HEAD_HOOK after <head> and COLLECTOR before </body>."""
    m = re.search(r"<head\b[^>]*>", page, re.I)
    if m:
        page = page[:m.end()] + "\n" + HEAD_HOOK + page[m.end():]
    else:
        page = HEAD_HOOK + page
    i = page.lower().rfind("</body>")
    if i < 0:
        return page + COLLECTOR
    return page[:i] + COLLECTOR + page[i:]


def static_checks(c, page):
    """Check 0: nothing that could reach out of the page."""
    bad = []
    for pattern, what in [
        (r"<script\b", "<script>"),
        (r"<link\b", "<link>"),
        (r"<img\b", "<img>"),
        (r"<iframe\b", "<iframe>"),
        (r"<object\b|<embed\b", "<object>/<embed>"),
        (r"\bsrc\s*=", "src="),
        (r"@import", "@import"),
        (r"url\(\s*['\"]?(?!#)", "url(...) not to an #id"),
        (r"https?://", "http(s)://"),
        (r"\son[a-z]+\s*=", "an event-handler attribute"),
    ]:
        for m in re.finditer(pattern, page, re.I):
            line = page.count("\n", 0, m.start()) + 1
            bad.append(f"line {line}: {what}: {page[max(0, m.start() - 30):m.end() + 30]!r}")
    c.check(not bad, "self-contained: no scripts, external resources or URLs", bad)


def console_messages(stderr):
    msgs = []
    for line in stderr.splitlines():
        m = CONSOLE_RE.search(line)
        if m:
            msgs.append(f"{m.group('level')}: {m.group('msg')}")
    return msgs


def dom_check(c, page, work, width, height):
    """Checks 1 and 2 (and the measurements): returns the collector's JSON."""
    copy = os.path.join(work, "checked.html")
    with open(copy, "w", encoding="utf-8") as f:
        f.write(inject(page))
    res = run_chromium(["--enable-logging=stderr", "--v=0", f"--window-size={width},{height}",
                        "--dump-dom"], "file://" + copy)
    if res is None:
        c.bad(f"chromium --dump-dom at {width} px finished within {TIMEOUT} s")
        return None
    rc, out, err = res
    c.check(rc == 0, f"chromium --dump-dom at {width} px exits 0 (exit {rc})",
            err.splitlines()[-5:])
    m = re.search(r'<pre\b[^>]*\bid="wq-check"[^>]*>(.*?)</pre>', out, re.S)
    if not m:
        c.bad("the injected script reported back (<pre id=\"wq-check\"> in the dumped DOM)",
              [out[-300:]])
        return None
    try:
        data = json.loads(html.unescape(m.group(1)))
    except ValueError as e:
        c.bad("the injected script's report is JSON", [str(e), m.group(1)[:300]])
        return None
    data["console"] = console_messages(err)
    return data


def figure_checks(c, data):
    figs = data["figures"]
    c.check(data["phase"] == "load", f"the page loaded (collector phase '{data['phase']}')")
    c.check(len(figs) >= 1, f"at least one <figure> ({len(figs)} found)")
    hidden = [f"figure {f['index']} ({f['id']}, '{f['caption'][:50]}'): has_svg={f['has_svg']} "
              f"box={f.get('width', 0):.0f}x{f.get('height', 0):.0f} "
              f"display={f.get('display')} visibility={f.get('visibility')} "
              f"hidden_by='{f.get('hidden_by', '')}' checkVisibility={f.get('check_visibility')} "
              f"drawn={f.get('drawn', 0)}"
              for f in figs if not f["visible"]]
    c.check(figs and not hidden, f"every figure's svg is visible ({len(figs) - len(hidden)} of "
            f"{len(figs)})", hidden)


def console_checks(c, data):
    msgs = data["console"]
    c.check(not msgs, f"no console messages on Chromium's stderr ({len(msgs)})", msgs)
    errs = [f"{e['level']}: {e['text']}" for e in data["errors"]]
    c.check(not errs, f"no console errors, uncaught errors or failed loads seen by the page "
            f"({len(errs)})", errs)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def check_report(c, report, out_dir):
    with open(report, encoding="utf-8") as f:
        page = f.read()
    static_checks(c, page)
    work = tempfile.mkdtemp(prefix="wq-check-html-")
    try:
        data = dom_check(c, page, work, 1240, 2000)
        if data is None:
            return
        figure_checks(c, data)
        console_checks(c, data)
        narrow = dom_check(c, page, work, 700, 1000)
        if narrow is not None:
            c.check(narrow["scrollWidth"] <= narrow["clientWidth"] + 1,
                    f"at A4 width (700 px) nothing overflows sideways (content "
                    f"{narrow['scrollWidth']} px in {narrow['clientWidth']} px)")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    url = "file://" + os.path.abspath(report)
    height = max(1000, min(int(data["scrollHeight"]) + 20, MAX_HEIGHT))
    png = os.path.join(out_dir, "report.png")
    if os.path.exists(png):
        os.remove(png)
    res = run_chromium([f"--screenshot={png}", f"--window-size=1240,{height}"], url)
    if res is None:
        c.bad(f"chromium --screenshot finished within {TIMEOUT} s")
    else:
        size = os.path.getsize(png) if os.path.exists(png) else 0
        dims = png_size(png) if size else None
        c.check(size > 10 * 1024 and dims is not None,
                f"screenshot {png}: {size} bytes, {dims[0] if dims else 0}x"
                f"{dims[1] if dims else 0} px (page {data['scrollHeight']} px high)",
                res[2].splitlines()[-5:])

    pdf = os.path.join(out_dir, "report.pdf")
    if os.path.exists(pdf):
        os.remove(pdf)
    res = run_chromium([f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], url)
    if res is None:
        c.bad(f"chromium --print-to-pdf finished within {TIMEOUT} s")
        return
    body = b""
    if os.path.exists(pdf):
        with open(pdf, "rb") as f:
            body = f.read()
    pages = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", body))
    # the root of the page tree has the largest /Count
    counts = [int(n) for n in re.findall(rb"/Count\s+(\d+)", body)]
    c.check(body.startswith(b"%PDF") and pages > 0,
            f"PDF {pdf}: {len(body)} bytes, starts with %PDF, {pages} pages"
            + (f" (page tree /Count {max(counts)})" if counts else ""),
            res[2].splitlines()[-5:])
    box = re.search(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", body)
    if box:
        w = float(box.group(3)) - float(box.group(1))
        h = float(box.group(4)) - float(box.group(2))
        c.check(abs(w - 595.3) < 3 and abs(h - 841.9) < 3,
                f"PDF pages are A4 ({w:.1f} x {h:.1f} pt)")
    else:
        c.bad("PDF has a /MediaBox")


SELF_TEST_BAD = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>deliberately broken</title></head><body>
<figure><svg width="100" height="50" style="display:none"><rect width="100" height="50"/></svg>
<figcaption>hidden</figcaption></figure>
<img src="missing-image.png" alt="missing">
<script>console.error("deliberate console error");</script>
<script>undefinedFunctionCall();</script>
</body></html>
"""

SELF_TEST_GOOD = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>clean</title><style>figure svg{width:100%;height:auto}</style></head><body>
<figure><svg width="100" height="50" viewBox="0 0 100 50"><rect width="100" height="50"
fill="#005EB8"/></svg><figcaption>visible</figcaption></figure>
</body></html>
"""


def self_test(out_dir):
    """The checker catches a deliberate console error, an uncaught exception,
    a hidden figure and an external image; a clean page passes."""
    top = Checks()
    work = tempfile.mkdtemp(prefix="wq-check-html-self-")
    try:
        # the broken page: each check must FAIL
        inner = Checks("[broken page] ", ("(ok)  ", "caught:"))
        static_checks(inner, SELF_TEST_BAD)
        top.check(inner.failed == 1, "self-test: check 0 catches <script>, <img> and src=")
        data = dom_check(inner, SELF_TEST_BAD, work, 800, 600)
        if data is None:
            top.bad("self-test: the broken page could be loaded")
        else:
            f0 = inner.failed
            figure_checks(inner, data)
            top.check(inner.failed > f0, "self-test: check 1 catches a display:none figure")
            f0 = inner.failed
            stderr_msgs = list(data["console"])
            console_checks(inner, data)
            top.check(inner.failed - f0 == 2,
                      "self-test: check 2 catches the console.error and the uncaught error, on "
                      "stderr and in the page", stderr_msgs + [e["text"] for e in data["errors"]])
            top.check(any("deliberate console error" in m for m in stderr_msgs) and
                      any("Uncaught" in m for m in stderr_msgs),
                      "self-test: Chromium's stderr has both messages as CONSOLE lines",
                      stderr_msgs)
            top.check(any("failed to load" in e["text"] for e in data["errors"]),
                      "self-test: the failed image load is recorded by the page",
                      [e["text"] for e in data["errors"]])
        # the clean page: each check must PASS
        clean = Checks("[clean page] ")
        static_checks(clean, SELF_TEST_GOOD)
        data = dom_check(clean, SELF_TEST_GOOD, work, 800, 600)
        if data is not None:
            figure_checks(clean, data)
            console_checks(clean, data)
        top.check(data is not None and clean.failed == 0,
                  f"self-test: a clean page passes ({clean.passed} passed, {clean.failed} failed)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return top


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        out_dir = argv[2]
        report = None
    elif len(argv) == 3 and not argv[1].startswith("-"):
        report, out_dir = argv[1], argv[2]
    else:
        print("usage: check_html.py REPORT_HTML OUT_DIR | --self-test OUT_DIR", file=sys.stderr)
        return 64
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        print(f"FAIL: {CHROMIUM} not found (apt-get install -y chromium fonts-dejavu-core)")
        print("0 passed, 1 failed")
        return 1
    os.makedirs(out_dir, exist_ok=True)
    if report is None:
        c = self_test(out_dir)
    else:
        c = Checks()
        if not os.path.isfile(report):
            c.bad(f"{report} exists")
        else:
            check_report(c, report, out_dir)
    print(f"{c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
