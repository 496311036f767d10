// lib.cjs: what every browser test shares: Debian's Chromium, launched headless
// by puppeteer-core in a throw-away profile, and axe-core's WCAG 2.1 AA check.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const CHROMIUM = process.env.WQ_CHROMIUM || '/usr/bin/chromium';

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wq-browser-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage'],
  });
  // The profile goes when the browser has gone (Chromium may still be writing
  // into it for a moment; a leftover in the temporary folder is not a failure).
  const close = browser.close.bind(browser);
  browser.close = async () => {
    await close();
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (e) { /* left in os.tmpdir() */ }
  };
  return browser;
}

// Runs axe-core in the page; returns the WCAG 2.0/2.1 A and AA violations.
async function axe(page) {
  const src = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(src);
  const r = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return r.violations;
}

// A test's check: checker(PREFIX) gives check(cond, what, details), which
// prints "ok: PREFIXwhat" or "FAIL: PREFIXwhat" and, under a failure, each of
// DETAILS (a string or a list; none when empty) indented; it returns COND.
// check.failed counts the failures: the test ends with
// process.exit(check.failed ? 1 : 0).
function checker(prefix) {
  const check = (cond, what, details) => {
    console.log(`${cond ? 'ok' : 'FAIL'}: ${prefix || ''}${what}`);
    if (!cond) {
      check.failed++;
      for (const d of [].concat(details)) if (d != null && d !== '') console.log(`    ${d}`);
    }
    return cond;
  };
  check.failed = 0;
  return check;
}

module.exports = { launch, axe, checker, CHROMIUM };
