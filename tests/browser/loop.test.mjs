// Browser tests for the trust-building loop, with two people in two
// browser contexts: delegate, accept, a miss, a second chance, delivered;
// ask for help, offer, resolve, thank; my relationships.
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

async function delegate(title) {
  await alice.goto(`${server.url}/delegations/new`);
  // The picker is a text field with the colleagues' names as suggestions.
  const value = await alice.locator(`#colleague-list option[value^="${boName}"]`).first().getAttribute('value');
  await alice.getByLabel('Who').fill(value);
  await alice.getByLabel(/^What/).fill(title);
  await alice.getByLabel(/^Stakes/).selectOption('small');
  await alice.getByRole('button', { name: 'Ask' }).click();
  await alice.waitForURL(/\/delegations\/[0-9a-f-]{36}$/);
  return alice.url();
}

async function boAccepts(url) {
  await bo.goto(url);
  await bo.getByRole('button', { name: 'Accept' }).click();
  await bo.waitForURL(url);
  assert.match(await bo.locator('main').innerText(), /in progress/);
}

async function boMarksDone(url) {
  await bo.goto(url);
  await bo.getByRole('button', { name: 'Mark it done' }).click();
  await bo.getByRole('button', { name: 'Yes, it is done' }).click();
  await bo.waitForURL(url);
  assert.match(await bo.getByRole('status').innerText(), /Marked done/, 'a confirmation after the action');
}

async function aliceRecords(url, outcome, note) {
  await alice.goto(url);
  await alice.getByLabel(outcome).check();
  if (note) await alice.getByLabel(/What we learned/).fill(note);
  await alice.getByRole('button', { name: 'Record the outcome' }).click();
  await alice.getByRole('button', { name: 'Yes, record it' }).click();
  await alice.waitForURL(url);
}

test('delegate, accept, a miss, a second chance, then delivered', async () => {
  const first = await delegate('Draft the Q4 hiring plan');
  await shot(alice, 'loop-delegated');
  await bo.goto(`${server.url}/`);
  assert.match(await bo.locator('main').innerText(), /Draft the Q4 hiring plan/, 'it waits on Bo\'s home page');
  await boAccepts(first);
  await boMarksDone(first);
  await aliceRecords(first, 'Missed', 'We never agreed the format.');
  const main = await alice.locator('main').innerText();
  assert.match(main, /missed/);
  assert.match(main, /Your history together/);
  await shot(alice, 'loop-missed');
  await bo.goto(first);
  assert.match(await bo.locator('main').innerText(), /We never agreed the format\./, 'the delegate sees the outcome and note at once');
  await alice.getByRole('link', { name: 'Offer a second chance' }).click();
  assert.match(await alice.getByRole('heading', { level: 1 }).innerText(), /second chance/);
  await alice.getByLabel(/^What/).fill('One section of the hiring plan');
  await alice.getByRole('button', { name: 'Ask' }).click();
  await alice.waitForURL(/\/delegations\/[0-9a-f-]{36}$/);
  const second = alice.url();
  assert.match(await alice.locator('main').innerText(), /a second chance/);
  await boAccepts(second);
  await boMarksDone(second);
  await aliceRecords(second, 'Delivered');
  assert.match(await alice.locator('main').innerText(), /delivered/);
  await shot(alice, 'loop-second-chance-delivered');
});

test('ask for help, offer, accept, resolve and thank', async () => {
  await bo.goto(`${server.url}/help`);
  await bo.getByLabel('With what').fill('Negotiation');
  await bo.getByLabel('What do you need?').fill('I have a tough vendor call on Friday.');
  await bo.getByLabel('Ask', { exact: true }).selectOption('org');
  await bo.getByRole('button', { name: 'Ask', exact: true }).click();
  await bo.waitForURL(/\/help\/[0-9a-f-]{36}$/);
  const url = bo.url();
  await shot(bo, 'help-asked');
  await alice.goto(url);
  await alice.getByLabel('Offer to help').fill('Happy to role-play it with you on Thursday.');
  await alice.getByRole('button', { name: 'Offer' }).click();
  await alice.waitForURL(url);
  await bo.goto(url);
  await bo.getByRole('button', { name: /^Accept .* offer$/ }).click();
  await bo.waitForURL(url);
  await bo.getByRole('button', { name: 'This helped' }).click();
  await bo.waitForURL(url);
  assert.match(await bo.locator('main').innerText(), /this helped/);
  await bo.getByRole('link', { name: 'Say thanks' }).click();
  await bo.getByLabel('Message').fill('The role-play made Friday easy. Thank you!');
  await bo.getByRole('button', { name: 'Send thanks' }).click();
  await bo.waitForURL(`${server.url}/thanks`);
  assert.match(await bo.locator('main').innerText(), /The role-play made Friday easy/);
  await alice.goto(`${server.url}/thanks`);
  assert.match(await alice.locator('main').innerText(), /The role-play made Friday easy/);
  await shot(alice, 'thanks');
});

test('my relationships show the pair in words, privately', async () => {
  await alice.goto(`${server.url}/relationships`);
  const text = await alice.locator('main').innerText();
  assert.match(text, /Your pattern/);
  assert.match(text, new RegExp(boName));
  assert.match(text, /reliable so far|had a bump recently|still forming|no history yet|mixed so far/);
  await shot(alice, 'relationships');
  await alice.getByRole('link', { name: boName }).first().click();
  const detail = await alice.locator('main').innerText();
  assert.match(detail, /Your shared history/);
  assert.match(detail, /One section of the hiring plan/);
  await shot(alice, 'relationship');
  await bo.goto(`${server.url}/notifications`);
  assert.match(await bo.locator('main').innerText(), /asked you to take something on|offered you a second chance/);
});
