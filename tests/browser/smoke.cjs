// smoke.cjs: can puppeteer-core drive Debian's Chromium, and can axe-core run in it?
// Usage: node smoke.cjs FILE.html   (exit 0 and "browser: ok" when both work)
'use strict';
const { launch } = require('./lib.cjs');
const path = require('path');
(async () => {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto('file://' + path.resolve(process.argv[2]));
    const v = await require('./lib.cjs').axe(page);
    console.log(`browser: ok (${v.length} accessibility violations)`);
  } finally { await browser.close(); }
})().catch(e => { console.error(e); process.exit(1); });
