// serve.test.cjs: the inclusion manager's page (wres serve), as a person uses it
// in Chromium: last year's settings, this year's files (the staff file with its
// ethnicity column renamed, fixed with the drop-down), one button; the figures
// on the page against the command line's metrics CSV; the zip; accessibility
// (axe-core, keyboard only) and a 390 px screen.
// Run by run.sh from the top of the repository; WQ_BIN names the programs.
// WQ_SCREENSHOTS=DIR also writes DIR/serve-1280.png and DIR/serve-390.png
// (the README's pictures: WQ_SCREENSHOTS=docs/img make check-browser).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');
const { launch, axe, checker } = require('./lib.cjs');

const BIN = process.env.WQ_BIN || 'bin';
const FIX = path.resolve('fixtures');
const SHOTS = process.env.WQ_SCREENSHOTS || '';
const RENAMED = 'Ethnicity (ESR)';
// The trust's name typed on the page: an apostrophe, <, & and an en dash
const TRUST = 'St Elsewhere\'s <NHS> & Co \u2013 Leeds';
const ok = checker('serve page: ');

// Starts `wres serve --port 0`; resolves with { child, url } once the first
// stdout line names the address.
function serve(tmp) {
  return new Promise((resolve, reject) => {
    const child = cp.spawn(path.join(BIN, 'wres'), ['serve', '--port', '0'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: Object.assign({}, process.env, { TMPDIR: tmp }) });
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error('wres serve printed no address in 20 s: ' + err)), 20000);
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = /^wres: serving on (http:\/\/\S+)\n/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1] }); }
    });
    child.on('exit', code => { clearTimeout(timer); reject(new Error('wres serve exited ' + code + ': ' + err)); });
  });
}

function stop(child) {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

// The metrics CSV as objects (no quoted commas in the fields compared here:
// a quoted field is kept whole).
function readCsv(file) {
  // a report's metrics.csv opens with a '#' line (not for publication)
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n').filter(l => !l.startsWith('#'));
  const split = l => {
    const out = [];
    let cur = '';
    let q = false;
    for (const ch of l) {
      if (ch === '"') q = !q;
      else if (ch === ',' && !q) { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]);
  return lines.slice(1).map(l => {
    const v = split(l);
    const o = {};
    head.forEach((h, i) => { o[h] = v[i]; });
    return o;
  });
}

function run(cmd, args) {
  const r = cp.spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(cmd + ' ' + args.join(' ') + ' exited ' + r.status + ': ' + r.stderr);
  return r.stdout;
}

// The command line's figures for the same inputs the page sends.
function cliFigures(tmp, staff) {
  const ini = path.join(FIX, 'trust-2019.ini');
  const surveys = ['survey-wres-2019.csv', 'survey-wdes-2019.csv', 'survey-wdes-engagement-2019.csv']
    .flatMap(s => ['--survey', path.join(FIX, '2019', s)]);
  // The page's default publication threshold is 10; WDES reads its own
  // staff file (the settings' [wdes] staff, added on its card).
  const common = ['--suppress', '10', '--column', 'ethnicity=' + RENAMED, ...surveys];
  const out = {};
  for (const s of ['wres', 'wdes']) {
    const dir = path.join(tmp, 'cli-' + s);
    const own = s === 'wres' ? ['--staff', staff] : [];
    run(path.join(BIN, s), ['report', '--config', ini, ...common, ...own, '--out', dir]);
    out[s] = readCsv(path.join(dir, 'not-for-publication', 'metrics.csv'));
  }
  return out;
}

async function tabTo(page, id, max) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement && document.activeElement.id) === id) return true;
  }
  return false;
}

async function upload(page, input, files) {
  const h = await page.$('#file-' + input);
  await h.uploadFile(...files);
  await page.waitForFunction(n => {
    const c = document.getElementById('card-' + n);
    return c.querySelectorAll('.file').length > 0 && !c.querySelector('.file .status');
  }, { timeout: 20000 }, input);
}

async function noOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function startPage(page) {
  const v = await axe(page);
  ok(v.length === 0, 'start page has no WCAG 2.1 AA violations', v.map(x => x.id + ' (' + x.nodes.length + ')').join(', '));
  // The trust's name: a text field with its label and the rule in words.
  const field = await page.$eval('#trust', e => ({
    type: e.type,
    label: e.labels.length ? e.labels[0].textContent.replace(/\s+/g, ' ').trim() : '',
    hint: (e.getAttribute('aria-describedby') || '').split(' ').map(id => document.getElementById(id))
      .filter(x => x).map(x => x.textContent.replace(/\s+/g, ' ')).join(' '),
  }));
  ok(field.type === 'text' && field.label === 'Name of the trust (optional)' &&
    /Double quotation marks \("\) cannot be used/.test(field.hint) && /Tabs and line breaks/.test(field.hint),
  'the trust\'s name is a labelled field, its rule given in words', JSON.stringify(field));
  await page.setViewport({ width: 390, height: 844 });
  ok(await noOverflow(page), 'start page: no horizontal overflow at 390 px');
  await page.setViewport({ width: 1280, height: 900 });
  // Keyboard only: Tab reaches the button, Enter presses it (with no files
  // yet it says what is missing instead of running).
  await page.evaluate(() => { document.activeElement.blur(); window.scrollTo(0, 0); });
  ok(await tabTo(page, 'run', 80), 'the main button is reached with Tab');
  await page.keyboard.press('Enter');
  const said = await page.$eval('#run-error', e => (e.hidden ? '' : e.textContent));
  ok(/staff in post/.test(said), 'Enter on the main button runs its check', said);
}

// Opens INI on the page; resolves when the page has read it.
async function openSettings(page, ini) {
  await page.$eval('#config-result', e => { e.textContent = ''; });
  await (await page.$('#file-config')).uploadFile(ini);
  await page.waitForSelector('#config-result .good, #config-result .problem', { timeout: 20000 });
}

// A threshold of 0 in the settings is taken (with the warning); settings
// without one give the reports' default, 10, whatever was there before.
async function threshold(page, tmp) {
  const off = path.join(tmp, 'off.ini');
  fs.writeFileSync(off, 'year = 2018\nsuppress = 0\ntrust = Last Year\'s \u0174 Trust\n');
  await openSettings(page, off);
  const a = await page.evaluate(() => [document.getElementById('suppress').value, !document.getElementById('suppress-warn').hidden]);
  ok(a[0] === '0' && a[1], 'settings with suppress = 0 set 0 and show the warning', JSON.stringify(a));
  const named = await page.$eval('#trust', e => e.value);
  ok(named === 'Last Year\'s \u0174 Trust', 'the settings fill in the trust\'s name', named);
  await openSettings(page, path.join(FIX, 'trust-2019.ini'));
  const b = await page.evaluate(() => [document.getElementById('suppress').value, !document.getElementById('suppress-warn').hidden]);
  ok(b[0] === '10' && !b[1], 'settings without a threshold give 10 (publication mode stays on)', JSON.stringify(b));
}

async function fillIn(page, staff, tmp) {
  await threshold(page, tmp);
  ok(await page.$('#config-result .good') !== null, 'last year\'s settings are read',
    await page.$eval('#config-result', e => e.textContent));
  ok(await page.$eval('#year', e => e.value) === '2019', 'the settings fill in the year');
  const f = n => path.join(FIX, '2019', n);
  await upload(page, 'staff', [staff]);
  // The settings name WDES's own staff file: its card says so, and takes it.
  const note = await page.$eval('#x-wdes-staff', e => (e.hidden ? '' : e.textContent));
  ok(/staff-in-post-wdes-2019\.csv \(WDES\)/.test(note) && !/wdes/.test(await page.$eval('#x-staff', e => e.textContent)),
    'the settings\' WDES staff file is expected on its own card', note);
  await upload(page, 'wdes-staff', [f('staff-in-post-wdes-2019.csv')]);
  ok(await page.$eval('#card-wdes-staff', c => !!c.querySelector('dd.good')), 'the WDES staff file is read as a staff file');
  await upload(page, 'leavers', [f('leavers-2018-19.csv')]);
  await upload(page, 'recruitment', [f('recruitment-2018-19.csv')]);
  await upload(page, 'cases', [f('cases-2017-2019.csv')]);
  await upload(page, 'training', [f('training-2018-19.csv')]);
  await upload(page, 'mandatory-courses', [f('mandatory-courses.csv')]);
  // A list is read whole when it is added: its titles counted (the rows
  // after the header), or its problem shown.
  const titles = fs.readFileSync(f('mandatory-courses.csv'), 'utf8').trim().split('\n').length - 1;
  const held = await page.$eval('#files-mandatory-courses', e => e.textContent);
  ok(held.includes(titles + ' course titles'), 'the mandatory courses are read when added', held);
  const badVocab = path.join(tmp, 'spellings.csv');
  fs.writeFileSync(badVocab, 'kind,value,meaning\nethnicity,Martian,S\nplanet,Mars,A\n');
  await upload(page, 'vocab', [badVocab]);
  const said = await page.$eval('#files-vocab', e => e.textContent);
  ok(/line 3/.test(said), 'a bad spellings file is reported when added, with its line', said);
  await page.click('#files-vocab button.link');
  await upload(page, 'survey', [f('survey-wres-2019.csv'), f('survey-wdes-2019.csv'), f('survey-wdes-engagement-2019.csv')]);
  await upload(page, 'board', [f('board-2019.csv')]);
  ok(await page.$$eval('#files-survey .file', l => l.length) === 3, 'three survey files are listed');
}

async function fixColumn(page) {
  const sel = '#card-staff select[data-field="ethnicity"]';
  const before = await page.$eval('#card-staff', c => ({
    red: !!c.querySelector('tr.missing select[data-field="ethnicity"]'),
    bad: c.querySelector('dd.bad') ? c.querySelector('dd.bad').textContent : '',
  }));
  ok(before.red && /ethnicity/.test(before.bad), 'the renamed ethnicity column is shown missing, in red', JSON.stringify(before));
  // Run regardless: the command line's message shows on the staff card.
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run-error').hidden || !document.getElementById('results').hidden,
    { timeout: 180000 });
  const said = await page.$eval('#err-staff', e => (e.hidden ? '' : e.textContent));
  ok(/ethnicity/i.test(said) && await page.$eval('#results', e => e.hidden),
    'run with the column missing, the message is on the staff card', said);
  await page.select(sel, RENAMED);
  await page.waitForFunction(() => {
    const c = document.getElementById('card-staff');
    return !c.querySelector('.file .status') && c.querySelector('dd.good');
  }, { timeout: 20000 });
  const after = await page.$eval(sel, s => s.value);
  ok(after === RENAMED && await page.$('#card-staff tr.missing') === null, 'the drop-down maps the column', after);
  const by = await page.$$eval('#by-list input:checked', l => l.map(c => c.value));
  ok(by.length === 1 && by[0] === 'Org L3', 'the breakdown comes from the settings and the staff file', by.join(','));
  // "No breakdown" clears the settings' column, and a column clears it.
  const ticks = () => page.$$eval('#by-list input:checked', l => l.map(c => c.id + '=' + c.value).join(','));
  await page.click('#by-none');
  const none = await ticks();
  const org = await page.$eval('#by-list', b => [...b.querySelectorAll('input')].find(c => c.value === 'Org L3').id);
  await page.click('#' + org);
  const back = await ticks();
  ok(none === 'by-none=' && back === org + '=Org L3', 'the breakdown can be switched off and on again', none + ' / ' + back);
}

// A name with a double quote is refused on the page, in words, the field
// marked; then the name the reports get is typed.
async function trustName(page) {
  const type = async text => {
    await page.click('#trust', { clickCount: 3 });
    await page.keyboard.press('Backspace');
    await page.type('#trust', text);
  };
  await type('The "Best" Trust');
  await page.click('#run');
  const said = await page.$eval('#run-error', e => (e.hidden ? '' : e.textContent));
  const marked = await page.$eval('#trust', e => e.getAttribute('aria-invalid'));
  ok(/cannot contain double quotation marks/.test(said) && marked === 'true' && await page.$eval('#results', e => e.hidden),
    'a trust\'s name with a double quote is refused on the page, saying why', said + ' / aria-invalid=' + marked);
  const v = await axe(page);
  ok(v.length === 0, 'the page with the name refused has no WCAG 2.1 AA violations', v.map(x => x.id).join(', '));
  await type(TRUST);
  ok(await page.$eval('#trust', e => !e.hasAttribute('aria-invalid')), 'the corrected name is no longer marked');
}

async function makeReports(page) {
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('results').hidden || !document.getElementById('run-error').hidden,
    { timeout: 180000 });
  const err = await page.$eval('#run-error', e => (e.hidden ? '' : e.textContent));
  return ok(err === '', 'the reports are made', err);
}

// The command line's figure as the page words it: a rate in per cent, a
// relative likelihood (the rows with a range flag) to 2 decimals, a difference
// in percentage points (points of the score for engagement) to 1 decimal
// with its sign; empty (withheld or not computed) as "not shown".
function expected(row) {
  if (!row) return 'no such row';
  if (row.value === '') return 'not shown';
  const v = Number(row.value);
  const signed = x => (x > 0 ? '+' : x < 0 ? '\u2212' : '') + Math.abs(x).toFixed(1);
  if (row.metric === '9b') return v ? 'yes' : 'no';
  if (!row.reference) return row.measure === 'engagement' ? v.toFixed(1) : (100 * v).toFixed(1) + '%';
  if (['adverse', 'non-adverse', 'below-range', 'not-calculable'].includes(row.flag.split('+')[0])) return v.toFixed(2);
  return signed(row.measure === 'engagement' ? v : 100 * v);
}

// Every figure on the page, each group's and each comparison, is the command
// line's (trust-wide row of the same metric, measure, group and reference).
async function compareFigures(page, cli) {
  for (const s of ['wres', 'wdes']) {
    const shown = await page.$$eval('#result-' + s + ' table.figs tbody tr', l => l.flatMap(r => {
      const m = r.dataset.metric;
      const ms = r.dataset.measure;
      return [...r.querySelectorAll('li[data-group]')].map(g => ({ metric: m, measure: ms, group: g.dataset.group, reference: '', text: g.querySelector('.gv').textContent }))
        .concat([...r.querySelectorAll('.cv')].map(c => ({ metric: m, measure: ms, group: c.dataset.group, reference: c.dataset.reference, text: c.textContent })));
    }));
    const wrong = [];
    let numbers = 0;
    for (const f of shown) {
      const row = cli[s].find(c => c.breakdown === 'Trust' && c.metric === f.metric && c.measure === f.measure && c.group === f.group &&
        c.reference === f.reference && c.workforce === '' && c.band === '');
      const want = expected(row);
      if (want !== f.text) wrong.push(`${f.metric}/${f.measure}/${f.group}/${f.reference}: page ${f.text}, command line ${want}`);
      else if (want !== 'not shown') numbers++;
    }
    ok(numbers >= 10 && wrong.length === 0, `${s}: the ${shown.length} figures on the page (${numbers} numbers) are the command line's`,
      numbers < 10 ? 'only ' + numbers + ' numbers shown' : wrong.slice(0, 5).join('; '));
  }
  const dq = await page.$eval('#results', e => e.textContent);
  ok(/rows read/.test(dq), 'the data-quality account is on the page');
}

// The findings of a report page (#summary up to the figures at a glance) or of
// the results on the page of serve, as "kind: text" lines; the report's
// pointers to its appendices left out.
function findingsOf(page, sel) {
  return page.$eval(sel, box => {
    const out = [];
    const kinds = { H3: 'heading', H5: 'heading', LI: 'item', P: 'text' };
    for (const e of box.querySelectorAll('h3, h5, li, p, div')) {
      if (e.tagName === 'DIV') break;
      const t = e.textContent.replace(/\s+/g, ' ').trim().replace(/\s*[^.]*Appendix [A-Z]\./g, '');
      if (t) out.push(kinds[e.tagName] + ': ' + t);
    }
    return out;
  });
}

// The page says what the report says: its summary of findings, line for line,
// against report.html from the zip it gave, opened in the browser.
async function sameFindings(browser, page, zip, dir) {
  run('/usr/bin/python3', ['-m', 'zipfile', '-e', zip, path.join(dir, 'x')]);
  const ini = fs.readFileSync(path.join(dir, 'x', 'config.ini'), 'utf8');
  ok(ini.includes('\ntrust = ' + TRUST + '\n'), 'config.ini keeps the trust\'s name for next year', ini.slice(0, 400));
  for (const s of ['wres', 'wdes']) {
    const rp = await browser.newPage();
    await rp.goto('file://' + path.join(dir, 'x', s, 'report.html'), { waitUntil: 'load' });
    const want = await findingsOf(rp, '#summary');
    const title = await rp.title();
    ok(title.startsWith(TRUST + ': ' + s.toUpperCase()), s + ': the trust\'s name leads report.html\'s title', title);
    // The same colours, as the browser computes them: the banner, the
    // headings and the red of "worse" (the report's badge, the page's errors).
    const colours = (pg, red) => pg.evaluate(r => [['.banner', 'backgroundColor'], ['h2', 'color'], [r, 'color']]
      .map(([q, k]) => getComputedStyle(document.querySelector(q))[k]), red);
    if (s === 'wres') {
      const rc = await rp.evaluate(() => [getComputedStyle(document.querySelector('.banner')).backgroundColor,
        getComputedStyle(document.querySelector('h2')).color,
        getComputedStyle(document.querySelector('.b-worse')).backgroundColor]);
      const pc = await colours(page, '#no-token');
      ok(JSON.stringify(rc) === JSON.stringify(pc) && new Set(rc).size === 3,
        'the page has the report\'s colours (banner, headings, red)', JSON.stringify(rc) + ' / ' + JSON.stringify(pc));
    }
    await rp.close();
    const got = await findingsOf(page, '#findings-' + s);
    ok(want.length >= 4 && JSON.stringify(got) === JSON.stringify(want),
      s + ': the page shows the report\'s summary of findings (' + want.length + ' lines)',
      want.find((w, i) => w !== got[i]) + ' / ' + got.find((g, i) => g !== want[i]));
  }
}

async function download(browser, page, tmp) {
  const dir = path.join(tmp, 'dl');
  fs.mkdirSync(dir);
  const cdp = await page.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  await page.click('#download');
  let zip = null;
  for (let i = 0; i < 300 && !zip; i++) {
    await new Promise(r => setTimeout(r, 100));
    const f = fs.readdirSync(dir).filter(n => n.endsWith('.zip'));
    if (f.length) zip = path.join(dir, f[0]);
  }
  if (!ok(zip !== null, 'the zip is downloaded')) return;
  ok(await page.$eval('#download', a => a.hidden) && await page.$eval('#downloaded', e => !e.hidden),
    'the link, good once, gives way to "Downloaded"');
  const names = run('/usr/bin/python3', ['-m', 'zipfile', '-l', zip]);
  ok(/wres\/report\.html/.test(names) && /wdes\/report\.html/.test(names) && /config\.ini/.test(names),
    'the zip holds report.html for both standards and config.ini', names.slice(0, 300));
  await sameFindings(browser, page, zip, dir);
}

// A leavers file with a bad date on line 6: the command line's message, with
// the line and the column, shows on the leavers card.
async function badFile(page, tmp) {
  const bad = path.join(tmp, 'leavers-2018-19.csv');
  const lines = fs.readFileSync(path.join(FIX, '2019', 'leavers-2018-19.csv'), 'utf8').split('\n');
  lines[5] = lines[5].replace(/\d\d\/\d\d\/20\d\d/, '31/02/2O18');
  fs.writeFileSync(bad, lines.join('\n'));
  await upload(page, 'leavers', [bad]);
  await page.click('#run');
  await page.waitForFunction(() => !document.getElementById('run-error').hidden || !document.getElementById('results').hidden,
    { timeout: 180000 });
  const said = await page.$eval('#err-leavers', e => (e.hidden ? '' : e.textContent));
  ok(/line 6/.test(said) && /Termination Date/.test(said) && /not a date/.test(said),
    'a bad date is reported on the leavers card with its line and column', said);
  const v = await axe(page);
  ok(v.length === 0, 'the page with an error has no WCAG 2.1 AA violations', v.map(x => x.id).join(', '));
}

async function shot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name) });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-serve-test-'));
  const staff = path.join(tmp, 'staff-in-post-2019-03-31.csv');
  const text = fs.readFileSync(path.join(FIX, '2019', 'staff-in-post-2019-03-31.csv'), 'utf8');
  fs.writeFileSync(staff, text.replace(/^([^\n]*)Ethnic Origin/, '$1' + RENAMED));
  const servetmp = path.join(tmp, 'server');
  fs.mkdirSync(servetmp);
  const cli = cliFigures(tmp, staff);
  const { child, url } = await serve(servetmp);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const problems = [];
    // A 404 from /api/progress before the job has started is expected; a
    // refused resource (the Content-Security-Policy) or a script error is not.
    page.on('console', m => { if (m.type() === 'error' && /Refused|Security Policy/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', e => problems.push(String(e)));
    await page.goto(url, { waitUntil: 'load' });
    ok(!/token=/.test(page.url()), 'the token leaves the address bar', page.url());
    await startPage(page);
    await fillIn(page, staff, tmp);
    await fixColumn(page);
    await trustName(page);
    if (await makeReports(page)) {
      await compareFigures(page, cli);
      const v = await axe(page);
      ok(v.length === 0, 'results page has no WCAG 2.1 AA violations', v.map(x => x.id + ' (' + x.nodes.length + ')').join(', '));
      await page.evaluate(() => document.getElementById('h-run').scrollIntoView());
      await shot(page, 'serve-1280.png');
      // (isMobile would reload the page and lose the run.)
      await page.setViewport({ width: 390, height: 844 });
      ok(await noOverflow(page), 'results page: no horizontal overflow at 390 px');
      await page.evaluate(() => document.getElementById('results').scrollIntoView());
      await shot(page, 'serve-390.png');
      await page.setViewport({ width: 1280, height: 900 });
      await download(browser, page, tmp);
      await badFile(page, tmp);
    }
    ok(problems.length === 0, 'no script error and nothing refused by the Content-Security-Policy', problems.join('; '));
  } finally {
    await browser.close();
    await stop(child);
    const left = fs.readdirSync(servetmp);
    ok(left.length === 0, 'the server left nothing in its temporary folder', left.join(', '));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(() => process.exit(ok.failed ? 1 : 0), e => {
  console.log('FAIL: serve page: ' + (e && e.stack || e));
  process.exit(1);
});
