// End to end: the admin's working-hours editor in Chromium against the built Silo and Api (own processes, own
// cluster, the database test.sh prepared). Screenshots go to $BOOKING_E2E_OUT (.data/test-results/e2e).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test as nodeTest } from 'node:test';
import { chromium } from 'playwright-core';
import { pageErrors } from './page-errors.mjs';
import { callApi, startSystem } from './system.mjs';

const out = process.env.BOOKING_E2E_OUT ?? path.resolve(import.meta.dirname, '../../.data/test-results/e2e');
const desktop = { width: 1280, height: 900 };
const phone = { width: 375, height: 780 };
const wait = 20_000;
const day = 86_400_000;
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

let system;
let browser;
let adminToken;
const state = {};

/** Tomorrow (UTC, the doctor's zone) and the same weekday a week later, YYYY-MM-DD. */
const tomorrow = new Date(Date.now() + day).toISOString().slice(0, 10);
const weekLater = new Date(Date.now() + 8 * day).toISOString().slice(0, 10);
const weekday = weekdays[new Date(Date.now() + day).getUTCDay()];
const Weekday = weekday[0].toUpperCase() + weekday.slice(1);
/** How often that weekday falls in the silo's default 8-week horizon (today and the next 55 days). */
const occurrences = Array.from({ length: 56 }, (_, i) => new Date(Date.now() + i * day)).filter((d) => weekdays[d.getUTCDay()] === weekday).length;

const { watch, test } = pageErrors(nodeTest);

const call = (method, urlPath, body, token = adminToken) => callApi(system.baseUrl, method, urlPath, body, token);

async function adminPage(viewport, name) {
  const context = await browser.newContext({ viewport, baseURL: system.baseUrl });
  const p = watch(await context.newPage(), name);
  await p.goto('/admin');
  await p.getByLabel('Password').fill(system.adminPassword);
  await p.getByRole('button', { name: 'Sign in' }).click();
  await p.locator('.admin-doctors li', { hasText: 'Dr E2E Hours' }).getByRole('button', { name: 'Edit & slots' }).click();
  await p.getByRole('form', { name: 'Working hours' }).waitFor({ timeout: wait });
  return p;
}

const shot = (p, name) => p.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });

before(async () => {
  mkdirSync(out, { recursive: true });
  system = await startSystem({ holdSeconds: 30, logDir: path.join(out, 'logs-working-hours') });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const signIn = await call('POST', '/api/auth/token', { username: 'admin', password: system.adminPassword }, null);
  assert.equal(signIn.status, 200);
  adminToken = signIn.body.access_token;
  const doctor = await call('POST', '/api/doctors', {
    name: 'Dr E2E Hours', specialization: 'General practice', email: 'hours@e2e.example', phone: '+1 555 0142', time_zone: 'UTC',
  });
  assert.equal(doctor.status, 201);
  state.doctorId = doctor.body.id;
});

after(async () => {
  await browser?.close();
  await system?.stop();
});

test('the admin sets weekly hours and a day off, sees the preview change, and saving makes the slots', async () => {
  const p = await adminPage(desktop, 'hours');
  const form = p.getByRole('form', { name: 'Working hours' });
  const count = form.getByTestId('preview-count');

  await form.getByRole('button', { name: `Add a period to ${Weekday}` }).click();
  await form.getByLabel(`${Weekday} period 1 end`).fill('11:00');
  // Tomorrow and a week later, 09:00-11:00 in 30-minute slots.
  await count.getByText('8 slots in the next 14 days (UTC)').waitFor({ timeout: wait });
  await form.locator(`[data-preview-date="${tomorrow}"]`).getByText('10:30').waitFor({ timeout: wait });

  // A second period that overlaps the first is marked on its row and stops the preview.
  await form.getByRole('button', { name: `Add a period to ${Weekday}` }).click();
  await form.getByLabel(`${Weekday} period 2 start`).fill('10:30');
  await form.getByLabel(`${Weekday} period 2 end`).fill('12:00');
  await form.getByText('overlaps weekly[0] (09:00-11:00) on the same day.').waitFor({ timeout: wait });
  await form.getByText('Fix the marked fields to see the slots these hours make.').waitFor({ timeout: wait });
  await shot(p, 'working-hours-invalid-desktop');
  await form.getByRole('button', { name: `Remove ${Weekday} period 2` }).click();

  // A day off a week later leaves only tomorrow's four.
  await form.getByRole('button', { name: '+ Exception' }).click();
  await form.getByLabel('Date').fill(weekLater);
  await form.getByLabel('Note').fill('Training day');
  await count.getByText('4 slots in the next 14 days (UTC)').waitFor({ timeout: wait });
  await shot(p, 'working-hours-desktop');

  await form.getByRole('button', { name: 'Save working hours' }).click();
  await form.getByText(`Saved: ${(occurrences - 1) * 4} slots created, 0 removed.`).waitFor({ timeout: wait });
  const slots = await call('GET', `/api/slots?doctor_id=${state.doctorId}&date=${tomorrow}`);
  assert.deepEqual(slots.body.map((s) => s.time), ['09:00', '09:30', '10:00', '10:30']);
  const dayOff = await call('GET', `/api/slots?doctor_id=${state.doctorId}&date=${weekLater}&include=all`);
  assert.equal(dayOff.body.length, 0);
  state.nine = slots.body[0].id;
  await p.context().close();
});

test('a booked slot the new hours no longer make stays and is listed, at desktop and phone widths', async () => {
  assert.ok(state.nine, 'the 09:00 slot from the first test');
  const booking = await call('POST', '/api/appointments/book', {
    slot_id: state.nine, patient_name: 'Patient Hours', patient_email: 'hours@example.com', patient_phone: '+1 555 0100',
  }, null);
  assert.equal(booking.status, 201);
  const confirmed = await fetch(`${system.baseUrl}/api/appointments/${booking.body.id}/confirm`, {
    method: 'PUT', headers: { 'X-Appointment-Token': booking.body.access_token },
  });
  assert.equal(confirmed.status, 200);

  const p = await adminPage(desktop, 'hours-change');
  const form = p.getByRole('form', { name: 'Working hours' });
  await form.getByLabel(`${Weekday} period 1 start`).fill('10:00');
  await form.getByTestId('preview-count').getByText('2 slots in the next 14 days (UTC)').waitFor({ timeout: wait });
  await form.getByRole('button', { name: 'Save working hours' }).click();
  // Every 09:00 and 09:30 goes, except the booked 09:00.
  await form.getByText(`Saved: 0 slots created, ${(occurrences - 1) * 2 - 1} removed.`).waitFor({ timeout: wait });
  const outside = form.getByRole('table', { name: 'Held or booked slots outside these hours' });
  await outside.locator(`[data-outside-slot="${state.nine}"]`).getByText('CONFIRMED').waitFor({ timeout: wait });
  await shot(p, 'working-hours-outside-desktop');
  const kept = await call('GET', `/api/slots?doctor_id=${state.doctorId}&date=${tomorrow}&include=all`);
  assert.deepEqual(kept.body.map((s) => s.time), ['09:00', '10:00', '10:30']);
  await p.context().close();

  const small = await adminPage(phone, 'hours-375');
  const smallForm = small.getByRole('form', { name: 'Working hours' });
  await smallForm.locator(`[data-outside-slot="${state.nine}"]`).waitFor({ timeout: wait });
  await smallForm.getByTestId('preview-count').getByText('2 slots in the next 14 days (UTC)').waitFor({ timeout: wait });
  const overflow = await smallForm.evaluate((f) => f.scrollWidth - f.clientWidth);
  assert.ok(overflow <= 1, `the editor is ${overflow}px wider than a 375px screen`);
  await shot(small, 'working-hours-375');
  await small.context().close();
});
