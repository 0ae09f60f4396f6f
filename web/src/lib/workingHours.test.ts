import { describe, expect, it } from 'vitest';
import type { WorkingHours } from './types';
import { formFrom, toInput, validateHours, type HoursForm } from './workingHours';

const saved: WorkingHours = {
  doctor_id: 'd',
  time_zone: 'Europe/Berlin',
  slot_minutes: 45,
  buffer_minutes: 15,
  weekly: [
    { weekday: 'monday', start_time: '09:00', end_time: '12:00' },
    { weekday: 'friday', start_time: '08:00', end_time: '10:00' },
    { weekday: 'monday', start_time: '13:00', end_time: '17:00' },
  ],
  exceptions: [{ date: '2030-12-25', periods: [], note: 'Christmas' }],
  updated_at: '2030-01-01T00:00:00.000Z',
  generated_through: '2030-02-25',
  outside_rules: [],
};

const withMonday = (form: HoursForm, ...periods: [string, string][]): HoursForm => ({
  ...form,
  days: { ...form.days, monday: periods.map(([start_time, end_time], i) => ({ key: 1000 + i, start_time, end_time })) },
});

describe('working hours model', () => {
  it('turns saved hours into rows per weekday and back into the same body, Monday first', () => {
    const { body } = toInput(formFrom(saved));

    expect(body).toEqual({
      slot_minutes: 45,
      buffer_minutes: 15,
      weekly: [
        { weekday: 'monday', start_time: '09:00', end_time: '12:00' },
        { weekday: 'monday', start_time: '13:00', end_time: '17:00' },
        { weekday: 'friday', start_time: '08:00', end_time: '10:00' },
      ],
      exceptions: [{ date: '2030-12-25', periods: [], note: 'Christmas' }],
    });
    expect(validateHours(formFrom(saved))).toEqual({});
  });

  it('keys errors by the field paths the Api uses, so the server and the client mark the same rows', () => {
    const form = withMonday(formFrom(), ['09:00', '12:00'], ['11:00', '13:00'], ['15:00', '14:00']);
    const { paths } = toInput(form);

    const errors = validateHours(form);

    expect(paths.get(1001)).toBe('weekly[1]');
    expect(errors['weekly[1]']).toBe('overlaps weekly[0] (09:00-12:00) on the same day.');
    expect(errors['weekly[2].end_time']).toMatch(/must be after start_time/);
    expect(Object.keys(errors).sort()).toEqual(['weekly[1]', 'weekly[2].end_time']);
  });

  it('refuses a period that holds no slot, and slot lengths and buffers out of bounds', () => {
    const form = { ...withMonday(formFrom(), ['09:00', '09:20']), buffer_minutes: '241' };

    const errors = validateHours(form);

    expect(errors['weekly[0].end_time']).toMatch(/would make no slot/);
    expect(errors.buffer_minutes).toBe('must be between 0 and 240.');
    expect(validateHours({ ...formFrom(), slot_minutes: '4' }).slot_minutes).toBe('must be between 5 and 480.');
  });

  it('refuses an exception date given twice and sends a day off without periods', () => {
    const form: HoursForm = {
      ...formFrom(),
      exceptions: [
        { key: 1, date: '2030-07-01', day_off: true, periods: [{ key: 2, start_time: '09:00', end_time: '10:00' }], note: '' },
        { key: 3, date: '2030-07-01', day_off: false, periods: [{ key: 4, start_time: '10:00', end_time: '11:00' }], note: ' Late ' },
      ],
    };

    expect(validateHours(form)).toEqual({ 'exceptions[1].date': 'lists 2030-07-01 a second time; give each date once.' });
    expect(toInput(form).body.exceptions).toEqual([
      { date: '2030-07-01', periods: [], note: null },
      { date: '2030-07-01', periods: [{ start_time: '10:00', end_time: '11:00' }], note: 'Late' },
    ]);
  });
});
