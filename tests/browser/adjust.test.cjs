// adjust.test.cjs: the report of a run with --adjust "Pay Band" and a crossed
// breakdown, in Chromium: the adjusted sentences are on the page, visible, in
// their metric's section (metric 2, whose file has no pay band, says so); the crossed levels read "Director ... / Disabled";
// and axe-core finds no more WCAG 2.1 A/AA violations than on the same report
// without them.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch, axe, checker } = require('./lib.cjs');

const bin = process.env.WQ_BIN || 'bin';
const check = checker('adjust: ');

function report(dir, extra) {
  execFileSync(path.join(bin, 'wres'),
    // --suppress 0: the sentences themselves (the published page withholds
    // metric 3's small counts, adjusted or not; publish.test.cjs checks that)
    ['report', '--config', 'fixtures/trust-2019.ini', '--suppress', '0', '--out', dir, ...extra],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  return 'file://' + path.resolve(dir, 'report.html');
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-adjust-'));
  const browser = await launch();
  try {
    const plain = report(path.join(tmp, 'plain'), []);
    const adjusted = report(path.join(tmp, 'adjusted'),
      ['--adjust', 'Pay Band', '--by', 'Org L3*Disability Flag']);
    const page = await browser.newPage();
    await page.goto(plain);
    const before = (await axe(page)).length;
    await page.goto(adjusted);
    const found = await page.$$eval('p.reading.adjusted', ps => ps.map(p => ({
      text: p.textContent,
      section: p.closest('section') ? p.closest('section').id : '',
      visible: p.offsetParent !== null && p.getBoundingClientRect().height > 0,
    })));
    check(found.every(p => p.visible), 'every adjusted sentence is visible');
    const allowing = found.filter(p => p.text.startsWith('Allowing for Pay Band, '));
    const sections = allowing.map(p => p.section).sort().join(',');
    check(sections === 'leavers,metric-3,metric-4', `"Allowing for Pay Band, " in leavers, metric 3 and metric 4 (${sections})`);
    // the recruitment file has no Pay Band column: metric 2 says so
    const m2 = found.filter(p => p.section === 'metric-2').map(p => p.text).join(' ');
    check(m2 === 'This relative likelihood is not adjusted: the recruitment file lacks a column of Pay Band.',
      `metric 2 says it is not adjusted (${m2})`);
    const body = await page.evaluate(() => document.body.textContent);
    check(/Director of Operations \/ Disabled/.test(body), 'a crossed level "Director of Operations / Disabled"');
    const after = (await axe(page)).length;
    check(after <= before, `no new accessibility violations (${before} without, ${after} with)`);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(check.failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
