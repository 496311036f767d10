#!/usr/bin/env python3
"""tests/serve/test_serve.py: `wres serve` at the HTTP level (docs/serve.md,
"Security properties"): the token, the Host check, CSRF, the headers, 413,
a bad file's JSON error, the temporary folder left empty (also after
SIGTERM in the middle of an upload), no employee number in any answer or
log line, concurrent reports, and the zip's report.html against `wres
report` run from the command line. Standard library only.

Usage: test_serve.py BIN_DIR   (prints "serve: N passed, N failed")"""
import csv
import hashlib
import html.parser
import http.client
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zipfile

BIN = sys.argv[1] if len(sys.argv) > 1 else "bin"
FIX = "fixtures/2019"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
passed = failed = 0
servers = []  # every server started, stopped at the end whatever happens


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name} {detail}".rstrip())


class Server:
    """A `wres serve --port 0` with its own TMPDIR; the URL read from its line."""

    def __init__(self, root, *args, prog="wres", wrap=()):
        self.tmp = os.path.join(root, "tmp")
        os.makedirs(self.tmp, exist_ok=True)
        self.log = open(os.path.join(root, "server.log"), "w+b")
        env = dict(os.environ, TMPDIR=self.tmp)
        self.proc = subprocess.Popen([*wrap, os.path.join(BIN, prog), "serve", "--port", "0",
                                      *args], stdout=subprocess.PIPE, stderr=self.log, env=env)
        servers.append(self.proc)
        self.line = self.proc.stdout.readline().decode()
        url = urllib.parse.urlsplit(self.line.split("serving on ", 1)[1].strip())
        self.port = url.port
        self.token = urllib.parse.parse_qs(url.query)["token"][0]

    def request(self, method, path, body=None, headers=None, host=None, token=True):
        h = {"Host": host or f"127.0.0.1:{self.port}"}
        if token:
            h["X-WQ-Token"] = self.token
        h.update(headers or {})
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            c.request(method, path, body=body, headers=h)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered (403, 413) before the body was read: the answer is there
        r = c.getresponse()
        data = r.read()
        c.close()
        return r, data

    def post(self, path, fields, files, **kw):
        body, ctype = multipart(fields, files)
        headers = dict(kw.pop("headers", {}), **{"Content-Type": ctype})
        return self.request("POST", path, body, headers, **kw)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(10)
        self.log.seek(0)
        return self.log.read().decode(errors="replace")


def multipart(fields, files):
    """FIELDS: [(name, value)]; FILES: [(name, filename, bytes)]."""
    b = "wqboundary7MA4YWxkTrZu0gW"
    out = io.BytesIO()
    for k, v in fields:
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    for k, fn, data in files:
        fn = fn if isinstance(fn, bytes) else fn.encode()
        out.write(f'--{b}\r\nContent-Disposition: form-data; name="{k}"; filename="'.encode()
                  + fn + b'"\r\nContent-Type: text/csv\r\n\r\n')
        out.write(data + b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={b}"


def fixture(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


STAFF = "staff-in-post-2019-03-31.csv"
WDES_STAFF = "staff-in-post-wdes-2019.csv"
LEAVERS = "leavers-2018-19.csv"
REPORT_FILES = [("staff", STAFF), ("leavers", LEAVERS), ("recruitment", "recruitment-2018-19.csv"),
                ("cases", "cases-2017-2019.csv"), ("board", "board-2019.csv"),
                ("survey", "survey-wres-2019.csv"), ("training", "training-2018-19.csv"),
                ("mandatory-courses", "mandatory-courses.csv")]
REPORT_FIELDS = [("year", "2019"), ("by", "Org L3"), ("exclude-reason", "Merged Organisation")]


def report_files():
    return [(k, fn, fixture(fn)) for k, fn in REPORT_FILES]


def employee_numbers():
    """Every employee number of the staff and leavers fixtures (as text)."""
    ids = set()
    for name in (STAFF, LEAVERS):
        with open(os.path.join(FIX, name), newline="") as f:
            for row in csv.DictReader(f):
                ids.add(row["Employee Number"])
    return ids


def has_id(data, ids):
    """Does DATA hold an employee number as a number of its own (not digits
    inside a longer number or after a decimal point)?"""
    text = data if isinstance(data, str) else data.decode(errors="replace")
    return bool(ids & set(re.findall(r"(?<![\d.])\d+(?!\d)", text)))


def leftovers(tmp):
    """What is under TMPDIR besides the server's (empty) store of kept zips."""
    out = []
    for name in os.listdir(tmp):
        p = os.path.join(tmp, name)
        if name.startswith("wq-serve-kept-") and not os.listdir(p):
            continue
        out.append(name)
    return out


def zip_contents(data):
    z = zipfile.ZipFile(io.BytesIO(data))
    return {i.filename: hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist()
            if not i.filename.endswith("submission.xlsx")}  # the workbook holds its time


def test_auth(s):
    r, d = s.request("GET", "/", token=False)
    # the server's own refusals have no command-line exit code (docs/serve.md)
    check("no_token GET /", r.status == 403 and json.loads(d)["exit"] is None, (r.status, d))
    r, _ = s.request("GET", "/app.js", token=False)
    check("no_token GET /app.js", r.status == 403, r.status)
    r, _ = s.post("/api/report", REPORT_FIELDS, [], token=False)
    check("no_token POST", r.status == 403, r.status)
    r, _ = s.request("GET", "/?token=" + "0" * 64, token=False)
    check("wrong_token in the URL", r.status == 403, r.status)
    r, _ = s.request("GET", "/", headers={"X-WQ-Token": "1" * 64}, token=False)
    check("wrong_token header", r.status == 403, r.status)
    r, _ = s.request("GET", "/?token=" + s.token, token=False)
    cookie = r.getheader("Set-Cookie") or ""
    check("login_cookie 303", r.status == 303 and r.getheader("Location") == "/", r.status)
    check("login_cookie flags", f"wq_token={s.token}" in cookie and "HttpOnly" in cookie
          and "SameSite=Strict" in cookie and "Path=/" in cookie, cookie)
    r, d = s.request("GET", "/", headers={"Cookie": f"wq_token={s.token}"}, token=False)
    check("login_cookie page", r.status == 200 and
          f'<meta name="wq-token" content="{s.token}">'.encode() in d, r.status)
    r, _ = s.request("GET", "/app.css", headers={"Cookie": f"wq_token={s.token}"}, token=False)
    check("cookie serves app.css", r.status == 200, r.status)
    # CSRF: a form from another page can bring the cookie, not the header
    r, _ = s.post("/api/report", REPORT_FIELDS, [("staff", "s.csv", b"a,b\n")],
                  headers={"Cookie": f"wq_token={s.token}"}, token=False)
    check("cookie_only_post", r.status == 403, r.status)


def test_host(s):
    for host in (f"evil.example:{s.port}", "evil.example", f"127.0.0.1:{s.port + 1}",
                 f"127.0.0.1.evil.example:{s.port}"):
        r, _ = s.request("GET", "/")
        r, _ = s.request("GET", "/", host=host)
        check(f"bad_host {host}", r.status == 403, r.status)
    r, _ = s.post("/api/columns", [("input", "staff")], [("file", STAFF, fixture(STAFF))],
                  host=f"evil.example:{s.port}")
    check("bad_host POST", r.status == 403, r.status)
    r, _ = s.request("GET", "/", host=f"localhost:{s.port}")
    check("localhost host", r.status == 200, r.status)


def test_headers(s):
    for path, tok in (("/", True), ("/app.js", True), ("/", False), ("/nowhere", True)):
        r, _ = s.request("GET", path, token=tok)
        check(f"headers {path} {r.status}", r.getheader("Content-Security-Policy") == CSP and
              r.getheader("X-Content-Type-Options") == "nosniff" and
              r.getheader("Referrer-Policy") == "no-referrer" and
              r.getheader("Cache-Control") == "no-store", dict(r.getheaders()))
    r, d = s.request("GET", "/nowhere")
    check("404", r.status == 404 and json.loads(d)["exit"] is None, (r.status, d))
    r, d = s.request("GET", "/api/report")
    check("405", r.status == 405 and json.loads(d)["exit"] is None, (r.status, d))
    r, d = s.request("GET", "/", host="evil.example")
    check("bad host: no exit code", json.loads(d)["exit"] is None, d)
    r, d = s.request("GET", "/app.js")
    check("app.js type", r.getheader("Content-Type").startswith("text/javascript"), r.status)


def test_too_large(s):
    # Content-Length over --max-upload (4 MB): 413 with no byte of the body sent
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    c.putrequest("POST", "/api/report", skip_host=True)
    c.putheader("Host", f"127.0.0.1:{s.port}")
    c.putheader("X-WQ-Token", s.token)
    c.putheader("Content-Type", "multipart/form-data; boundary=x")
    c.putheader("Content-Length", str(50 << 20))
    c.endheaders()
    r = c.getresponse()
    d = r.read()
    c.close()
    check("too_large_length", r.status == 413 and b"max-upload" in d and
          json.loads(d)["exit"] is None, (r.status, d))
    # a chunked body: counted as it streams, the connection ends early
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    c.putrequest("POST", "/api/report", skip_host=True)
    c.putheader("Host", f"127.0.0.1:{s.port}")
    c.putheader("X-WQ-Token", s.token)
    c.putheader("Content-Type", "multipart/form-data; boundary=BB")
    c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    head = b'--BB\r\nContent-Disposition: form-data; name="staff"; filename="s.csv"\r\n\r\n'
    sent, status = 0, None
    try:
        c.send(b"%x\r\n%s\r\n" % (len(head), head))
        chunk = b"x" * 65536
        while sent < 100 << 20:
            c.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        c.send(b"0\r\n\r\n")
        status = c.getresponse().status
    except (BrokenPipeError, ConnectionResetError, http.client.HTTPException):
        pass
    c.close()
    check("too_large_chunked ends early", sent < 20 << 20 and status in (None, 413),
          f"sent {sent} bytes, status {status}")


def test_bad_file(s, ids):
    bodies = []
    post = s.post

    def keep(*a, **kw):
        r, d = post(*a, **kw)
        bodies.append(d)
        return r, d
    staff = fixture(STAFF).split(b"\n")
    bad = b"\n".join(staff[:5]) + b'\n1,"unterminated\n'
    r, d = keep("/api/report", [("year", "2019")], [("staff", "my-staff.csv", bad)])
    e = json.loads(d)
    check("bad_file 422", r.status == 422 and e["exit"] == 65, (r.status, e))
    check("bad_file position", e["file"] == "staff" and e["line"] == 6 and
          e["error"].startswith("my-staff.csv:6:"), e)
    renamed = staff[0].replace(b"Ethnic Origin", b"Ethnic Grp") + b"\n" + b"\n".join(staff[1:50])
    r, d = keep("/api/report", [("year", "2019"), ("standard", "wres")],
                  [("staff", "renamed.csv", renamed)])
    e = json.loads(d)
    check("missing column 422", r.status == 422 and e["exit"] == 65 and e["file"] == "staff"
          and e["line"] == 1 and e["column"] == "Ethnic Origin", (r.status, e))
    check("no server path", s.tmp.encode() not in d and b"/in/" not in d, d[:200])
    # the fix the message suggests, as the page sends it: the report is made
    r, d = keep("/api/report", [("year", "2019"), ("standard", "wres"),
                                  ("column", "ethnicity=Ethnic Grp")],
                  [("staff", "renamed.csv", renamed)])
    check("column mapping", r.status == 200 and d[:2] == b"PK", (r.status, d[:200]))
    # names: no folder, no "-" (standard input), UTF-8 only, no quote
    for fn, shown in ((b"../../etc/evil.csv", "evil.csv"), (b"-", "staff"),
                      (b"st\xe4ff.csv", "staff"), (b"a\\b.csv", "b.csv")):
        r, d = keep("/api/report", [("year", "2019")], [("staff", fn, bad)])
        e = json.loads(d.decode("utf-8"))
        check(f"upload name {fn!r}", r.status == 422 and e["error"].startswith(shown + ":6:"),
              e["error"][:80])
    r, d = keep("/api/report", [("year", "20x9")], [("staff", STAFF, fixture(STAFF))])
    check("usage 400", r.status == 400 and json.loads(d)["exit"] == 64, r.status)
    r, d = keep("/api/report", [("nonsense", "1")], [])
    check("unknown field 400", r.status == 400, r.status)
    r, d = keep("/api/report", [("standard", "wxes")], [("staff", STAFF, fixture(STAFF))])
    check("bad standard 400", r.status == 400, r.status)
    check("no employee number (errors)", not any(has_id(b, ids) for b in bodies))


def test_columns_config(s, ids):
    r, d = s.post("/api/columns", [("input", "staff")], [("file", STAFF, fixture(STAFF))])
    j = json.loads(d)
    check("columns 200", r.status == 200 and j["input"] == "staff" and
          j["headers"][0] == "Employee Number" and j["missing_required"] == [], (r.status, d[:200]))
    eth = [f for f in j["fields"] if f["field"] == "ethnicity"]
    check("columns field", eth and eth[0]["header"] == "Ethnic Origin" and
          eth[0]["how"] == "alias" and eth[0]["required"], eth)
    renamed = fixture(STAFF).replace(b"Ethnic Origin", b"Ethnic Grp", 1)
    r, d = s.post("/api/columns", [("input", "staff")], [("file", "r.csv", renamed)])
    j = json.loads(d)
    eth = [f for f in j["fields"] if f["field"] == "ethnicity"][0]
    check("columns missing", r.status == 200 and j["missing_required"] == ["ethnicity"] and
          eth["header"] == "Ethnic Grp" and eth["how"] == "guess", j["missing_required"])
    r, d = s.post("/api/columns", [("input", "staff"), ("column", "ethnicity=Ethnic Grp")],
                  [("file", "r.csv", renamed)])
    j = json.loads(d)
    eth = [f for f in j["fields"] if f["field"] == "ethnicity"][0]
    check("columns --column", j["missing_required"] == [] and eth["how"] == "column", eth)
    check("no employee number (columns)", not has_id(d, ids))
    with open("tests/hostile/data/staff-xlsx-two-sheets.xlsx", "rb") as f:
        book = f.read()
    r, d = s.post("/api/columns", [("input", "staff"), ("sheet", "Staff")],
                  [("file", "two.xlsx", book)])
    j = json.loads(d)
    check("columns workbook", r.status == 200 and j["encoding"] == "workbook" and
          j["sheet"] == "Staff" and j["sheets"] == ["Notes", "Staff"] and
          j["delimiter"] is None, d[:300])
    r, d = s.post("/api/columns", [("input", "staff")], [("file", "two.xlsx", book)])
    j = json.loads(d)
    check("columns workbook, empty first sheet", r.status == 422 and j["file"] == "file" and
          j["error"].startswith("two.xlsx: sheet 'Notes' is empty"), d[:300])
    test_lists(s)
    with open("fixtures/trust-2019.ini", "rb") as f:
        ini = f.read()
    r, d = s.post("/api/config", [], [("config", "trust-2019.ini", ini)])
    j = json.loads(d)
    # the files both standards read at the top, [wres]'s and [wdes]'s under each
    f = j.get("files", {})
    check("config 200", r.status == 200 and j["year"] == 2019 and j["by"] == ["Org L3"] and
          f.get("leavers") == LEAVERS and "staff" not in f and
          f.get("wres", {}).get("staff") == STAFF and
          f.get("wres", {}).get("survey") == ["survey-wres-2019.csv"] and
          f.get("wres", {}).get("training") == "training-2018-19.csv" and
          f.get("wdes", {}).get("staff") == WDES_STAFF and "training" not in f.get("wdes", {}),
          d[:600])
    # an INI without a threshold is report's default (10, publication mode),
    # never 0: loading last year's settings must not switch withholding off
    check("config suppress not set", j["suppress"] == 10, j.get("suppress"))
    for text, want in ((b"suppress = 0\n", 0), (b"suppress = 5\n", 5)):
        r, d = s.post("/api/config", [], [("config", "s.ini", b"year = 2019\n" + text)])
        check(f"config {text.strip().decode()}", r.status == 200 and
              json.loads(d)["suppress"] == want, d[:200])
    r, d = s.post("/api/config", [], [("config", "bad.ini", b"year = 2019\nbogus = 1\n")])
    j = json.loads(d)
    check("config error", r.status == 422 and j["file"] == "config" and j["line"] == 2 and
          j["error"].startswith("bad.ini:2:"), d[:200])


def test_lists(s):
    """The list inputs (mandatory courses, spellings) are read whole before the run."""
    courses = fixture("mandatory-courses.csv")
    with open(os.path.join(FIX, "mandatory-courses.csv"), newline="") as f:
        titles = sum(1 for row in list(csv.reader(f))[1:] if row and row[0])
    r, d = s.post("/api/columns", [("input", "mandatory-courses")],
                  [("file", "courses.csv", courses)])
    j = json.loads(d)
    check("columns mandatory-courses", r.status == 200 and j["input"] == "mandatory-courses"
          and j["entries"] == titles and j["encoding"] == "UTF-8", d[:200])
    r, d = s.post("/api/columns", [("input", "mandatory-courses")],
                  [("file", "courses.csv", b"Course Title\n")])
    j = json.loads(d)
    check("columns mandatory-courses empty", r.status == 422 and j["exit"] == 65 and
          j["file"] == "file" and j["error"].startswith("courses.csv:"), d[:200])
    r, d = s.post("/api/columns", [("input", "vocab")],
                  [("file", "v.csv", b"kind,value,meaning\nethnicity,Martian,S\nband,B5,Band 5\n")])
    j = json.loads(d)
    check("columns vocab", r.status == 200 and j["input"] == "vocab" and j["entries"] == 2,
          d[:200])
    with open("tests/hostile/data/vocab-unknown-kind.csv", "rb") as f:
        bad = f.read()
    r, d = s.post("/api/columns", [("input", "vocab")], [("file", "v.csv", bad)])
    j = json.loads(d)
    check("columns vocab bad", r.status == 422 and j["exit"] == 65 and j["file"] == "file" and
          j["line"] == 3, d[:200])


def palette_of(s):
    """/palette.css as {name: hex} (upper case)."""
    r, d = s.request("GET", "/palette.css")
    check("palette.css", r.status == 200 and r.getheader("Content-Type").startswith("text/css")
          and r.getheader("Content-Security-Policy") == CSP, r.status)
    return {k: v.upper() for k, v in re.findall(r"--([a-z0-9-]+):\s*(#[0-9A-Fa-f]{6});", d.decode())}


def test_palette(s, zf):
    """One palette: app.css names no colour of its own and uses only
    palette.css's, and every colour of report.html's stylesheet is one of
    palette.css's (the report and the page cannot drift apart)."""
    pal = palette_of(s)
    r, d = s.request("GET", "/app.css")
    css = d.decode()
    used = set(re.findall(r"var\(--([a-z0-9-]+)\)", css))
    check("app.css: no colour of its own", not re.search(r"#[0-9A-Fa-f]{3,8}\b|rgb", css) and
          len(used) >= 10, re.findall(r"#[0-9A-Fa-f]{3,8}\b", css))
    check("app.css: every colour from palette.css", used <= set(pal), used - set(pal))
    html_text = zf.read("wres/report.html").decode()
    style = html_text[html_text.index("<style>"):html_text.index("</style>")]
    colours = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}\b", style)}
    check("report.html: every colour from palette.css", len(colours) >= 10 and
          colours <= set(pal.values()), colours - set(pal.values()))
    banner = re.search(r"\.banner\{background:(#[0-9A-Fa-f]{6})", style)
    check("report.html's banner is palette.css's blue", banner and
          banner.group(1).upper() == pal.get("blue") and
          re.search(r"\.banner \{[^}]*background: var\(--blue\)", css), banner)


def test_report(s, root, ids):
    job = "testjob0123"
    r, d = s.post("/api/report", REPORT_FIELDS + [("job", job)], report_files(),
                  headers={"Accept": "application/json"})
    j = json.loads(d)
    check("report json", r.status == 200 and j["download"].startswith("/api/download/") and
          "wres" in j["summary"] and "wdes" in j["summary"], d[:200])
    check("no employee number (summary)", not has_id(d, ids))
    r, p = s.request("GET", "/api/progress?job=" + job)
    check("progress done", r.status == 200 and json.loads(p)["stage"] == "done", p)
    r, _ = s.request("GET", "/api/progress?job=nosuchjob1")
    check("progress unknown 404", r.status == 404, r.status)
    r, z1 = s.request("GET", j["download"])
    check("download", r.status == 200 and z1[:2] == b"PK", r.status)
    r, _ = s.request("GET", j["download"])
    check("download once", r.status == 404, r.status)
    r, z = s.post("/api/report", REPORT_FIELDS, report_files())
    check("report zip", r.status == 200 and r.getheader("Content-Type") == "application/zip" and
          r.getheader("Content-Disposition") == 'attachment; filename="wres-wdes-report-2019.zip"',
          (r.status, z[:200]))
    names = zipfile.ZipFile(io.BytesIO(z)).namelist()
    check("zip holds both reports", "wres/report.html" in names and "wdes/report.html" in names
          and "config.ini" in names and "summary.json" in names, names[:5])
    zf = zipfile.ZipFile(io.BytesIO(z))
    summary = json.loads(zf.read("summary.json"))
    check("summary from the metrics CSV", summary_matches(zf, summary), "")
    test_palette(s, zf)
    for std in ("wres", "wdes"):
        same, detail = findings_match(zf, summary, std)
        check(f"summary: {std} findings are report.html's", same, detail)
    ini = zf.read("config.ini").decode()
    check("config.ini", "year = 2019" in ini and "by = Org L3" in ini and
          f"staff = {STAFF}" in ini and s.tmp not in ini, ini)
    check("same zip twice", zip_contents(z) == zip_contents(z1))
    texts = [n for n in names if n.endswith((".html", ".txt", ".csv", ".json", ".ini"))]
    check("no employee number (zip)", texts and
          not any(has_id(zf.read(n), ids) for n in texts), texts[:3])
    # the report equals the command line's on the same files (same names)
    work = os.path.join(root, "cli")
    os.makedirs(work)
    for _, fn in REPORT_FILES:
        shutil.copy(os.path.join(FIX, fn), work)
    args = [os.path.abspath(os.path.join(BIN, "wres")), "report", "--out", "out"]
    for k, fn in REPORT_FILES:
        args.append(f"--{k}={fn}")
    args += [f"--{k}={v}" for k, v in REPORT_FIELDS]
    subprocess.run(args, cwd=work, check=True, capture_output=True)
    with open(os.path.join(work, "out", "report.html"), "rb") as f:
        cli_html = f.read()
    check("report.html equals the command line's", zf.read("wres/report.html") == cli_html)
    # config.ini runs next year's reports of both standards, the files beside it
    with open(os.path.join(work, "config.ini"), "wb") as f:
        f.write(zf.read("config.ini"))
    for prog in ("wres", "wdes"):
        p = subprocess.run([os.path.abspath(os.path.join(BIN, prog)), "report", "--config",
                            "config.ini", "--out", prog + "-next"], cwd=work, capture_output=True)
        check(f"config.ini runs {prog}", p.returncode == 0, p.stderr[-300:])
    return z


def summary_matches(zf, summary):
    """summary.json's wres rows are the metrics CSV's Trust rows, value for value."""
    names = zf.namelist()
    path = "wres/metrics.csv" if "wres/metrics.csv" in names else \
        "wres/not-for-publication/metrics.csv"
    text = "".join(line for line in io.StringIO(zf.read(path).decode())
                   if not line.startswith("#"))  # "# NOT FOR PUBLICATION ..."
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["breakdown"] == "Trust"]
    got = summary["wres"]["metrics"]
    if len(rows) != len(got) or not rows:
        return False
    for want, have in zip(rows, got):
        if want["metric"] != have["metric"] or want["group"] != have["group"]:
            return False
        v = have["value"]
        if (want["value"] == "") != (v is None) or (v is not None and
                                                    abs(float(want["value"]) - v) > 1e-12):
            return False
    return summary["wres"]["year"] == 2019 and summary["wres"]["data_quality"]


def test_wdes_staff(s, root):
    """A separate WDES staff file: WDES reads it, WRES the other, each report
    as the command line writes it from the same files, and config.ini puts
    each in its standard's section and runs both again."""
    files = report_files() + [("wdes-staff", WDES_STAFF, fixture(WDES_STAFF))]
    r, z = s.post("/api/report", REPORT_FIELDS, files)
    check("wdes-staff: made", r.status == 200 and z[:2] == b"PK", (r.status, z[:300]))
    if r.status != 200:
        return
    zf = zipfile.ZipFile(io.BytesIO(z))
    work = os.path.join(root, "wdes-staff")
    os.makedirs(work)
    for _, fn in REPORT_FILES + [("", WDES_STAFF)]:
        shutil.copy(os.path.join(FIX, fn), work)
    for prog, staff in (("wres", STAFF), ("wdes", WDES_STAFF)):
        args = [os.path.abspath(os.path.join(BIN, prog)), "report", "--out", prog + "-cli"]
        args += [f"--{k}={fn}" for k, fn in REPORT_FILES if k != "staff" and
                 (prog == "wres" or k not in ("training", "mandatory-courses"))]
        args += [f"--staff={staff}"] + [f"--{k}={v}" for k, v in REPORT_FIELDS]
        subprocess.run(args, cwd=work, check=True, capture_output=True)
        with open(os.path.join(work, prog + "-cli", "report.html"), "rb") as f:
            check(f"wdes-staff: {prog}/report.html from {staff}",
                  zf.read(f"{prog}/report.html") == f.read())
    ini = zf.read("config.ini").decode()
    check("wdes-staff: config.ini", f"\n[wres]\nstaff = {STAFF}\n" in ini and
          f"\n[wdes]\nstaff = {WDES_STAFF}\n" in ini, ini)
    with open(os.path.join(work, "config.ini"), "w") as f:
        f.write(ini)
    for prog in ("wres", "wdes"):
        p = subprocess.run([os.path.abspath(os.path.join(BIN, prog)), "report", "--config",
                            "config.ini", "--out", prog + "-next"], cwd=work, capture_output=True)
        same = p.returncode == 0 and open(os.path.join(work, prog + "-next", "report.html"),
                                          "rb").read() == zf.read(f"{prog}/report.html")
        check(f"wdes-staff: config.ini makes the same {prog} report", same, p.stderr[-300:])


def breakdowns(zf, std):
    """The breakdown column of every row of STD's metrics CSV in the zip."""
    text = zf.read(f"{std}/not-for-publication/metrics.csv").decode()
    text = "".join(line for line in io.StringIO(text) if not line.startswith("#"))
    return {r["breakdown"] for r in csv.DictReader(io.StringIO(text))}


def test_no_by(s):
    """An empty `by` is no breakdown, even when the config names one."""
    with open("fixtures/trust-2019.ini", "rb") as f:
        ini = f.read()
    files = report_files() + [("config", "trust-2019.ini", ini)]
    r, z = s.post("/api/report", [("standard", "wres"), ("by", "")], files)
    zf = zipfile.ZipFile(io.BytesIO(z)) if r.status == 200 else None
    check("no breakdown: made", zf is not None, (r.status, z[:200]))
    if zf:
        check("no breakdown: the whole trust only", breakdowns(zf, "wres") == {"Trust"},
              breakdowns(zf, "wres"))
        check("no breakdown: config.ini has no by", "\nby" not in zf.read("config.ini").decode())
    # the config's breakdown applies when the form says nothing
    r, z = s.post("/api/report", [("standard", "wres")], files)
    check("config's breakdown", r.status == 200 and
          "Org L3" in breakdowns(zipfile.ZipFile(io.BytesIO(z)), "wres"), r.status)


TRUST = "St Elsewhere's <NHS> & Co \\ Ysbyty G\u0175yr \u2013 Leeds"


def test_trust(s, root):
    """The `trust` field reaches the calculator as --trust (the report is
    the command line's with --trust, byte for byte), goes into config.ini
    and comes back from /api/config; a name --trust would refuse is refused
    before anything runs; an empty one drops the uploaded config's."""
    files = report_files()
    fields = REPORT_FIELDS + [("standard", "wres"), ("trust", TRUST)]
    r, z = s.post("/api/report", fields, files)
    zf = zipfile.ZipFile(io.BytesIO(z)) if r.status == 200 else None
    check("trust: made", zf is not None, (r.status, z[:300]))
    if not zf:
        return
    page = zf.read("wres/report.html").decode()
    check("trust: in report.html's title", "<title>St Elsewhere&#39;s &lt;NHS&gt; &amp; Co \\ "
          "Ysbyty G\u0175yr \u2013 Leeds: WRES" in page, page[:400])
    lines = zf.read("wres/not-for-publication/metrics.csv").decode().split("\n")
    check("trust: metrics.csv's trust line", lines[1] == "# trust: " + TRUST, lines[:2])
    ini = zf.read("config.ini").decode()
    check("trust: config.ini", "\ntrust = " + TRUST + "\n" in ini, ini)
    work = os.path.join(root, "trust")
    os.makedirs(work)
    for _, fn in REPORT_FILES:
        shutil.copy(os.path.join(FIX, fn), work)
    args = [os.path.abspath(os.path.join(BIN, "wres")), "report", "--out", "out", "--trust", TRUST]
    args += [f"--{k}={fn}" for k, fn in REPORT_FILES] + [f"--{k}={v}" for k, v in REPORT_FIELDS]
    subprocess.run(args, cwd=work, check=True, capture_output=True)
    with open(os.path.join(work, "out", "report.html"), "rb") as f:
        check("trust: report.html equals the command line's with --trust",
              zf.read("wres/report.html") == f.read())
    with open(os.path.join(work, "config.ini"), "w", encoding="utf-8") as f:
        f.write(ini)
    r, d = s.post("/api/config", [], [("config", "config.ini", ini.encode())])
    check("trust: /api/config gives it back", r.status == 200 and json.loads(d)["trust"] == TRUST,
          d[:300])
    r, d = s.post("/api/config", [], [("config", "y.ini", b"year = 2019\n")])
    check("trust: /api/config without one", r.status == 200 and json.loads(d)["trust"] is None,
          d[:300])
    # refused (400, the command line's usage code and rule), nothing run
    for bad in ('The "Best" Trust', "a\tb", "x" * 201):
        r, d = s.post("/api/report", REPORT_FIELDS + [("trust", bad)], files)
        j = json.loads(d) if d[:1] == b"{" else {}
        check(f"trust: {bad[:16]!r} refused", r.status == 400 and j.get("exit") == 64 and
              j.get("error", "").startswith("trust: expected a name of 1 to 200 characters in "
                                            "UTF-8 without control characters") and
              j.get("file") is None, (r.status, d[:300]))
    # an empty name is none: the uploaded config's trust goes too; without
    # the field the config's applies
    conf = [("config", "old.ini", b"year = 2019\ntrust = Old Name\n")]
    r, z = s.post("/api/report", fields[:-1] + [("trust", "")], files + conf)
    zf = zipfile.ZipFile(io.BytesIO(z)) if r.status == 200 else None
    check("trust: empty drops the config's", zf is not None and
          "Old Name" not in zf.read("wres/report.html").decode() and
          "trust" not in zf.read("config.ini").decode(), (r.status, z[:300]))
    r, z = s.post("/api/report", fields[:-1], files + conf)
    zf = zipfile.ZipFile(io.BytesIO(z)) if r.status == 200 else None
    check("trust: the config's when the form has none", zf is not None and
          "<title>Old Name: WRES" in zf.read("wres/report.html").decode(), (r.status, z[:300]))


class SummarySection(html.parser.HTMLParser):
    """The text of each heading, list item and paragraph of the findings in
    report.html's <section id="summary"> (up to the figures at a glance, a
    table in a <div>), in order, as (kind, text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.cur = None
        self.out = []

    def handle_starttag(self, tag, attrs):
        if self.inside and tag == "div":
            self.inside = False
        elif self.inside and tag in ("h3", "li", "p"):
            self.cur = [tag, ""]
        elif tag == "section" and ("id", "summary") in attrs:
            self.inside = True

    def handle_endtag(self, tag):
        if self.cur and tag == self.cur[0]:
            self.out.append(tuple(self.cur))
            self.cur = None

    def handle_data(self, data):
        if self.cur:
            self.cur[1] += data


def findings_match(zf, summary, std):
    """summary.json's findings are report.html's summary of findings: each
    heading, item and paragraph the same text, in order (the report's notes
    pointing to its appendices left out)."""
    p = SummarySection()
    p.feed(zf.read(f"{std}/report.html").decode())
    kinds = {"h3": "heading", "li": "item", "p": "text"}
    # (sentences pointing to the report's appendices are the report's own)
    texts = [(kinds[t], re.sub(r"\s*[^.]*Appendix [A-Z]\.", "", " ".join(x.split())))
             for t, x in p.out]
    want = [(k, x) for k, x in texts if x]
    got = [(f["kind"], " ".join(f["text"].split())) for f in summary[std].get("findings", [])]
    diff = [(w, g) for w, g in zip(want, got) if w != g] or [(want[len(got):], got[len(want):])]
    # every run has the two verdict headings; wres's has findings listed
    return (want == got and len(got) >= 4 and
            (std != "wres" or any(k == "item" for k, _ in got))), diff[0]


def test_concurrent(s, one):
    out = [None, None]

    def run(i):
        out[i] = s.post("/api/report", REPORT_FIELDS, report_files())[1]
    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("concurrent", all(o and o[:2] == b"PK" for o in out) and
          zip_contents(out[0]) == zip_contents(one) == zip_contents(out[1]))


def test_sigterm(root):
    """SIGTERM while an upload is half sent: the folder goes, the server dies of it."""
    s = Server(root)
    c = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
    body, ctype = multipart([("year", "2019")], [("staff", STAFF, fixture(STAFF))])
    c.putrequest("POST", "/api/report", skip_host=True)
    c.putheader("Host", f"127.0.0.1:{s.port}")
    c.putheader("X-WQ-Token", s.token)
    c.putheader("Content-Type", ctype)
    c.putheader("Content-Length", str(len(body)))
    c.endheaders()
    c.send(body[: len(body) // 2])
    deadline = time.time() + 10
    held = []
    while time.time() < deadline and not held:
        for d in os.listdir(s.tmp):
            if d.startswith("wq-serve-") and not d.startswith("wq-serve-kept-"):
                held = [f for _, _, fs in os.walk(os.path.join(s.tmp, d)) for f in fs]
        time.sleep(0.05)
    check("sigterm: the upload is in its folder", held == [STAFF], held)
    s.proc.send_signal(signal.SIGTERM)
    rc = s.proc.wait(10)
    c.close()
    check("sigterm: died of the signal", rc == -signal.SIGTERM, rc)
    check("sigterm: temporary folder empty", os.listdir(s.tmp) == [], os.listdir(s.tmp))
    s.stop()


def bomb_workbook():
    """An .xlsx whose one sheet expands to 3 MB (a few kB zipped)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    # a comment before the rows: the reader meets the bound before any row
    sheet = f'<worksheet xmlns="{ns}"><!--' + " " * (3 << 20) + \
        '--><sheetData><row><c t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
                   '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
                   'Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return out.getvalue()


def test_unzipped(root, main):
    """--max-unzipped reaches the workbook reader of every run."""
    book = bomb_workbook()
    s = Server(root, "--max-unzipped", "1")
    for path, fields, field in (("/api/columns", [("input", "staff")], "file"),
                                ("/api/report", [("year", "2019")], "staff")):
        r, d = s.post(path, fields, [(field, "big.xlsx", book)])
        e = json.loads(d)
        check(f"max_unzipped {path}", r.status == 422 and e["exit"] == 65 and
              e["file"] == field and "expands to over 1048576 bytes" in e["error"], d[:300])
    s.stop()
    r, d = main.post("/api/columns", [("input", "staff")], [("file", "big.xlsx", book)])
    check("max_unzipped default", r.status == 422 and b"expands" not in d, d[:300])


def test_usage(port_taken):
    """Bad options are usage errors (64); a port in use cannot be opened (73)."""
    w = os.path.join(BIN, "wres")
    for args, rc, text in ((["--port", "99999"], 64, "--port"), (["extra"], 64, "extra"),
                           (["--max-upload", "0"], 64, "--max-upload"),
                           (["--frobnicate"], 64, "--frobnicate"),
                           (["--port", str(port_taken)], 73, "cannot listen")):
        p = subprocess.run([w, "serve", *args], capture_output=True, timeout=30)
        check(f"usage {args}", p.returncode == rc and text in p.stderr.decode() and
              not p.stdout, (p.returncode, p.stderr[-200:]))
    p = subprocess.run([w, "serve", "--help"], capture_output=True, timeout=30)
    check("serve --help", p.returncode == 0 and b"--max-upload MB" in p.stdout)


def test_host_warning(root):
    s = Server(root, "--host", "0.0.0.0")
    time.sleep(0.2)
    log = s.stop()
    check("host_warning", "warning: --host 0.0.0.0" in log, log)
    s = Server(os.path.join(root, "lo"), "--host", "127.0.0.1")
    log = s.stop()
    check("no warning on loopback", "warning" not in log, log)


def stop_all():
    """SIGTERM to any server still running (a test that raised): none is left behind."""
    for p in servers:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()


def under_valgrind(root, ids):
    """The server (not the calculators it starts) under valgrind, through
    the requests that reach its own code: answers, errors, uploads, the zip."""
    vlog = os.path.join(root, "valgrind.log")
    s = Server(os.path.join(root, "vg"), "--max-upload", "4", wrap=(
        "valgrind", "--leak-check=full", "--errors-for-leak-kinds=definite",
        "--show-leak-kinds=definite", "--num-callers=40",
        "--suppressions=" + os.path.abspath("tests/valgrind.supp"), "--log-file=" + vlog))
    test_auth(s)
    test_headers(s)
    test_too_large(s)
    test_bad_file(s, ids)
    test_columns_config(s, ids)
    r, d = s.post("/api/report", REPORT_FIELDS, report_files(),
                  headers={"Accept": "application/json"})
    r, z = s.request("GET", json.loads(d)["download"])
    check("valgrind: a report", r.status == 200 and z[:2] == b"PK", r.status)
    s.stop()
    with open(vlog) as f:
        text = f.read()
    check("valgrind: no error", "ERROR SUMMARY: 0 errors" in text and
          not re.search(r"definitely lost: [1-9]", text), text[-3000:])


def main():
    root = tempfile.mkdtemp(prefix="wq-serve-test.")
    if os.environ.get("WQ_SERVE_VALGRIND"):
        try:
            under_valgrind(root, employee_numbers())
        finally:
            stop_all()
            shutil.rmtree(root, ignore_errors=True)
        print(f"serve-valgrind: {passed} passed, {failed} failed")
        return 1 if failed else 0
    try:
        ids = employee_numbers()
        s = Server(os.path.join(root, "main"), "--max-upload", "4")
        check("the line", s.line.startswith(f"wres: serving on http://127.0.0.1:{s.port}/?token=")
              and len(s.token) == 64, s.line)
        test_auth(s)
        test_host(s)
        test_headers(s)
        test_too_large(s)
        test_bad_file(s, ids)
        test_columns_config(s, ids)
        one = test_report(s, os.path.join(root, "main"), ids)
        test_concurrent(s, one)
        test_no_by(s)
        test_trust(s, os.path.join(root, "main"))
        test_wdes_staff(s, os.path.join(root, "main"))
        test_usage(s.port)
        test_unzipped(os.path.join(root, "unzipped"), s)
        time.sleep(0.3)  # the last request's folder goes when its answer has been sent
        check("tmp_empty", leftovers(s.tmp) == [], leftovers(s.tmp))
        log = s.stop()
        check("log: no employee number", not has_id(log, ids))
        check("log: no token", s.token not in log)
        check("tmp_empty after stop", os.listdir(s.tmp) == [], os.listdir(s.tmp))
        test_sigterm(os.path.join(root, "sigterm"))
        test_host_warning(os.path.join(root, "host"))
    finally:
        stop_all()
        shutil.rmtree(root, ignore_errors=True)
    print(f"serve: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
