// peer_duckdb.cjs: the benchmark's computation in DuckDB (npm @duckdb/node-api).
//
//   node tools/bench/peer_duckdb.cjs DIR STAFF.csv LEAVERS.csv YEAR [THREADS]
//
// DIR holds node_modules/@duckdb/node-api (make bench-peers installs it into
// build/bench). Prints the same CSV as peer_pandas.py: headcount and
// leavers by Org L3 x WRES group, each person once (primary assignment, else
// the highest Contracted Wte, else the first row in the file; bank rows left
// out first), leavers with a Termination Date in the reporting year, and the
// BME vs White relative likelihood of leaving. THREADS: DuckDB's threads
// (default 1).
//
// The simplest query that does the job: one GROUP BY per file picks each
// person's row with arg_max (no window function), a second counts the
// winners by Org L3 and ethnic-origin value, and only then are the few
// distinct values mapped to groups (the SQL macro eth_group: ESR codes by the
// rules of docs/inputs.md section 4, as peer_pandas.py) and the few distinct
// Assignment Category values tested for bank, so that no regular expression
// runs on every row.
'use strict';
const path = require('path');
const { createRequire } = require('module');

const [dir, staffPath, leaversPath, yearArg, threadsArg] = process.argv.slice(2);
if (!yearArg) {
  process.stderr.write('usage: peer_duckdb.cjs DIR STAFF.csv LEAVERS.csv YEAR [THREADS]\n');
  process.exit(64);
}
const { DuckDBInstance } = createRequire(path.resolve(dir, 'package.json'))('@duckdb/node-api');
const year = parseInt(yearArg, 10);
const threads = threadsArg ? parseInt(threadsArg, 10) : 1;
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";

// Every column read as text, as the toolkit does; file order kept (rowid).
const readCsv = (p) =>
  `read_csv(${lit(p)}, header = true, all_varchar = true, delim = ',', quote = '"', ` +
  `escape = '"', strict_mode = true)`;

const setup = `
CREATE MACRO norm(s) AS trim(regexp_replace(lower(coalesce(s, '')), '[^a-z0-9]+', ' ', 'g'));
CREATE MACRO code_group(c) AS CASE
  WHEN c IN ('a', 'b', 'c', 'c2', 'c3') OR regexp_full_match(c, 'c[a-y]') THEN 'White'
  WHEN regexp_full_match(c, '[defg]|g[a-f]|[hjkl]|l[a-k]|[mnp]|p[a-e]|r[a-z]?|s[a-e]?') THEN 'BME'
  WHEN c IN ('x', 'z', '99') THEN 'Unknown'
  ELSE NULL END;
CREATE MACRO eth_group(v) AS CASE
  WHEN norm(v) = '' OR norm(v) IN ('n a', 'na', 'null', 'blank')
    OR regexp_matches(norm(v), '^(not stated|not known|not given|not set|not collected|not declared|not disclosed|not recorded|not specified|not provided|unspecified|unknown|prefer not|declined|do not wish|undisclosed|withheld)')
    THEN 'Unknown'
  ELSE coalesce(
    CASE WHEN length(split_part(norm(v), ' ', 1)) <= 2 THEN code_group(split_part(norm(v), ' ', 1)) END,
    CASE WHEN split_part(norm(v), ' ', 1) IN ('white', 'irish', 'english', 'scottish', 'welsh', 'polish')
           THEN 'White'
         WHEN split_part(norm(v), ' ', 1) IN ('mixed', 'asian', 'indian', 'pakistani', 'bangladeshi',
           'black', 'african', 'caribbean', 'chinese', 'other', 'any', 'arab', 'filipino') THEN 'BME'
         ELSE 'Unknown' END)
  END;
CREATE MACRO is_bank(v) AS regexp_matches(lower(trim(coalesce(v, ''))), '^bank([^a-z0-9]|$)');
CREATE MACRO is_yes(v) AS lower(trim(coalesce(v, ''))) IN ('yes', 'y', 'true', '1', 'primary');
`;

// One row per person of the non-bank rows of T: the winning assignment
// (primary, then the highest Contracted Wte, then the first in the file),
// then the winners counted by level and raw ethnic-origin value.
const winners = (t, where) => `
  SELECT w.level AS level, w.eth AS eth, count(*) AS n FROM (
    SELECT arg_max({'level': trim("Org L3"), 'eth': "Ethnic Origin"},
                   {'p': is_yes("Primary Assignment"),
                    'f': coalesce(TRY_CAST(nullif(trim("Contracted Wte"), '') AS DOUBLE), 0),
                    'r': -rowid}) AS w
    FROM ${t}
    WHERE coalesce("Assignment Category", '') NOT IN (SELECT c FROM bank) ${where}
    GROUP BY trim("Employee Number"))
  GROUP BY ALL`;

const counts = (src) => `
  SELECT level, sum(n) FILTER (grp = 'White') AS w, sum(n) FILTER (grp = 'BME') AS b,
         sum(n) FILTER (grp = 'Unknown') AS u
  FROM (SELECT level, eth_group(eth) AS grp, n FROM (${src})) GROUP BY level`;

async function main() {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const con = await db.connect();
  await con.run(setup);
  await con.run(`CREATE TABLE staff AS SELECT * FROM ${readCsv(staffPath)}`);
  await con.run(`CREATE TABLE leavers AS SELECT * FROM ${readCsv(leaversPath)}`);
  await con.run(`CREATE TABLE bank AS SELECT c FROM (
    SELECT DISTINCT "Assignment Category" AS c FROM staff
    UNION SELECT DISTINCT "Assignment Category" FROM leavers) WHERE is_bank(c)`);
  const first = `DATE '${year - 1}-04-01'`, last = `DATE '${year}-03-31'`;
  const inYear = `AND try_strptime(trim("Termination Date"), '%d/%m/%Y')::DATE BETWEEN ${first} AND ${last}`;
  const sql = `
    WITH h AS (${counts(winners('staff', ''))}), l AS (${counts(winners('leavers', inYear))})
    SELECT coalesce(h.level, l.level) AS level,
           coalesce(h.w, 0) AS hw, coalesce(h.b, 0) AS hb, coalesce(h.u, 0) AS hu,
           coalesce(l.w, 0) AS lw, coalesce(l.b, 0) AS lb, coalesce(l.u, 0) AS lu
    FROM h FULL OUTER JOIN l ON h.level = l.level ORDER BY 1`;
  const rows = (await con.runAndReadAll(sql)).getRows();
  const out = ['breakdown,level,head_white,head_bme,head_unknown,leavers_white,leavers_bme,leavers_unknown,ratio'];
  const ratio = (a, n1, b, n2) => {
    if (n1 <= 0 || n2 <= 0 || (a === 0 && b === 0)) return '';
    if (b === 0) return 'inf';
    return String((a * n2) / (n1 * b));
  };
  const line = (bd, level, c) => {
    const [hw, hb, hu, lw, lb, lu] = c;
    out.push([bd, '"' + level.replace(/"/g, '""') + '"', hw, hb, hu, lw, lb, lu,
      ratio(lb, hb, lw, hw)].join(','));
  };
  const num = rows.map((r) => [r[0], r.slice(1).map(Number)]);
  const total = [0, 0, 0, 0, 0, 0];
  for (const [, c] of num) c.forEach((x, i) => { total[i] += x; });
  line('Trust', 'All', total);
  for (const [level, c] of num) line('Org L3', level, c);
  process.stdout.write(out.join('\n') + '\n');
  con.closeSync();
}

main().catch((e) => {
  process.stderr.write(`peer_duckdb: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
