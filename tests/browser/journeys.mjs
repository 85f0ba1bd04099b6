// Kinerja's main journeys in a real browser: Playwright (playwright-core) driving Debian's
// Chromium, against `kinerja serve --demo` on a fresh SQLite database.
//
//   KINERJA_BIN=target/debug/kinerja node tests/browser/journeys.mjs
//
// Screenshots of every page visited go to target/browser/ (kept by CI as artefacts). Exits
// non-zero on the first failed step, naming it.

import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const bin = process.env.KINERJA_BIN || join(root, 'target', 'debug', 'kinerja');
const browserPath = process.env.KINERJA_CHROMIUM || '/usr/bin/chromium';
const shots = join(root, 'target', 'browser');
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'kinerja-browser-'));
const PASSWORD = 'kinerja-demo';

function fail(step, why) {
  console.error(`FAILED: ${step}: ${why}`);
  process.exitCode = 1;
  throw new Error(`${step}: ${why}`);
}

// Script and console errors seen by any page; every check fails while one is outstanding.
const pageErrors = [];

function check(step, condition, why) {
  if (pageErrors.length) fail(step, `the page reported: ${pageErrors.join('; ')}`);
  if (!condition) fail(step, why);
  console.log(`ok - ${step}`);
}

// An authenticator app's code (RFC 6238: HMAC-SHA1 of the 30-second step, 6 digits) for a
// base32 key, at `seconds` since 1970.
function totp(key, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const bytes = [];
  for (const c of key.replace(/[\s=]/g, '')) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) { bytes.push((value >>> (bits - 8)) & 255); bits -= 8; }
  }
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const h = createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  const n = (((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1000000;
  return String(n).padStart(6, '0');
}

// The server, on a free port; its first line names the address.
function startServer() {
  return new Promise((resolveStart, reject) => {
    const server = spawn(bin, [
      '--db', `sqlite://${join(work, 'kinerja.db')}`,
      'serve', '--demo', '--listen', '127.0.0.1:0', '--files', join(work, 'berkas'),
    ], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KINERJA_LOG: 'warn' } });
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolveStart({ server, base: `http://127.0.0.1:${m[1]}` });
    });
    server.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${out}`)));
  });
}

const { server, base } = await startServer();
process.on('exit', () => server.kill('SIGTERM'));
const contexts = [];

// Each user gets a browser of their own, with a fresh profile directory.
async function session(login, profile = login) {
  const context = await chromium.launchPersistentContext(join(work, `profile-${profile}`), {
    executablePath: browserPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
    locale: 'id-ID',
  });
  contexts.push(context);
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${login}: ${e.message}`));
  // Pages answer 4xx on purpose (a refused form is 422); a failed asset, script or style is a
  // defect, and so is any other console error (a CSP violation, say).
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`${login}: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'document' && r.status() >= 400) pageErrors.push(`${login}: ${r.status()} for ${r.url()}`);
  });
  await page.goto(`${base}/`);
  await page.fill('#login', login);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/masuk"] button[type=submit]')]);
  return { context, page };
}

// Screenshots are for people to look at, not assertions. A full page taller than Chromium's
// largest capture surface fails with "Unable to capture screenshot" (seen in CI on the RAK grid),
// so a page is captured down to MAX_SHOT pixels, and a capture that still fails is reported as a
// note (after a second try), not as a failed journey.
const MAX_SHOT = 6000;
async function shot(page, name) {
  const path = join(shots, `${name}.png`);
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
  }));
  const clip = { x: 0, y: 0, width: Math.min(width, MAX_SHOT), height: Math.min(height, MAX_SHOT) };
  for (const attempt of [1, 2]) {
    try {
      await page.screenshot({ path, fullPage: true, clip });
      return;
    } catch (e) {
      console.log(`# screenshot ${name} not taken, attempt ${attempt} (${width}×${height}): ${e.message.split('\n')[0]}`);
    }
  }
}

const MONITOR = '/kantor/kpu-kota-metro/pantau?unit=subbag-rendatin&periode=B1&tahun=2024';
// An indicator of Subbag Rendatin's PK counted in reports (target "4 laporan"), by its card.
const card = (page) => page.locator('section.indicator', { hasText: 'Persentase laporan monitoring dan evaluasi' });

try {
  // 1. The operator enters January with an evidence file and submits it.
  const evidence = join(work, 'Laporan Januari 2024.pdf');
  writeFileSync(evidence, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const op = await session('operator.rendatin');
  check('operator lands on the dashboard', (await op.page.textContent('h1')).includes('KPU Kota Metro'), op.page.url());
  await shot(op.page, '01-operator-dashboard');
  await op.page.goto(`${base}${MONITOR}`);
  await shot(op.page, '02-monitoring-empty');
  const first = card(op.page);
  check('the indicator is offered', (await first.count()) === 1, 'card not found');
  await first.locator('input[name=value]').fill('1.5 laporan');
  await Promise.all([op.page.waitForNavigation(), first.locator('form.realisation button[type=submit]').click()]);
  check('a malformed value is refused next to the field',
    (await card(op.page).locator('p.error').textContent()).includes('titik'), 'no error shown');
  check('what was typed is kept', (await card(op.page).locator('input[name=value]').inputValue()) === '1.5 laporan', 'value lost');
  await shot(op.page, '03-monitoring-error');
  await card(op.page).locator('input[name=value]').fill('1 laporan');
  await card(op.page).locator('textarea[name=obstacles]').fill('Data dari subbagian lain terlambat');
  await card(op.page).locator('input[type=file]').setInputFiles(evidence);
  await Promise.all([op.page.waitForNavigation(), card(op.page).locator('form.realisation button[type=submit]').click()]);
  check('the evidence file is listed', (await card(op.page).textContent()).includes('Laporan Januari 2024.pdf'), 'file missing');
  await Promise.all([op.page.waitForNavigation(), card(op.page).locator('button[value=submit]').click()]);
  check('the realisation is submitted', (await card(op.page).locator('.status-submitted').count()) === 1, 'not submitted');
  await shot(op.page, '04-monitoring-submitted');

  // 2. The Sekretaris returns it with a reason; the operator corrects and submits again.
  // The head finds it from the header's "Tugas saya", without being told a URL, at phone size
  // as on a laptop.
  // (The demo opens on its illustrative current year; the operator worked in 2024, chosen in
  // the header's year switch.)
  const head = await session('sekretaris.metro');
  await head.page.selectOption('#year-switch', '2024');
  await Promise.all([head.page.waitForNavigation(), head.page.click('form.year-switch button[type=submit]')]);
  await Promise.all([head.page.waitForNavigation(), head.page.click('header.bar a.tasks-link')]);
  const waiting = head.page.locator('ul[data-group=tasks_to_verify] li', { hasText: 'Subbagian Perencanaan' });
  check('the head has the figure to verify', (await waiting.count()) >= 1, await head.page.textContent('main'));
  await shot(head.page, '04a-head-tasks');
  await head.page.setViewportSize({ width: 390, height: 844 });
  const tasksWidth = await head.page.evaluate(() => document.documentElement.scrollWidth);
  check('the tasks page fits a phone', tasksWidth <= 390, String(tasksWidth));
  await shot(head.page, '04b-head-tasks-phone');
  await head.page.setViewportSize({ width: 1280, height: 900 });
  await Promise.all([head.page.waitForNavigation(), waiting.first().locator('a').click()]);
  check('a task opens its unit and period', head.page.url().includes('unit=subbag-rendatin') && head.page.url().includes('periode=B1'), head.page.url());
  await card(head.page).locator('input[name=reason]').fill('Lampirkan daftar hadir rapat');
  await Promise.all([head.page.waitForNavigation(), card(head.page).locator('button[value=return]').click()]);
  check('the head returned it', (await card(head.page).textContent()).includes('Lampirkan daftar hadir rapat'), 'reason missing');
  await shot(head.page, '05-head-returned');
  // The operator is told: the header counts it, "Pemberitahuan" names the figure, the head and
  // the reason, and its link opens the figure.
  await op.page.goto(`${base}/kantor/kpu-kota-metro`);
  await Promise.all([op.page.waitForNavigation(), op.page.click('header.bar a[href="/notifikasi"]')]);
  const told = op.page.locator('ul.notice-list li.unread', { hasText: 'Lampirkan daftar hadir rapat' });
  check('the operator is told of the return', (await told.count()) === 1 && (await told.textContent()).includes('Dikembalikan: '), await op.page.textContent('main'));
  await shot(op.page, '05a-operator-notified');
  await Promise.all([op.page.waitForNavigation(), told.locator('a').click()]);
  check('the notice opens the figure', op.page.url().includes('unit=subbag-rendatin') && op.page.url().includes('periode=B1'), op.page.url());
  check('the operator sees why', (await card(op.page).textContent()).includes('Lampirkan daftar hadir rapat'), 'reason not shown');
  await card(op.page).locator('input[name=value]').fill('2 laporan');
  await Promise.all([op.page.waitForNavigation(), card(op.page).locator('form.realisation button[type=submit]').click()]);
  await Promise.all([op.page.waitForNavigation(), card(op.page).locator('button[value=submit]').click()]);

  // 3. The Sekretaris verifies; the period locks.
  await head.page.goto(`${base}${MONITOR}`);
  await Promise.all([head.page.waitForNavigation(), card(head.page).locator('button[value=verify]').click()]);
  check('the head verified it', (await card(head.page).locator('.status-verified').count()) === 1, 'not verified');
  await shot(head.page, '06-head-verified');
  await op.page.goto(`${base}${MONITOR}`);
  check('a verified period is locked for the operator', (await card(op.page).locator('input[name=value]').count()) === 0, 'still editable');

  // 4. The dashboard shows the new figure: the trend has its first month, the grid a tick.
  await op.page.goto(`${base}/kantor/kpu-kota-metro?tahun=2024`);
  check('the trend chart appears', (await op.page.locator('svg[aria-label^="Tren capaian"]').count()) === 1, 'no trend');
  const cell = op.page.locator('table.grid tr', { hasText: 'Subbagian Perencanaan' }).locator('td').first();
  check('January of Subbag Rendatin is no longer missing', !(await cell.getAttribute('class')).includes('missing'), await cell.getAttribute('class'));
  await shot(op.page, '07-dashboard-after');

  // 5. The province's oversight user sees the offices below and drills down.
  const province = await session('pengawas.lampung');
  check('oversight sees the office list', (await province.page.textContent('main')).includes('KPU Kota Metro'), province.page.url());
  await shot(province.page, '08-oversight-list');
  await Promise.all([province.page.waitForNavigation(), province.page.click('text=KPU Kota Metro')]);
  check('oversight drills down to the dashboard', province.page.url().includes('/kantor/kpu-kota-metro'), province.page.url());
  check('oversight cannot enter figures', (await province.page.locator('form.realisation').count()) === 0, 'a form is offered');
  await shot(province.page, '09-oversight-office');

  // 6. The planner sees the cascade tree (folded by indicator), the plan checks (filtered to
  // the errors through the tabs and the filter, no URL typed), and opens a unit's RAK grid.
  const planner = await session('perencana.metro');
  await planner.page.goto(`${base}/kantor/kpu-kota-metro/rencana?tahun=2024`);
  check('the cascade tree is drawn', (await planner.page.locator('#pohon ul.tree > li').count()) > 0, 'no tree');
  const folded = planner.page.locator('#pohon ul.tree details').first();
  await folded.locator('summary').click({ position: { x: 2, y: 8 } });
  check('a branch unfolds', await folded.evaluate((d) => d.open), 'still folded');
  await shot(planner.page, '10-planner-plan');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('nav.tabs a[href*="bagian=pemeriksaan"]')]);
  check('the plan checks are listed', (await planner.page.locator('#pemeriksaan tbody tr').count()) > 0, 'no findings');
  await planner.page.selectOption('#tingkat', 'error');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('#pemeriksaan form.filters button[type=submit]')]);
  const kinds = await planner.page.locator('#pemeriksaan tbody tr').evaluateAll((rows) => [...new Set(rows.map((r) => r.className))]);
  check('the filter keeps the errors only', kinds.length === 1 && kinds[0] === 'finding-error', JSON.stringify(kinds));
  await shot(planner.page, '10b-planner-plan-errors');
  await planner.page.goto(`${base}/kantor/kpu-kota-metro/rencana/rak?unit=subbag-rendatin&tahun=2024`);
  check('the RAK grid has a row per action and blank rows', (await planner.page.locator('table.rak tbody tr').count()) > 3, 'no grid');
  await shot(planner.page, '11-planner-rak');

  // 6b. The planner writes the LKj's foreword and downloads the LKj PDF from the documents page.
  await planner.page.goto(`${base}/kantor/kpu-kota-metro/lkj?tahun=2024`);
  check('the LKj page offers drafts from the data, marked', (await planner.page.locator('textarea.draft').count()) > 3 && (await planner.page.locator('input[name=accept_summary]').count()) === 1, 'no drafts');
  await shot(planner.page, '11a-planner-lkj-drafts');
  await planner.page.locator('textarea[name=n_foreword]').fill('Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa.');
  await planner.page.fill('#reason', 'Penyusunan LKj 2024');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('form.narratives button[type=submit]')]);
  check('the foreword is saved', (await planner.page.textContent('p.notice')).includes('Tersimpan'), planner.page.url());
  await planner.page.goto(`${base}/kantor/kpu-kota-metro?tahun=2024`);
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('text=Dokumen resmi')]);
  await shot(planner.page, '11b-planner-documents');
  const lkjRow = planner.page.locator('table.documents tr', { hasText: 'Laporan Kinerja (LKj)' });
  const [download] = await Promise.all([planner.page.waitForEvent('download'), lkjRow.locator('a', { hasText: 'PDF' }).click()]);
  check('the LKj downloads under its name', download.suggestedFilename() === 'lkj-kpu-kota-metro-2024.pdf', download.suggestedFilename());
  const lkjPath = join(work, 'lkj.pdf');
  await download.saveAs(lkjPath);
  check('the download is a PDF', readFileSync(lkjPath).subarray(0, 5).toString() === '%PDF-', 'not a PDF');

  // 6c. The planner imports the office's RAK document (the text of its PDF) as next year's plan:
  // every table is shown with what will be added, then applied.
  await planner.page.goto(`${base}/kantor/kpu-kota-metro/impor`);
  await planner.page.setInputFiles('#berkas', join(root, 'tests', 'fixtures', 'rak-kpu-kota-metro-contoh-2025.txt'));
  await planner.page.fill('#tahun', '2025');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('form.import-upload button[type=submit]')]);
  const summary = await planner.page.textContent('p.notice');
  check('the import preview says what will be added', summary.includes('Akan ditambahkan ke 2 rencana unit') && summary.includes('5 kegiatan'), summary);
  check('the import preview shows every table', (await planner.page.locator('table.import-table').count()) === 2, 'tables missing');
  await shot(planner.page, '11c-planner-import-preview');
  await planner.page.fill('#reason', 'Impor RAK 2025');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('form.import-apply button[type=submit]')]);
  check('the imported plan opens', planner.page.url().includes('tahun=2025'), planner.page.url());
  await shot(planner.page, '11d-planner-imported-plan');
  // The year switch: 2025, chosen by the import, is kept; 2024 is chosen back from the header.
  await planner.page.goto(`${base}/kantor/kpu-kota-metro`);
  check('the year chosen is kept', (await planner.page.locator('#year-switch').inputValue()) === '2025', await planner.page.locator('#year-switch').inputValue());
  await planner.page.selectOption('#year-switch', '2024');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('form.year-switch button[type=submit]')]);
  check('the year switch changes the year', (await planner.page.textContent('h1')).includes('2024'), await planner.page.textContent('h1'));
  // On a phone (390 px): no page-wide horizontal scroll, and signing out stays in reach.
  await planner.page.setViewportSize({ width: 390, height: 844 });
  await planner.page.goto(`${base}/kantor/kpu-kota-metro`);
  const phone = await planner.page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    signOut: [...document.querySelectorAll('header.bar button')].find((b) => b.textContent.includes('Keluar'))?.getBoundingClientRect().right,
  }));
  check('the dashboard fits a phone', phone.width <= 390 && phone.signOut <= 390, JSON.stringify(phone));
  await shot(planner.page, '11e-planner-dashboard-phone');
  await planner.page.setViewportSize({ width: 1280, height: 900 });

  // 7. The reviewer comments on the figure the operator entered.
  const reviewer = await session('reviu.metro');
  await reviewer.page.goto(`${base}${MONITOR}`);
  await card(reviewer.page).locator('form.comment-form input[name=body]').fill('Notula rapat belum ditandatangani.');
  await Promise.all([reviewer.page.waitForNavigation(), card(reviewer.page).locator('form.comment-form button').click()]);
  check('the comment is shown', (await card(reviewer.page).textContent()).includes('Notula rapat belum ditandatangani.'), 'no comment');
  await shot(reviewer.page, '12-reviewer-comment');

  // 8. The admin sees the office's users.
  const admin = await session('admin.metro');
  await admin.page.goto(`${base}/kantor/kpu-kota-metro/pengguna`);
  check('the admin sees the users', (await admin.page.textContent('table')).includes('operator.rendatin'), 'no users');
  await shot(admin.page, '13-admin-users');

  // 8a. The reviewer turns on two-step verification (the QR code drawn on the page, the key
  // typed into an app: the code computed here), gets ten recovery codes, and the next sign-in
  // asks for a code after the password.
  await reviewer.page.goto(`${base}/akun/dua-faktor`);
  check('the enrolment shows a QR code', (await reviewer.page.locator('img.qr').count()) === 1, 'no QR code');
  const key = (await reviewer.page.textContent('code.secret')).replace(/\s/g, '');
  await shot(reviewer.page, '13e-reviewer-two-step');
  const enrolled = Date.now() / 1000;
  await reviewer.page.fill('#code', totp(key, enrolled));
  await Promise.all([reviewer.page.waitForNavigation(), reviewer.page.click('button[value=enrol]')]);
  check('ten recovery codes are shown once', (await reviewer.page.locator('ol.recovery-codes li').count()) === 10, 'no codes');
  await shot(reviewer.page, '13f-reviewer-recovery-codes');
  const again = await session('reviu.metro', 'reviu.metro-again');
  check('the password alone asks for the code', again.page.url().endsWith('/masuk/kode'), again.page.url());
  await again.page.fill('#code', totp(key, enrolled + 30));
  await Promise.all([again.page.waitForNavigation(), again.page.click('form[action="/masuk/kode"] button')]);
  check('the code signs in', !again.page.url().includes('/masuk'), again.page.url());

  // 8b0. The planner freezes the PK of Subbag Rendatin as final: its verification code is on the
  // documents page, and the public verification page names the document.
  await planner.page.goto(`${base}/kantor/kpu-kota-metro/dokumen?tahun=2024`);
  await planner.page.selectOption('#final-doc', 'pk|subbag-rendatin');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('#final button[type=submit]')]);
  const verifyCode = (await planner.page.locator('#final article a code').first().textContent()).trim();
  check('the frozen PK has a verification code', /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/.test(verifyCode), verifyCode);
  await shot(planner.page, '13g-planner-final-documents');
  await again.page.goto(`${base}/verifikasi/${verifyCode}`);
  check('the verification page names the document', (await again.page.textContent('main')).includes('Perjanjian Kinerja'), 'not verified');
  await shot(again.page, '13h-verification');
  // 8b. The SAKIP evaluation of 2024: the planner answers a criterion with the facts beside it
  // and names the year's PK as evidence; the province's evaluator gives the final value,
  // proposes it with a recommendation; the office responds; the team leader approves and
  // downloads the report; KPU RI sees the grade.
  const LKE = '/kantor/kpu-kota-metro/evaluasi?tahun=2024';
  await planner.page.goto(`${base}/kantor/kpu-kota-metro?tahun=2024`);
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('nav.actions a[href*="/evaluasi"]')]);
  check('the evaluation opens from the dashboard', (await planner.page.textContent('h1')).includes('Evaluasi SAKIP'), planner.page.url());
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('table.lke-scores a[href*="komponen/1"]')]);
  check('the facts stand beside the criteria', (await planner.page.locator('ul.lke-facts li').count()) > 3, 'no facts');
  const pkCriterion = planner.page.locator('article#k-1\\.a\\.4');
  await pkCriterion.locator('details.lke-evidence-add summary').click();
  await pkCriterion.locator('select[name=dokumen]').selectOption('pk');
  await Promise.all([planner.page.waitForNavigation(), pkCriterion.locator('details.lke-evidence-add button[type=submit]').click()]);
  check('the PK is named as evidence', (await planner.page.locator('article#k-1\\.a\\.4 .lke-evidence a').textContent()).includes('Perjanjian Kinerja'), 'no evidence');
  await planner.page.selectOption('#a-1\\.a\\.1', 'Y');
  await planner.page.selectOption('#a-1\\.a\\.4', 'Y');
  await planner.page.fill('#n-1\\.a\\.1', 'Pedoman penyusunan Renstra dan PK ada.');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('.lke-save button[type=submit]')]);
  check('the answers are saved', (await planner.page.textContent('p.lke-progress')).includes('2/25'), await planner.page.textContent('p.lke-progress'));
  await shot(planner.page, '13a-planner-lke-component');
  const evaluator = await session('evaluator.lampung');
  await evaluator.page.goto(`${base}/kantor/kpu-kota-metro/evaluasi/komponen/1?tahun=2024`);
  await evaluator.page.selectOption('#a-1\\.a\\.1', 'Y');
  await evaluator.page.selectOption('#a-1\\.a\\.4', 'T');
  await Promise.all([evaluator.page.waitForNavigation(), evaluator.page.click('.lke-save button[type=submit]')]);
  await evaluator.page.goto(`${base}${LKE}`);
  await Promise.all([evaluator.page.waitForNavigation(), evaluator.page.click('form:has(input[value=propose]) button')]);
  await evaluator.page.fill('#rec-finding', 'PK belum ditandatangani seluruh unit.');
  await evaluator.page.fill('#rec-text', 'Tandatangani PK seluruh unit paling lambat Januari.');
  await Promise.all([evaluator.page.waitForNavigation(), evaluator.page.click('form.lke-rec-new button[type=submit]')]);
  check('the proposal is made', (await evaluator.page.textContent('.lke-state')).includes('diusulkan'), await evaluator.page.textContent('.lke-state'));
  await shot(evaluator.page, '13b-evaluator-lke');
  await planner.page.goto(`${base}${LKE}`);
  check('the office sees the recommendation', (await planner.page.textContent('.lke-recommendations')).includes('Tandatangani PK'), 'no recommendation');
  await planner.page.fill('#response', 'PK unit sudah ditandatangani pada Februari.');
  await Promise.all([planner.page.waitForNavigation(), planner.page.click('form:has(input[value=respond]) button')]);
  const lead = await session('ketua.evaluator.lampung');
  await lead.page.goto(`${base}${LKE}`);
  await Promise.all([lead.page.waitForNavigation(), lead.page.click('form:has(input[value=approve]) button')]);
  check('the leader approves', (await lead.page.textContent('.lke-state')).includes('Disetujui'), await lead.page.textContent('.lke-state'));
  const [lhe] = await Promise.all([lead.page.waitForEvent('download'), lead.page.click('a[href*="unduh/lhe.pdf"]')]);
  check('the report downloads under its name', lhe.suggestedFilename() === 'lhe-kpu-kota-metro-2024.pdf', lhe.suggestedFilename());
  await shot(lead.page, '13c-lead-lke-approved');
  const national = await session('pengawas.ri');
  await national.page.goto(`${base}/?tahun=2024`);
  await Promise.all([national.page.waitForNavigation(), national.page.click('a[href*="/pengawasan/evaluasi"]')]);
  const metroGrade = await national.page.locator('table.lke-grades tr', { hasText: 'KPU Kota Metro' }).textContent();
  check('KPU RI sees the grade', /\bD\b/.test(metroGrade) && metroGrade.includes('Disetujui'), metroGrade);
  await shot(national.page, '13d-national-grades');

  // 9. Every role's pages at phone size (390 px): no page-wide horizontal scroll; a wide table
  // scrolls inside its own box.
  const phonePages = [
    [op, ['/tugas', '/notifikasi', MONITOR, '/kantor/kpu-kota-metro']],
    [head, ['/tugas', '/notifikasi', MONITOR]],
    [planner, ['/kantor/kpu-kota-metro/evaluasi?tahun=2024', '/kantor/kpu-kota-metro/evaluasi/komponen/1?tahun=2024', '/kantor/kpu-kota-metro/rencana', '/kantor/kpu-kota-metro/rencana?bagian=pemeriksaan', '/kantor/kpu-kota-metro/rencana?unit=subbag-rendatin', '/kantor/kpu-kota-metro/rencana/rak?unit=subbag-rendatin', '/kantor/kpu-kota-metro/renstra', '/kantor/kpu-kota-metro/batas', '/kantor/kpu-kota-metro/dokumen', '/kantor/kpu-kota-metro/lkj', '/kantor/kpu-kota-metro/impor', '/kantor/kpu-kota-metro/riwayat', '/notifikasi', '/sandi']],
    [province, ['/', '/kantor/kpu-kota-metro', '/kantor/kpu-kota-metro/riwayat', '/pengawasan/evaluasi?tahun=2024']],
    [evaluator, ['/kantor/kpu-kota-metro/evaluasi?tahun=2024', '/kantor/kpu-kota-metro/evaluasi/komponen/3?tahun=2024']],
    [reviewer, ['/kantor/kpu-kota-metro', MONITOR, '/kantor/kpu-kota-metro/riwayat']],
    [admin, ['/kantor/kpu-kota-metro/pengguna', '/kantor/kpu-kota-metro/riwayat']],
    [again, ['/akun/dua-faktor', `/verifikasi/${verifyCode}`, '/publik/kpu-kota-metro']],
  ];
  for (const [who, paths] of phonePages) {
    await who.page.setViewportSize({ width: 390, height: 844 });
    for (const p of paths) {
      await who.page.goto(`${base}${p}`);
      const width = await who.page.evaluate(() => document.documentElement.scrollWidth);
      check(`${p} fits a phone`, width <= 390, String(width));
    }
  }
  await shot(admin.page, '14-admin-users-phone');
  await admin.page.goto(`${base}/kantor/kpu-kota-metro/riwayat`);
  await shot(admin.page, '14b-admin-history-phone');
  await shot(province.page, '15-oversight-phone');
  console.log(`all journeys passed; screenshots in ${shots}`);
} catch (e) {
  if (!process.exitCode) {
    console.error(`FAILED: ${e.stack || e}`);
    process.exitCode = 1;
  }
} finally {
  for (const c of contexts) await c.close().catch(() => {});
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
