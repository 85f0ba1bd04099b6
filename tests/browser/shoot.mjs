// Screenshots for a person to look at (not a test): signs in as LOGIN on a running server and
// saves full-page PNGs of each PATH to target/browser/shots/.
//
//   node tests/browser/shoot.mjs http://127.0.0.1:8080 perencana.metro /kantor/kpu-kota-metro/rencana …
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [base, login, ...paths] = process.argv.slice(2);
const out = join(resolve(import.meta.dirname, '..', '..'), 'target', 'browser', 'shots');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.KINERJA_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(`${base}/masuk`);
await page.fill('#login', login);
await page.fill('#password', process.env.KINERJA_PASSWORD || 'kinerja-demo');
await Promise.all([page.waitForNavigation(), page.click('form[action="/masuk"] button[type=submit]')]);
for (const [n, p] of paths.entries()) {
  await page.goto(`${base}${p}`);
  const file = join(out, `${String(n + 1).padStart(2, '0')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
