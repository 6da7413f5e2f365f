// Browser tests for the front door and the layout: pages anyone may read,
// the 404 page, radios beside their labels, form problems beside their
// fields, and no page wider than a 390 px phone. Screenshots go to artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, signIn, shot } from './harness.mjs';

const SLUG = 'building-great-relationships';
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

test('signed out, the sign-in page leads to what is recorded, the preview and the guide', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('link', { name: 'What rapport records about you, and who sees it' }).click();
  await page.waitForURL(`${server.url}/transparency`);
  assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /What rapport records/);
  await shot(page, 'transparency-signed-out');
  await page.goto(`${server.url}/sign-in`);
  await page.getByRole('link', { name: /one-minute preview/ }).first().click();
  await page.waitForURL(`${server.url}/courses/${SLUG}/preview`);
  await page.getByRole('link', { name: 'on a page' }).click();
  await page.waitForURL(`${server.url}/courses/${SLUG}/guide`);
  await page.goto(`${server.url}/no/such/page`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Page not found');
  assert.ok(await page.getByRole('link', { name: 'Go to the home page' }).isVisible());
  await shot(page, 'not-found');
  await page.close();
});

test('radios and checkboxes sit on the same line as their words', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await signIn(page, server.url, server.accounts.member);
  await page.goto(`${server.url}/me/email`);
  const radios = page.locator('input[type=radio]');
  assert.ok(await radios.count() > 0);
  for (const radio of await radios.all()) {
    const [box, label] = await radio.evaluate((r) => {
      const a = r.getBoundingClientRect();
      const l = r.closest('label').getBoundingClientRect();
      return [{ top: a.top, bottom: a.bottom, width: a.width }, { top: l.top, bottom: l.bottom }];
    });
    assert.ok(box.width < 40, `a radio is its own size, not the line's (${box.width}px)`);
    assert.ok(label.bottom - label.top < 2 * (box.bottom - box.top) + 16, 'the label is one line beside its radio');
  }
  await shot(page, 'email-preferences-390');
  await page.close();
});

test('a form shows every problem beside its field and keeps what was typed', async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.member);
  await page.goto(`${server.url}/delegations/new`);
  await page.getByLabel('Who').fill('Nobody By This Name');
  await page.getByLabel(/^What/).fill(' ');
  await page.getByLabel(/^What/).evaluate((e) => e.removeAttribute('required'));
  await page.getByRole('button', { name: 'Ask' }).click();
  assert.match(await page.getByRole('alert').innerText(), /2 things to fix/);
  assert.match(await page.locator('#to-error').innerText(), /Nobody called “Nobody By This Name” works here/);
  assert.equal(await page.getByLabel('Who').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Who').inputValue(), 'Nobody By This Name');
  assert.ok(await page.locator('#title-error').isVisible());
  await shot(page, 'delegation-problems');
  await page.close();
});

/** Visits one page of each kind reachable from the home page and reports any wider than the screen. */
async function overflowing(who) {
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  if (who) await signIn(page, server.url, server.accounts[who]);
  const queue = ['/', '/sign-in', '/transparency', `/courses/${SLUG}/preview`, '/no/such/page'];
  const kinds = new Set();
  const seen = new Set();
  const wide = [];
  while (queue.length && seen.size < 60) {
    const path = queue.shift();
    if (seen.has(path)) continue;
    seen.add(path);
    await page.goto(`${server.url}${path}`);
    const { over, links } = await page.evaluate(() => ({
      over: document.documentElement.scrollWidth - window.innerWidth,
      links: [...document.querySelectorAll('a[href^="/"]:not([download])')].map((a) => a.getAttribute('href').split('#')[0]),
    }));
    if (over > 0) wide.push(`${path} (${over}px)`);
    for (const link of links) {
      if (/sign-out|\.pdf|\.csv|\/media\/|^\/api|\.svg|\/guide$/.test(link)) continue;
      const kind = link.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\?.*/, '');
      if (!kinds.has(kind)) { kinds.add(kind); queue.push(link); }
    }
  }
  await page.close();
  return { wide, pages: seen.size };
}

test('no page is wider than a 390 px screen, signed out or in', async () => {
  for (const who of [null, 'member', 'lead', 'admin']) {
    const { wide, pages } = await overflowing(who);
    assert.ok(pages >= (who ? 20 : 4), `${who ?? 'signed out'}: enough pages visited (${pages})`);
    assert.deepEqual(wide, [], `${who ?? 'signed out'}: pages wider than the screen`);
  }
  const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
  await signIn(page, server.url, server.accounts.admin);
  await page.goto(`${server.url}/admin/people`);
  await shot(page, 'admin-people-390');
  await page.close();
});

test("lists that are cards keep their numbers and items inside the card", async () => {
  const page = await browser.newPage();
  await signIn(page, server.url, server.accounts.member);
  await page.goto(`${server.url}/courses/${SLUG}`);
  const list = page.locator('ol.card').first();
  const [left, marker] = await list.evaluate((ol) => {
    const box = ol.getBoundingClientRect();
    // The marker sits left of the item's content, by about its own width.
    const item = ol.querySelector('li').getBoundingClientRect();
    return [box.left, item.left - 24];
  });
  assert.ok(marker >= left, `the numbers are inside the card (${marker} ≥ ${left})`);
  await shot(page, 'course-parts-list');
  // A plain list that is a card keeps its items off the card's edges.
  await page.goto(`${server.url}/notifications`);
  const gap = await page.locator('ul.plain.card').first().evaluate((ul) => {
    const li = ul.querySelector('li');
    return li ? li.getBoundingClientRect().left - ul.getBoundingClientRect().left : null;
  });
  if (gap !== null) assert.ok(gap >= 12, `the items sit inside the card (${gap}px from its edge)`);
  await page.close();
});
