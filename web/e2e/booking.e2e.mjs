// End to end: the built Silo and Api as real processes, the built web app they serve, Debian's Chromium.
// Run by ./test.sh (which prepares the database); screenshots go to $BOOKING_E2E_OUT (.data/test-results/e2e).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import { chromium } from 'playwright-core';
import { startMailbox } from './mailbox.mjs';
import { pageErrors } from './page-errors.mjs';
import { callApi, startSystem } from './system.mjs';

const out = process.env.BOOKING_E2E_OUT ?? path.resolve(import.meta.dirname, '../../.data/test-results/e2e');
const holdSeconds = 15;
const desktop = { width: 1280, height: 900 };
const phone = { width: 375, height: 780 };
// The change-time and cancel-with-a-reason flows, at the widths of a laptop and of a current phone.
const laptop = { width: 1280, height: 800 };
const phoneTall = { width: 390, height: 844 };
const wait = 20_000;

let system;
let browser;
let mailbox;
let receiver;
let adminToken = null;
const state = {};
const { watch, test } = pageErrors(nodeTest);

/** Tomorrow in UTC (the test doctor's time zone): its slots are all in the future. */
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

/** The one helper for admin HTTP calls (data set-up and checks): it carries the admin token signed in for in before(). */
const adminApi = (method, urlPath, body) => callApi(system.baseUrl, method, urlPath, body, adminToken);

async function page(viewport, name) {
  const context = await browser.newContext({ viewport, baseURL: system.baseUrl });
  return watch(await context.newPage(), name);
}

const shot = (p, name) => p.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
const slotButton = (p, time) => p.locator(`button[data-slot-time="${time}"]`);

async function openDay(p, doctorId, { live = true, time = '09:00' } = {}) {
  await p.goto(`/doctors/${doctorId}?date=${tomorrow}`);
  await slotButton(p, time).waitFor({ timeout: wait });
  if (live) await p.locator('[data-live="live"]').waitFor({ timeout: wait });
}

async function fillPatient(p, n) {
  await p.getByLabel('Full name').fill(`Patient ${n}`);
  await p.getByLabel('Email').fill(`patient${n}@example.com`);
  await p.getByLabel('Phone').fill('+1 555 0100');
}

/** A webhook receiver on 127.0.0.1: keeps every request's headers and body, answers 200. */
async function startReceiver() {
  const received = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (d) => (body += d));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hooks`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

before(async () => {
  mkdirSync(out, { recursive: true });
  mailbox = await startMailbox();
  receiver = await startReceiver();
  system = await startSystem({ holdSeconds, logDir: path.join(out, 'logs'), smtpPort: mailbox.port });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const signIn = await fetch(`${system.baseUrl}/api/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: system.adminPassword }),
  });
  // Sign-in is part of the contract: without it the admin tests below cannot run, so the run fails here.
  assert.equal(signIn.status, 200, `POST /api/auth/token answered ${signIn.status}`);
  adminToken = (await signIn.json()).access_token;
});

after(async () => {
  await browser?.close();
  await system?.stop();
  await mailbox?.close();
  await receiver?.close();
});

test('the clinic admin signs in, creates a doctor and publishes a day of slots', async () => {
  const p = await page(desktop, 'admin');
  await p.goto('/admin');
  await p.getByLabel('Password').fill(system.adminPassword);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.getByRole('button', { name: 'New doctor' }).click();
  const form = p.getByRole('form', { name: 'New doctor' });
  await form.getByLabel('Name').fill('Dr E2E Watson');
  await form.getByLabel('Specialization').fill('Cardiology');
  await form.getByLabel('Email').fill('watson@e2e.example');
  await form.getByLabel('Phone').fill('+1 555 0199');
  await form.getByLabel('Years of experience').fill('9');
  await form.getByLabel('Clinic').fill('E2E Clinic');
  await form.getByRole('button', { name: 'Create doctor' }).click();
  const slots = p.getByRole('form', { name: 'Publish slots' });
  await slots.getByLabel('From date').fill(tomorrow);
  await slots.getByLabel('To date').fill(tomorrow);
  await slots.getByLabel('Daily start').fill('09:00');
  await slots.getByLabel('Daily end').fill('12:00');
  await slots.getByLabel('Minutes each').fill('30');
  await slots.getByRole('button', { name: 'Publish slots' }).click();
  await p.getByText('6 slots published.').waitFor({ timeout: wait });
  await shot(p, 'admin-desktop');
  const doctors = await adminApi('GET', '/api/doctors?search=E2E%20Watson');
  assert.equal(doctors.body.length, 1);
  state.doctorId = doctors.body[0].id;
  await p.context().close();
});

test('the home page lists the doctor with the next free slot, at desktop and phone widths', async () => {
  assert.ok(state.doctorId, 'the doctor from the first test');
  for (const [viewport, name] of [[desktop, 'home-desktop'], [phone, 'home-375']]) {
    const p = await page(viewport, name);
    await p.goto('/');
    const card = p.locator('.doctor-card', { hasText: 'Dr E2E Watson' });
    await card.getByTestId('next-slot').getByText('09:00').waitFor({ timeout: wait });
    await p.getByLabel('Specialization').selectOption('Cardiology');
    await p.getByLabel('Search by name').fill('watson');
    await card.waitFor({ timeout: wait });
    await shot(p, name);
    await p.context().close();
  }
});

test('a patient books and confirms; a watcher sees the slot go without reloading; a third patient is told it was just taken', async () => {
  const booker = await page(desktop, 'booker');
  const watcher = await page(phone, 'watcher');
  const third = await page(desktop, 'third');
  // The third patient has no live updates (the hub's WebSocket is refused), so only the server's 409 can tell them.
  await third.routeWebSocket(/\/hubs\//, (ws) => ws.close());
  await openDay(booker, state.doctorId);
  await openDay(watcher, state.doctorId);
  await openDay(third, state.doctorId, { live: false });
  await shot(watcher, 'doctor-375');

  await slotButton(third, '09:00').click();
  await fillPatient(third, 3);

  await slotButton(booker, '09:00').click();
  await fillPatient(booker, 1);
  await shot(booker, 'booking-form-desktop');
  await booker.getByRole('button', { name: 'Hold this slot' }).click();
  await booker.getByTestId('status-badge').getByText('PENDING').waitFor({ timeout: wait });
  await shot(booker, 'pending-desktop');

  // No reload: the watcher's list loses 09:00 through the hub.
  await slotButton(watcher, '09:00').waitFor({ state: 'detached', timeout: wait });
  assert.equal(await slotButton(watcher, '09:30').count(), 1);

  await booker.getByRole('button', { name: 'Confirm appointment' }).click();
  await booker.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });
  await booker.getByTestId('confirmation-sent').getByText('patient1@example.com').waitFor({ timeout: wait });
  await shot(booker, 'confirmed-desktop');
  state.link = await booker.locator('.link-line a').getAttribute('href');

  await third.getByRole('button', { name: 'Hold this slot' }).click();
  await third.getByTestId('notice').getByText(/someone else just took the 09:00 slot/i).waitFor({ timeout: wait });
  await slotButton(third, '09:00').waitFor({ state: 'detached', timeout: wait });
  await shot(third, 'just-taken-desktop');

  state.watcher = watcher;
  await booker.context().close();
  await third.context().close();
});

test('an unconfirmed hold expires on screen and its slot comes back for everyone', async () => {
  const watcher = state.watcher;
  const holder = await page(phone, 'holder');
  await openDay(holder, state.doctorId, { time: '09:30' });
  await slotButton(holder, '09:30').click();
  await fillPatient(holder, 4);
  await holder.getByRole('button', { name: 'Hold this slot' }).click();
  await holder.getByTestId('status-badge').getByText('PENDING').waitFor({ timeout: wait });
  await shot(holder, 'pending-375');
  await slotButton(watcher, '09:30').waitFor({ state: 'detached', timeout: wait });

  // Nobody confirms: the countdown reaches zero, the page shows EXPIRED, the watcher gets 09:30 back.
  const expiry = (holdSeconds + 30) * 1000;
  await holder.getByTestId('status-badge').getByText('EXPIRED').waitFor({ timeout: expiry });
  await shot(holder, 'expired-375');
  await slotButton(watcher, '09:30').waitFor({ timeout: expiry });
  await shot(watcher, 'slot-back-375');

  await holder.getByRole('button', { name: 'Pick another time' }).click();
  await slotButton(holder, '09:30').waitFor({ timeout: wait });
  await watcher.context().close();
  await holder.context().close();
});

test('the appointment link reopens the confirmed appointment later', async () => {
  assert.ok(state.link?.startsWith('/appointments/'), `a link, got ${state.link}`);
  for (const [viewport, name] of [[desktop, 'appointment-desktop'], [phone, 'appointment-375']]) {
    const p = await page(viewport, name);
    await p.goto(state.link);
    await p.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });
    await shot(p, name);
    await p.context().close();
  }
});

/** The appointment as the server has it (admin read). */
async function stored(id) {
  const read = await adminApi('GET', `/api/appointments/${id}`);
  assert.equal(read.status, 200);
  return read.body;
}

/** The appointment id in the page's link to it. */
async function appointmentIdOn(p) {
  const href = await p.locator('.link-line a').getAttribute('href');
  return href.split('/appointments/')[1].split('?')[0];
}

/** Nothing sticks out sideways: the page is no wider than the window. */
async function assertFitsWidth(p) {
  const [scrollWidth, innerWidth] = await p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scrollWidth <= innerWidth, `the page is ${scrollWidth} px wide in a ${innerWidth} px window`);
}

async function cancelWithReason(p, reason) {
  await p.getByRole('button', { name: /^Cancel( appointment)?$/ }).click();
  await p.getByLabel('Reason for cancelling (optional)').fill(reason);
  await p.getByRole('button', { name: 'Yes, cancel it' }).click();
  await p.getByTestId('status-badge').getByText('CANCELLED').waitFor({ timeout: wait });
  await p.getByTestId('cancellation-reason').getByText(reason).waitFor({ timeout: wait });
}

test('a patient changes the time of a confirmed appointment on the same day, then cancels it giving a reason', async () => {
  const p = await page(laptop, 'change-time-laptop');
  await openDay(p, state.doctorId, { time: '10:00' });
  await slotButton(p, '10:00').click();
  await fillPatient(p, 5);
  await p.getByRole('button', { name: 'Hold this slot' }).click();
  await p.getByRole('button', { name: 'Confirm appointment' }).click();
  await p.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });
  const id = await appointmentIdOn(p);

  await p.getByRole('button', { name: 'Change time' }).click();
  const change = p.locator('.change-time');
  await change.locator('button[data-slot-time="10:30"]').click();
  await change.getByTestId('move-summary').getByText(/Move to .* at 10:30\?/).waitFor({ timeout: wait });
  await assertFitsWidth(p);
  await shot(p, 'change-time-laptop');
  await change.getByRole('button', { name: 'Move my appointment' }).click();
  await p.getByTestId('appointment-notice').getByText(/Moved to .* at 10:30\./).waitFor({ timeout: wait });
  await p.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });
  const moved = await stored(id);
  assert.equal(moved.appointment_time, '10:30');
  assert.equal(moved.status, 'CONFIRMED');
  // The time it left is free again in the day's list; the one it took is not.
  await slotButton(p, '10:00').waitFor({ timeout: wait });
  await slotButton(p, '10:30').waitFor({ state: 'detached', timeout: wait });
  await shot(p, 'moved-laptop');

  await cancelWithReason(p, 'Feeling better, thanks');
  assert.equal((await stored(id)).cancellation_reason, 'Feeling better, thanks');
  await shot(p, 'cancelled-with-reason-laptop');
  await p.context().close();
});

test('on a phone, a patient moves a pending hold to another doctor from the appointment link, keeping its deadline', async () => {
  const other = await adminApi('POST', '/api/doctors', {
    name: 'Dr E2E Moreau', specialization: 'Dermatology', email: 'moreau@e2e.example', phone: '+1 555 0198', time_zone: 'UTC',
  });
  assert.equal(other.status, 201);
  const otherSlots = await adminApi('POST', '/api/slots', { doctor_id: other.body.id, date: tomorrow, times: ['14:00', '14:30'] });
  assert.equal(otherSlots.status, 201);

  const p = await page(phoneTall, 'change-doctor-phone');
  await openDay(p, state.doctorId, { time: '11:00' });
  await slotButton(p, '11:00').click();
  await fillPatient(p, 6);
  await p.getByRole('button', { name: 'Hold this slot' }).click();
  await p.getByTestId('status-badge').getByText('PENDING').waitFor({ timeout: wait });
  const link = await p.locator('.link-line a').getAttribute('href');
  const id = await appointmentIdOn(p);
  const before = await stored(id);

  await p.goto(link);
  await p.getByRole('button', { name: 'Change time' }).click();
  const change = p.locator('.change-time');
  await change.getByLabel('Doctor').selectOption(other.body.id);
  await change.locator('button[data-slot-time="14:00"]').click();
  await change.getByTestId('move-summary').getByText('with Dr E2E Moreau').waitFor({ timeout: wait });
  await assertFitsWidth(p);
  await shot(p, 'change-doctor-phone');
  await change.getByRole('button', { name: 'Move my appointment' }).click();
  await p.getByTestId('appointment-notice').getByText(/at 14:00\./).waitFor({ timeout: wait });
  await p.getByTestId('status-badge').getByText('PENDING').waitFor({ timeout: wait });
  await p.getByRole('timer').waitFor({ timeout: wait });
  const moved = await stored(id);
  assert.equal(moved.doctor_id, other.body.id);
  assert.equal(moved.appointment_time, '14:00');
  assert.equal(moved.expires_at, before.expires_at);
  await shot(p, 'moved-pending-phone');

  await p.getByRole('button', { name: 'Confirm appointment' }).click();
  await p.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });
  await cancelWithReason(p, 'Found a closer clinic');
  await shot(p, 'cancelled-with-reason-phone');
  await p.context().close();
});

test('the admin sees the appointments in the table, and the reasons given for cancelling, at desktop and phone widths', async () => {
  for (const [viewport, name] of [[desktop, 'admin-appointments-desktop'], [phone, 'admin-375']]) {
    const p = await page(viewport, name);
    await p.goto('/admin');
    await p.getByLabel('Password').fill(system.adminPassword);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('cell', { name: 'Patient 1', exact: true }).waitFor({ timeout: wait });
    await p.getByRole('cell', { name: 'Patient 4', exact: true }).waitFor({ timeout: wait });
    await p.getByLabel('Status').selectOption('CONFIRMED');
    // The expired hold leaves the table once the filtered page has arrived; the confirmed one stays.
    await p.getByRole('cell', { name: 'Patient 4', exact: true }).waitFor({ state: 'detached', timeout: wait });
    assert.equal(await p.getByRole('cell', { name: 'Patient 1', exact: true }).count(), 1);
    await shot(p, name);
    // Cancellations show the reason the patient gave.
    await p.getByLabel('Status').selectOption('CANCELLED');
    const reasons = p.getByTestId('cancellation-reason');
    await reasons.getByText('Feeling better, thanks').waitFor({ timeout: wait });
    await reasons.getByText('Found a closer clinic').waitFor({ timeout: wait });
    await shot(p, `${name}-cancelled`);
    await p.context().close();
  }
});

test('the confirmation e-mail carries the invitation, and "my appointments" opens once from an e-mailed link', async () => {
  const confirmation = await mailbox.waitFor('patient1@example.com', /^Appointment confirmed: Dr E2E Watson/, wait);
  const invitation = confirmation.parts.find((part) => part.type.startsWith('text/calendar'));
  assert.ok(invitation, `an invitation among ${confirmation.parts.map((part) => part.type).join(', ')}`);
  assert.match(invitation.text, /METHOD:REQUEST/);
  assert.match(invitation.text, new RegExp(`DTSTART:${tomorrow.replaceAll('-', '')}T090000Z`));

  const p = await page(phone, 'my-appointments');
  await p.goto('/my-appointments');
  await p.getByLabel('E-mail', { exact: true }).fill('patient1@example.com');
  await p.getByRole('button', { name: 'Send me a link' }).click();
  await p.getByTestId('link-sent').waitFor({ timeout: wait });
  await shot(p, 'my-appointments-ask-375');

  const mail = await mailbox.waitFor('patient1@example.com', /^Your link to your appointments$/, wait);
  const text = mail.parts.find((part) => part.type.startsWith('text/plain'))?.text ?? '';
  const link = /(http:\/\/127\.0\.0\.1:\d+\/my-appointments#token=[0-9a-f]{32}\.[A-Za-z0-9_-]{43})/.exec(text)?.[1];
  assert.ok(link?.startsWith(system.baseUrl), `a sign-in link to ${system.baseUrl} in: ${text}`);

  await p.goto(link);
  const item = p.getByTestId('my-appointment').filter({ hasText: 'Dr E2E Watson' });
  await item.first().waitFor({ timeout: wait });
  assert.equal(await item.count(), 1);
  assert.equal(await item.getAttribute('data-status'), 'CONFIRMED');
  assert.equal(new URL(p.url()).hash, '', 'the token leaves the address bar');
  await shot(p, 'my-appointments-375');
  await item.getByRole('link', { name: 'Open' }).click();
  await p.getByTestId('status-badge').getByText('CONFIRMED').waitFor({ timeout: wait });

  // The link works once: in another browser it is refused, and the page offers a new one.
  const again = await page(desktop, 'my-appointments-again');
  await again.goto(link);
  await again.getByRole('alert').getByText(/used already or has expired/).waitFor({ timeout: wait });
  await again.getByRole('button', { name: 'Send me a link' }).waitFor({ timeout: wait });
  await shot(again, 'my-appointments-used-desktop');
  await p.context().close();
  await again.context().close();
});

test('the admin registers a webhook, the receiver gets a signed delivery, and the admin page lists it', async () => {
  const p = await page(desktop, 'admin-webhooks');
  await p.goto('/admin');
  await p.getByLabel('Password').fill(system.adminPassword);
  await p.getByRole('button', { name: 'Sign in' }).click();
  const form = p.getByRole('form', { name: 'New webhook' });
  await form.getByLabel('URL').fill(receiver.url);
  await form.getByLabel('appointment.booked').check();
  await form.getByRole('button', { name: 'Register endpoint' }).click();
  const secret = (await p.getByTestId('webhook-secret').locator('.secret').textContent())?.trim();
  assert.ok(secret);

  const slots = await adminApi('GET', `/api/slots?doctor_id=${state.doctorId}&date=${tomorrow}`);
  const slot = slots.body.find((s) => s.time === '10:00');
  const booked = await fetch(`${system.baseUrl}/api/appointments/book`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ slot_id: slot.id, patient_name: 'Patient 5', patient_email: 'patient5@example.com', patient_phone: '+1 555 0105' }),
  });
  assert.equal(booked.status, 201);
  const appointmentId = (await booked.json()).id;

  const deadline = Date.now() + wait;
  let delivery;
  while (!delivery && Date.now() < deadline) {
    delivery = receiver.received.find((r) => JSON.parse(r.body).appointment.id === appointmentId);
    if (!delivery) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(delivery, 'the receiver got the booked event');
  const expected = 'v1=' + createHmac('sha256', secret).update(`${delivery.headers['booking-timestamp']}.${delivery.body}`).digest('hex');
  assert.equal(delivery.headers['booking-signature'], expected);
  assert.ok(!delivery.body.includes('patient5@example.com'), 'no contact data unless asked for');

  await p.getByRole('button', { name: 'Deliveries' }).click();
  await p.getByTestId('webhook-attempt').filter({ hasText: 'appointment.booked' }).first().waitFor({ timeout: wait });
  await shot(p, 'admin-webhooks-desktop');
  await p.context().close();
});
