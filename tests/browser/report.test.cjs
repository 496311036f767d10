// report.test.cjs: the board report as its readers see it, in Chromium.
//
// For the WRES and WDES reports of the synthetic trust (fixtures/trust-2019.ini):
//  - screenshots of the first screen at 1280 and 390 px wide, saved under
//    build/browser/ (WQ_SHOTS names another folder; the paths are printed);
//  - at 390 px (a phone) nothing is wider than the screen: the document's
//    scrollWidth is at most the viewport's width (tables scroll in their own
//    container);
//  - printed to PDF (A4, the page's own @page rules): the whole page's count
//    is printed, and the body, that is the page with the appendices
//    (section.appendix: how to read and the inputs, data quality, methods)
//    hidden by a style added for the count, prints in at most 8 pages;
//  - axe-core finds no WCAG 2.1 A or AA violation, at 1280 and at 390 px;
//  - the first section after the title is the summary of findings;
//  - a badge says the direction the standard gives for a known metric.
// Prints ok/FAIL lines; exits 1 if anything failed.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launch, axe, checker } = require('./lib.cjs');

const BIN = process.env.WQ_BIN || 'bin';
const SHOTS = process.env.WQ_SHOTS || path.join('build', 'browser');
const MAX_BODY_PAGES = 8;
const PHONE = 390;

const check = checker();

// What the standards say, not what the program computed: in the synthetic
// trust's figures (tests/reference: BME staff 2.27 times as likely to enter
// the disciplinary process, interval 1.01 to 4.98; 15 points less harassment
// from the public; 19 points fewer believing in equal opportunities), and
// WDES metric 3 at 0.00 with an interval reaching far above 1.
const EXPECT = {
  wres: [
    ['Metric 3', 'formal disciplinary', 'worse for BME staff'],
    ['Metric 5', 'from patients', 'better for BME staff'],
    ['Metric 7', 'equal opportunities', 'worse for BME staff'],
    ['Metric 4', 'non-mandatory training', 'no clear difference'],
  ],
  wdes: [
    ['Metric 3', 'capability', 'no clear difference'],
    ['Metric 5', 'equal opportunities', 'worse for Disabled staff'],
  ],
};

// The number of pages in a PDF: its /Type /Page objects.
function pdfPages(buf) {
  return (Buffer.from(buf).toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) || []).length;
}

async function screenshot(page, prog, width) {
  await page.setViewport({ width, height: width > 600 ? 900 : 844 });
  const file = path.join(SHOTS, `${prog}-report-${width}.png`);
  await page.screenshot({ path: file });
  console.log(`    screenshot ${file}`);
}

async function structure(page, prog) {
  const s = await page.evaluate(() => {
    const main = document.querySelector('main');
    const first = main && main.firstElementChild;
    const h1 = document.querySelector('header h1');
    return {
      h1BeforeMain: !!(h1 && main && (h1.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING)),
      firstTag: first ? first.tagName : '',
      firstId: first ? first.id : '',
      firstHeading: first && first.querySelector('h2') ? first.querySelector('h2').textContent : '',
      glance: Array.from(document.querySelectorAll('table.glance tbody tr')).map((tr) => ({
        label: tr.cells[0] ? tr.cells[0].textContent.trim() : '',
        what: tr.cells[1] ? tr.cells[1].textContent : '',
        badges: Array.from(tr.querySelectorAll('.badge')).map((b) => b.textContent),
      })),
    };
  });
  check(s.h1BeforeMain && s.firstTag === 'SECTION' && s.firstId === 'summary' &&
        /^Summary of findings/.test(s.firstHeading),
        `${prog}: the first section after the title is the summary of findings ` +
        `(${s.firstTag}#${s.firstId} "${s.firstHeading}")`);
  for (const [label, what, words] of EXPECT[prog]) {
    const row = s.glance.find((r) => r.label === label && r.what.includes(what));
    const got = row ? row.badges.join(' | ') : '(no such row)';
    check(row && row.badges.some((b) => b.includes(words)),
          `${prog}: ${label} (${what}) says "${words}" (${got})`);
  }
  // WDES 3 at 0.00 must not look like a problem: no "worse" badge on it
  if (prog === 'wdes') {
    const m3 = s.glance.find((r) => r.label === 'Metric 3');
    check(m3 && !m3.badges.some((b) => /worse/.test(b)), 'wdes: metric 3 at 0.00 is not shown as worse');
  }
}

async function printed(page, prog) {
  await page.emulateMediaType('print');
  const all = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.addStyleTag({ content: 'section.appendix{display:none !important}' });
  const body = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const file = path.join(SHOTS, `${prog}-report.pdf`);
  fs.writeFileSync(file, Buffer.from(all));
  const n = pdfPages(body);
  check(n > 0 && n <= MAX_BODY_PAGES,
        `${prog}: the body prints in ${n} A4 pages (at most ${MAX_BODY_PAGES}); ` +
        `with the appendices ${pdfPages(all)} (${file})`);
  await page.emulateMediaType('screen');
}

async function one(browser, prog, tmp) {
  // The page as published (small numbers withheld, the default) for the
  // screenshots, the layout, the print and axe; with --suppress 0 for the
  // direction badges, since metric 3's small counts are withheld when published.
  const dir = path.join(tmp, prog);
  const full = path.join(tmp, prog + '-full');
  execFileSync(path.join(BIN, prog), ['report', '--config', 'fixtures/trust-2019.ini', '--out', dir],
               { stdio: ['ignore', 'ignore', 'ignore'] });
  execFileSync(path.join(BIN, prog), ['report', '--config', 'fixtures/trust-2019.ini',
                                      '--suppress', '0', '--out', full],
               { stdio: ['ignore', 'ignore', 'ignore'] });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto('file://' + path.resolve(dir, 'report.html'), { waitUntil: 'load' });
  await screenshot(page, prog, 1280);
  let v = await axe(page);
  check(v.length === 0, `${prog}: axe-core WCAG 2.1 AA at 1280 px: ${v.length} violations`,
        v.map((x) => `${x.id}: ${x.help} (${x.nodes.length})`));
  await screenshot(page, prog, PHONE);
  const w = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, view: window.innerWidth,
    wide: Array.from(document.querySelectorAll('main *'))
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 &&
                     !e.closest('.scroll'))
      .slice(0, 5).map((e) => `${e.tagName}.${e.className}`),
  }));
  check(w.scroll <= w.view, `${prog}: at ${PHONE} px nothing overflows sideways ` +
        `(document ${w.scroll} px in ${w.view} px)`, w.wide);
  v = await axe(page);
  check(v.length === 0, `${prog}: axe-core WCAG 2.1 AA at ${PHONE} px: ${v.length} violations`,
        v.map((x) => `${x.id}: ${x.help} (${x.nodes.length})`));
  await page.setViewport({ width: 1280, height: 900 });
  await printed(page, prog);
  await page.goto('file://' + path.resolve(full, 'report.html'), { waitUntil: 'load' });
  await structure(page, prog);
  await page.close();
}

(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-report-test-'));
  const browser = await launch();
  try {
    for (const prog of ['wres', 'wdes']) await one(browser, prog, tmp);
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`report: ${check.failed ? 'FAIL' : 'ok'} (${check.failed} failed)`);
  process.exit(check.failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
