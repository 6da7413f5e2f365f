// Every page a visitor and each demo account can reach, in Chromium at a desktop width
// and at 390 px (a phone): axe-core finds no accessibility violation and
// nothing is wider than the screen. The pages are found by following the
// links from the home page, so a new page is checked without a list to keep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer, launch, signIn, shot } from './harness.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WIDTHS = [{ width: 1280, height: 900 }, { width: 390, height: 844 }];
/** Pages of one shape (ids replaced) are checked twice at most. */
const PER_SHAPE = 2;
const MAX_PAGES = 60;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const shape = (path) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');

/** Same-site page links on the current page, without downloads and files. */
async function linksOn(page, origin) {
  const hrefs = await page.$$eval('a[href]', (as) => as.filter((a) => !a.hasAttribute('download')).map((a) => a.href));
  return hrefs
    .map((h) => new URL(h))
    .filter((u) => u.origin === origin)
    .filter((u) => !/^\/(api|static|assets|media)\b|\.(pdf|svg|vtt|webm|png|ico|csv|json)$|\/media\//.test(u.pathname))
    .map((u) => u.pathname + u.search);
}

async function axe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

async function sweep(role) {
  // axe is injected as a script: the page's policy would (rightly) refuse it.
  const context = await browser.newContext({ viewport: WIDTHS[0], bypassCSP: true });
  const page = await context.newPage();
  if (role !== 'visitor') await signIn(page, server.url, server.accounts[role]);
  const origin = new URL(server.url).origin;
  const queue = role === 'visitor' ? ['/sign-in'] : ['/'];
  const seen = new Set();
  const shapes = new Map();
  const problems = [];
  let visited = 0;
  while (queue.length && visited < MAX_PAGES) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    const key = shape(path.split('?')[0]) + (path.includes('?') ? '?' : '');
    if ((shapes.get(key) ?? 0) >= PER_SHAPE) continue;
    shapes.set(key, (shapes.get(key) ?? 0) + 1);
    visited++;
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      const res = await page.goto(server.url + path);
      if (!res.ok()) { problems.push(`${path}: answered ${res.status()}`); break; }
      if (!(res.headers()['content-type'] ?? '').startsWith('text/html')) break;
      if (role !== 'visitor' && new URL(page.url()).pathname === '/sign-in') { problems.push(`${path}: sent to sign in`); break; }
      for (const v of await axe(page)) problems.push(`${path} at ${size.width}px: ${v}`);
      // A title is words: markup in it means a template put a block in the wrong place.
      const title = await page.title();
      if (!title.trim() || /[<>]/.test(title)) problems.push(`${path}: the title is ${JSON.stringify(title.slice(0, 80))}`);
      if (size.width === 390) {
        const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        if (scroll > inner) problems.push(`${path} at 390px: ${scroll - inner}px wider than the screen`);
      }
    }
    for (const link of await linksOn(page, origin)) if (!seen.has(link)) queue.push(link);
  }
  await context.close();
  return { visited, shapes: [...shapes.keys()], problems };
}

for (const role of ['visitor', 'member', 'lead', 'admin']) {
  test(`every page the ${role} reaches passes axe and fits 390 px`, async () => {
    const { visited, shapes, problems } = await sweep(role);
    console.log(`# ${role}: ${visited} pages in ${shapes.length} shapes`);
    assert.ok(visited >= (role === 'visitor' ? 4 : 15), `found pages: ${shapes.join(', ')}`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('the picture at 390 px: the map, ranges, a trend and check-in dots', async () => {
  const context = await browser.newContext({ viewport: WIDTHS[1] });
  const page = await context.newPage();
  await signIn(page, server.url, server.accounts.member);
  await page.goto(`${server.url}/relationships`);
  const map = page.locator('svg[role="img"]', { has: page.locator('title', { hasText: 'Your relationship map' }) });
  await map.waitFor();
  const box = await map.boundingBox();
  assert.ok(box.width > 200 && box.x >= 0 && box.x + box.width <= 390, `the map fits: ${JSON.stringify(box)}`);
  assert.ok(await page.locator('svg title', { hasText: /from .* to / }).count() > 0 || await page.locator('svg.range, svg[aria-labelledby^="range"]').count() > 0,
    'ranges are drawn');
  await shot(page, 'relationships-390');
  const first = page.locator('main table a[href^="/relationships/"]').first();
  await first.click();
  await page.waitForURL(/\/relationships\/[0-9a-f-]{36}$/);
  assert.ok(await page.locator('svg[role="img"] title').count() >= 2, 'the range and trend pictures');
  await shot(page, 'relationship-390');
  await page.goto(`${server.url}/check-ins`);
  const revealed = await page.locator('li', { hasText: 'both answered' }).locator('a').first().getAttribute('href');
  assert.ok(revealed, 'the demo member has a revealed check-in');
  await page.goto(server.url + revealed);
  assert.match(await page.locator('main').innerText(), /You both answered/);
  const dots = page.locator('svg[role="img"]', { has: page.locator('desc') });
  assert.ok(await dots.count() > 0, 'the answers side by side');
  const dotsBox = await dots.first().boundingBox();
  assert.ok(dotsBox.x + dotsBox.width <= 390, `the dots fit: ${JSON.stringify(dotsBox)}`);
  await shot(page, 'check-in-dots-390');
  await context.close();
});
