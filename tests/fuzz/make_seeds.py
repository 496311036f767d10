#!/usr/bin/env python3
"""make_seeds.py: (re)build the fuzz seed corpora in tests/fuzz/seeds/<target>/.

Run from the top of the repository:  python3 tests/fuzz/make_seeds.py
The seeds are committed (about 250 KB in all); re-run this after adding
fixtures. Sources:
  fuzz_csv    the first 4 KB (cut at a line end) of every CSV in fixtures/,
              tests/cli/data/ and the hostile corpus tests/hostile/data/, each behind an option byte (chunk size, stop),
              plus hand-made edge cases (BOM, CRLF, quotes, Windows-1252, NUL);
  fuzz_vocab  the distinct values of the vocabulary columns of the fixtures
              (ethnic origin, disability, pay band, staff group, category),
              hand-made spellings, and tests/cli/data/vocab-*.csv;
  fuzz_date   hand-made dates in every accepted form and near misses;
  fuzz_ini    tests/cli/data/*.ini, tests/hostile/data/*.ini and
              fixtures/trust-2019.ini.
"""
import csv
import glob
import hashlib
import os
import shutil

OUT = "tests/fuzz/seeds"
LIMIT = 4096


def reset(target):
    d = os.path.join(OUT, target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def put(d, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def head(path):
    with open(path, "rb") as f:
        data = f.read(LIMIT + 1)
    if len(data) > LIMIT:
        data = data[: data.rfind(b"\n", 0, LIMIT) + 1]
    return data


def csv_seeds():
    d = reset("fuzz_csv")
    files = sorted(glob.glob("fixtures/*/*.csv") + glob.glob("tests/cli/data/*.csv") +
                   glob.glob("tests/hostile/data/*.csv") + glob.glob("tests/hostile/data/base/*.csv"))
    # option byte: low nibble chunk size index, 0x10 vary, 0x20 stop at 1 + (b >> 6)
    options = [0x0F, 0x00, 0x1B, 0x0C, 0x2E, 0x0A, 0x6F, 0x17]
    for i, path in enumerate(files):
        name = path.replace("/", "_").replace("fixtures_", "fx_").replace("tests_cli_data_", "cli_").replace(
            "tests_hostile_data_", "hostile_")
        put(d, name, bytes([options[i % len(options)]]) + head(path))
    hand = {
        "bom_crlf": b"\x0f\xef\xbb\xbfa,b\r\n1,2\r\n",
        "bom_split": b"\x00\xef\xbb\xbfa,b\n",
        "bom_partial": b"\x01\xef\xbbx,y\n",
        "quoted_newline": b'\x03a,"b\nc",d\n"e""f",g\n',
        "cp1252": b"\x0fName,Town\nJos\xe9,M\x80laga\n\x81,\x9d\n",
        "nul": b"\x0fa,b\n1,\x002\n",
        "unbalanced": b'\x0fa,b\n1,"2\n3,4\n',
        "quote_in_field": b'\x0fa,b\n1,x"y\n',
        "blank_lines": b"\x05\n\n  \na,b\n\n1,2\n\n",
        "no_final_newline": b"\x02a,b\n1,2",
        "cr_only": b"\x0fa,b\r1,2\r3,4",
        "spaces": b'\x0f  a  ,  " b "  \n',
        "empty_fields": b"\x0f,,,\n,\n",
        "utf8_mixed": "\x0fEthnic Origin\nA White \u2013 British\n\u00a0Band\u00a05\n".encode(),
        "stop_first": b"\x20a\nb\nc\n",
        "tab": b"\x0fa\tb\t c \n1\t\t\n\t\t\n",
        "semicolon": b'\x03a;b\n0,8;"x;y"\n',
        "pipe_after_blank": b"\x01\n \r\na|b,c\n1|2\n",
        "delim_tie": b"\x0fa;b,c\n1;2,3\n",
        "utf16le_tab": b"\x01\xff\xfe" + ("a\tb\r\n\u00e9\t\"x\"\"y\"\r\n\U0001d11e\t2\r\n").encode("utf-16-le"),
        "utf16be": b"\x0f\xfe\xff" + "a,b\n1,2\n".encode("utf-16-be"),
        "utf16_lone_surrogate": b"\x0f\xff\xfea\x00\n\x00\x00\xdc\n\x00",
        "utf16_odd_end": b"\x02\xff\xfea\x00\n\x00b",
    }
    for name, data in hand.items():
        put(d, name, data)


VOCAB_COLUMNS = {"ethnic origin", "ethnicity", "disability flag", "disability", "pay band",
                 "grade", "staff group", "main staff group", "assignment category",
                 "asg type of contract", "occupation code"}


def vocab_seeds():
    d = reset("fuzz_vocab")
    values = set()
    for path in sorted(glob.glob("fixtures/2019/*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                for k, v in row.items():
                    if k and k.strip().lower() in VOCAB_COLUMNS and v:
                        values.add(v)
    hand = [
        "A White - British", "A - White - British", "White -British", "C3 White Unspecified",
        "PC Black Nigerian", "Z Not Stated", "99 Not Known", "QQ Unheard Of", "N/A",
        "Any other White background", "White and Asian", "Other ethnic group",
        "Chinese or other ethnic group - Chinese", "Asian or Asian British - Indian",
        "British Asian", "Mixed - White & Black Caribbean", "Prefer not to say",
        "Yes - I have a disability", "No, I do not", "No response", "Not disabled",
        "Band 8 - Range A", "Band 8 A", "band8a", "Below Band 1", "Apprentice/Band 1",
        "NHS|XR05|Review Body Band 5", "XR08A", "XR08", "Band 10", "8 range c", "AfC Band 6",
        "VSM", "Very Senior Manager", "Non-Executive Director", "Executive Director",
        "Consultant", "Nurse Consultant", "Specialty Doctor", "Specialist", "Specialist Registrar",
        "Foundation Year 1", "FY1", "CT2", "ST3", "Trainee Clinical Psychologist",
        "Clinical Fellow", "Medical Officer", "Add Prof Scientific and Technic",
        "Nursing & Midwifery Registered|Staff Nurse", "010 Medical and Dental",
        "Administrative and Clerical", "Estates and Ancillary", "Bank", "Bank - Nursing",
        "Fixed Term Temp", "Locum", "Honorary",
        "\u00a0Band\u00a05\u2013 range", "A \u2014 White\u2009British", "\ufeffBank",
        "\u2212 Band 8C", "",
    ]
    values.update(hand)
    for v in sorted(values):
        name = "v_" + hashlib.sha1(v.encode()).hexdigest()[:12]
        put(d, name, v)
    # band values with an occupation code after a NUL
    put(d, "band_occupation_medical", b"Clinical Fellow\x00010")
    put(d, "band_occupation_blank", b"\x00901")
    put(d, "band_occupation_other", b"Band 5\x00G2D")
    for path in sorted(glob.glob("tests/cli/data/vocab*.csv")):
        put(d, "file_" + os.path.basename(path), head(path))
    put(d, "file_all_kinds",
        "kind,value,meaning\n"
        "ethnicity,Martian,S\n"
        "Ethnic Origin,\"Q, Unheard\",Asian\n"
        "disability,Maybe,Unknown\n"
        "band,Grade Q,Band 8A\n"
        "pay band,Band 8 - Range X,Other\n"
        "staff group,Porters,non-clinical\n"
        "category,Flexi,bank\n"
        "contract type,Casual,substantive\n")
    put(d, "file_bom_crlf_extra_col",
        "\ufeffMeaning , Notes,KIND,Value\r\nA,n1,ethnicity,Earthling\r\n,n2,band,Q\r\n")
    put(d, "file_bad_kind", "kind,value,meaning\nplanet,Mars,A\n")
    put(d, "file_ragged", "kind,value,meaning\nband,Q\n")
    put(d, "file_missing_column", "kind,value\nband,Q\n")
    put(d, "file_quoted_newline", "kind,value,meaning\nband,\"two\nlines\",Band 3\n")


def date_seeds():
    d = reset("fuzz_date")
    dates = [
        "31/03/2019", "1/4/2018", "2019-03-31", "2019-3-1", "20190331", "31-MAR-2019",
        "31-mar-19", "31-March-2019", "31/03/2019 00:00:00", "2019-03-31T00:00",
        "2019-03-31T00:00:00.000", "  31/03/2019  ", "29/02/2020", "29/02/2019",
        "31/02/2019", "00/01/2019", "01/13/2019", "1899-12-31", "2200-01-01", "1900-01-01",
        "2199-12-31", "2000-02-29", "2100-02-29", "19000101", "99999999", "2019/03/31",
        "31.03.2019", "31-Foo-2019", "31-MAR-", "", "T", "2019-03-31 garbage", "43555",
        "31-MAR-0019", "31-MAR-019",
    ]
    for i, s in enumerate(dates):
        put(d, "d%02d" % i, s)


def ini_seeds():
    d = reset("fuzz_ini")
    for path in sorted(glob.glob("tests/cli/data/*.ini") + glob.glob("tests/hostile/data/*.ini")) + [
            "fixtures/trust-2019.ini"]:
        put(d, path.replace("/", "_").replace("tests_cli_data_", "").replace(
            "tests_hostile_data_", "hostile_").replace("fixtures_", ""), head(path))
    put(d, "every_key",
        "\ufeff; every key once\n"
        "staff = s.csv\nstaff-start = s0.csv\nleavers = l.csv\nrecruitment = r.csv\n"
        "cases = c.csv\ntraining = t.csv\nmandatory courses = m.csv\nsurvey = a.csv\n"
        "board = b.csv\nhistory = h.csv\nvocab = /abs/v.csv\nyear = 2019\nby = Org L3\n"
        "exclude_reason = 'Merged'\ndetail = yes\nskip-bad-rows = no\nci = katz-haldane\n"
        "rate-ci = clopper-pearson\nwindow = 2\nsuppress = 11\n9b = yes\n"
        "9b-text = \"We listened\"\n[common]\nvoices = no\nvoices_text = x\n"
        "[WRES]\nci = katz\n[wdes]\nrate_ci = wilson\n")
    put(d, "bad_section", "[other]\nyear = 2019\n")
    put(d, "bad_value", "year = 19\n")
    put(d, "no_equals", "staff\n")
    put(d, "empty_key", " = x\n")
    put(d, "unclosed_section", "[wres\n")


if __name__ == "__main__":
    csv_seeds()
    vocab_seeds()
    date_seeds()
    ini_seeds()
    total = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(OUT) for f in fs)
    n = sum(len(fs) for _, _, fs in os.walk(OUT))
    print("%d seed files, %d bytes" % (n, total))
