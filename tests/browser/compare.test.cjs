// compare.test.cjs: compare.html (wres compare, issue 15) in a real browser:
// zero WCAG 2.1 AA violations (axe-core) at 1280 and 390 px, nothing wider
// than a 390 px screen (tables scroll in their own region), every chart an
// image with a name, and nothing loaded from anywhere.
// Usage: node compare.test.cjs   (WQ_BIN names the folder with wres; default bin)
'use strict';
const { launch, axe, checker } = require('./lib.cjs');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const check = checker();

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-compare-'));
  const wres = path.join(process.env.WQ_BIN || 'bin', 'wres');
  // the synthetic trust three times under three names (one long), leavers
  // counted with and without the excluded reason so that the figures differ
  const names = ['Northgate', 'Riverside University Hospitals of Somewhere and Elsewhere NHS Foundation Trust',
    'St Elsewhere\'s <Community> & Mental Health'];
  const files = names.map((name, i) => {
    const file = path.join(tmp, `m${i}.csv`);
    const extra = i === 1 ? ['--exclude-reason', 'Voluntary'] : [];
    fs.writeFileSync(file, execFileSync(wres, ['metrics', '--config', 'fixtures/trust-2019.ini',
      '--trust', name, '--format', 'csv', ...extra], { stdio: ['ignore', 'pipe', 'ignore'] }));
    return file;
  });
  execFileSync(wres, ['compare', ...files, '--out', path.join(tmp, 'cmp')], { stdio: 'ignore' });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const outside = [];
    page.on('request', r => { if (!r.url().startsWith('file://')) outside.push(r.url()); });
    for (const width of [1280, 390]) {
      await page.setViewport({ width, height: 900 });
      await page.goto('file://' + path.join(tmp, 'cmp', 'compare.html'));
      const v = await axe(page);
      check(v.length === 0,
        `${width} px: no WCAG 2.1 AA violations (${v.map(x => x.id).join(', ') || 'none'})`);
      const r = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth, view: window.innerWidth,
        charts: document.querySelectorAll('svg').length,
        named: [...document.querySelectorAll('[role="img"]')]
          .filter(e => e.getAttribute('aria-label') && e.querySelector('svg')).length,
        tables: document.querySelectorAll('table').length,
      }));
      check(r.scroll <= r.view, `${width} px: nothing wider than the screen (${r.scroll} <= ${r.view})`);
      check(r.charts > 0 && r.named === r.charts, `${width} px: each of ${r.charts} charts is a named image (${r.named})`);
      check(r.tables > 0, `${width} px: ${r.tables} tables`);
    }
    check(outside.length === 0, `nothing fetched from outside the file (${outside.join(', ') || 'none'})`);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(check.failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
