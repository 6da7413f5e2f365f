// Browser tests for the habits: a two-sided check-in from start to reveal,
// with two people in two browser contexts; acting on a nudge from the home
// page; opting in to introductions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launch, signIn, shot } from './harness.mjs';

let server;
let browser;
let alice; // the admin account of the demo
let bo;    // a member account of the demo
let boName;

before(async () => {
  server = await startServer();
  browser = await launch();
  alice = await (await browser.newContext()).newPage();
  bo = await (await browser.newContext()).newPage();
  await signIn(alice, server.url, server.accounts.admin);
  await signIn(bo, server.url, server.accounts.member);
  await alice.goto(`${server.url}/people?q=${encodeURIComponent(server.accounts.member)}`);
  boName = await alice.locator('tbody tr a').first().innerText();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function answer(page, scores, improve, works) {
  for (const [field, value] of Object.entries(scores)) {
    await page.locator(`input[name="${field}"][value="${value}"]`).check();
  }
  await page.getByLabel('One thing we could do better').fill(improve);
  await page.getByLabel('One thing that works').fill(works);
  await page.getByRole('button', { name: 'Seal my answer' }).click();
}

test('a check-in from start to reveal', async () => {
  await alice.goto(`${server.url}/check-ins`);
  // The picker is a text field with the colleagues' names as suggestions.
  const value = await alice.locator(`#colleague-list option[value^="${boName}"]`).first().getAttribute('value');
  await alice.getByLabel('With').fill(value);
  await alice.getByRole('button', { name: 'Ask for their perspective' }).click();
  await alice.waitForURL(/\/check-ins\/[0-9a-f-]{36}$/);
  const url = alice.url();
  // A score left out is caught before anything is sealed.
  await answer(alice, { count_on: 5, would_help: 4, admit_mistakes: 2, communication: 4, know_as_person: 3 },
    'Share drafts with me earlier', 'You always reply the same day');
  await alice.waitForURL(url);
  assert.match(await alice.locator('main').innerText(), /Your answer is sealed/);
  await shot(alice, 'check-in-sealed');

  await bo.goto(`${server.url}/check-ins`);
  assert.match(await bo.locator('main').innerText(), /your answer is needed/);
  await bo.goto(url);
  const before = await bo.locator('main').innerText();
  assert.match(before, /they already have/);
  assert.doesNotMatch(before, /Share drafts with me earlier/, 'sealed until Bo answers');
  await answer(bo, { count_on: 3, would_help: 4, admit_mistakes: 4, communication: 4, know_as_person: 2 },
    'Tell me the deadline up front', 'We never waste time in meetings');
  await bo.waitForURL(url);
  const revealed = await bo.locator('main').innerText();
  assert.match(revealed, /You both answered/);
  assert.match(revealed, /Share drafts with me earlier/);
  assert.match(revealed, /Where your views differ most/);
  assert.match(revealed, /A way to start the conversation/);
  await shot(bo, 'check-in-revealed');

  await alice.goto(url);
  assert.match(await alice.locator('main').innerText(), /Tell me the deadline up front/);
});

test('a nudge on the home page can be set aside', async () => {
  await alice.goto(`${server.url}/`);
  const nudges = alice.locator('ul.nudges > li');
  const count = await nudges.count();
  assert.ok(count > 0, 'the demo admin has suggestions');
  const first = await nudges.first().locator('p').innerText();
  await shot(alice, 'home-nudges');
  await nudges.first().getByRole('button', { name: 'Not for me' }).click();
  await alice.waitForURL(/\/#nudges$/);
  assert.doesNotMatch(await alice.locator('#nudges').locator('..').innerText(), new RegExp(first.slice(0, 40).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
});

test('opting in and out of introductions', async () => {
  await bo.goto(`${server.url}/introductions`);
  const text = await bo.locator('main').innerText();
  const optedIn = /You take part in introductions/.test(text);
  await bo.getByRole('button', { name: optedIn ? 'Stop introductions' : 'Opt in' }).click();
  await bo.waitForURL(`${server.url}/introductions`);
  const after = await bo.locator('main').innerText();
  assert.match(after, optedIn ? /You don't take part/ : /You take part in introductions/);
  await shot(bo, 'introductions');
});
