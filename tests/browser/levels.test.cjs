// levels.test.cjs: the breakdown view in a real browser (issue 12, report-levels):
// a report with --highlight keeps zero WCAG 2.1 AA violations (axe-core), every
// funnel point has a name a pointer or a screen reader finds (an SVG <title>),
// and the key under each funnel lists every point.
// Usage: node levels.test.cjs   (WQ_BIN names the folder with wres; default bin)
'use strict';
const { launch, axe, checker } = require('./lib.cjs');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const check = checker();

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-levels-'));
  const bin = process.env.WQ_BIN || 'bin';
  // as published (whatever the default), and with every figure (--suppress 0:
  // a withheld directorate is not drawn, so the counts below need them all)
  const runs = [['published', []], ['full', ['--suppress', '0']]];
  for (const [name, extra] of runs)
    execFileSync(path.join(bin, 'wres'), ['report', '--config', 'fixtures/trust-2019.ini',
      '--highlight', 'Director of Human Resources', ...extra, '--out', path.join(tmp, name)],
      { stdio: 'ignore' });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    for (const [name] of runs) {
      await page.goto('file://' + path.join(tmp, name, 'report.html'));
      const v = await axe(page);
      check(v.length === 0,
        `${name}: no WCAG 2.1 AA violations (${v.map(x => x.id).join(', ') || 'none'})`);
    }
    // the full report (loaded last): the synthetic trust has 7 directorates and
    // two funnels (leavers, metric 3)
    const r = await page.evaluate(() => {
      const keys = [...document.querySelectorAll('table.key')];
      const titled = [...document.querySelectorAll('figure svg circle > title')];
      return {
        keys: keys.length,
        keyRows: keys.map(k => k.querySelectorAll('tbody tr').length),
        titles: titled.length,
        hr: titled.filter(t => t.textContent.includes('Director of Human Resources')).length,
        highlighted: [...document.querySelectorAll('th strong')]
          .filter(s => s.textContent === 'Director of Human Resources').length,
      };
    });
    check(r.keys === 2, `two funnel keys (${r.keys})`);
    check(r.keyRows.every(n => n === 7), `each key lists the 7 directorates (${r.keyRows})`);
    check(r.titles === 14, `a title on each of the 14 funnel points (${r.titles})`);
    check(r.hr === 2, `Director of Human Resources named on both funnels (${r.hr})`);
    check(r.highlighted >= 1, `the highlighted directorate is marked in the table (${r.highlighted})`);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(check.failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
