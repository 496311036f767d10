// publish.test.cjs: the published page as a reader meets it in a browser.
// The synthetic trust's reports by default (small numbers withheld) and with
// --suppress 0: no WCAG 2.1 AA violation (axe-core) in either; the "not for
// publication" banner only with --suppress 0, visible at the very top; a
// withheld cell's link leads in one click to the paragraph saying why; the
// config's actions beside their metric and in the closing action plan; ESR
// against the survey in the declaration section.
// Run from the top of the repository (run.sh does); WQ_BIN names the programs.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch, axe, checker } = require('./lib.cjs');

const BIN = process.env.WQ_BIN || 'bin';
const check = checker();

function report(tmp, prog, name, extra) {
  const out = path.join(tmp, name);
  execFileSync(path.join(BIN, prog),
    ['report', '--config', 'fixtures/trust-2019.ini', '--out', out, ...extra],
    { stdio: ['ignore', 'ignore', 'ignore'] });
  return 'file://' + path.resolve(out, 'report.html');
}

async function published(page, url, label) {
  await page.goto(url);
  const v = await axe(page);
  check(v.length === 0, `${label}: no WCAG 2.1 AA violations`, v.map(x => x.id).join(', '));
  check(await page.$('.nfp') === null, `${label}: no "not for publication" banner`);
  const link = await page.$('a.wh');
  check(link !== null, `${label}: withheld cells are links`);
  if (!link)
    return;
  const text = await page.evaluate(a => a.textContent, link);
  check(text === 'withheld (fewer than 10)', `${label}: a withheld cell reads "withheld (fewer than 10)"`, text);
  await link.click();
  const why = await page.evaluate(() => {
    const t = document.getElementById(location.hash.slice(1));
    return t ? t.textContent : null;
  });
  check(why !== null && why.includes('withheld (fewer than 10)') && why.includes('counts from 1 to 9'),
    `${label}: one click on it leads to why`, why);
}

async function unsuppressed(page, url, label) {
  await page.goto(url);
  const v = await axe(page);
  check(v.length === 0, `${label}: no WCAG 2.1 AA violations`, v.map(x => x.id).join(', '));
  const banner = await page.evaluate(() => {
    const b = document.querySelector('.nfp');
    if (!b)
      return null;
    const r = b.getBoundingClientRect();
    return { first: document.body.firstElementChild === b, top: r.top, height: r.height,
             text: b.textContent, role: b.getAttribute('role') };
  });
  check(banner !== null, `${label}: the "not for publication" banner is there`);
  if (banner) {
    check(banner.first && banner.top < 5 && banner.height > 10,
      `${label}: the banner is the first thing on the page, visible`, JSON.stringify(banner));
    check(banner.text.startsWith('Not for publication.') && banner.role === 'note',
      `${label}: the banner says so, as a note`, banner.text);
  }
  check(await page.$('a.wh') === null, `${label}: nothing withheld`);
  return banner;
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-browser-publish-'));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await published(page, report(tmp, 'wres', 'wres', []), 'wres default');
    await published(page, report(tmp, 'wdes', 'wdes', []), 'wdes default');
    await unsuppressed(page, report(tmp, 'wdes', 'wdes-0', ['--suppress', '0']), 'wdes --suppress 0');
    // ESR against the survey and the actions, on the unsuppressed WDES page
    const facts = await page.evaluate(() => {
      const sec = id => document.getElementById(id);
      const txt = e => (e ? e.innerText : '');
      return {
        esr: txt(sec('declaration')),
        m4: txt(sec('survey')),
        plan: txt(sec('action-plan')),
      };
    });
    check(facts.esr.includes('ESR may be missing about 816 Disabled staff'),
      'wdes --suppress 0: ESR against the survey in the declaration section');
    check(facts.m4.includes('Publish guidance for managers on reasonable adjustments'),
      'wdes --suppress 0: metric 4b\'s action in the survey section');
    check(facts.plan.includes('Action plan') && facts.plan.includes('Metric 9b') &&
      facts.plan.includes('update their disability status in ESR'),
      'wdes --suppress 0: the action plan has the whole standard\'s and each metric\'s actions');
    // a phone: the banner wraps, nothing overflows because of it
    await page.setViewport({ width: 390, height: 800 });
    const wide = await page.evaluate(() => document.querySelector('.nfp').scrollWidth <=
      document.querySelector('.nfp').clientWidth + 1);
    check(wide, 'wdes --suppress 0: at 390 px the banner fits its width');
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(check.failed ? 1 : 0);
})().catch(e => { console.error(e); process.exit(1); });
