// The working-hours editor's model: what the admin edits (strings, rows per weekday), the request body it
// becomes, and the same checks the Api makes (Api/Contracts/WorkingHoursContracts.cs), keyed by the same
// field paths (weekly[2].end_time, exceptions[0].periods[1] ...) so the server's errors land on the same rows.
import type { Period, Weekday, WorkingDayException, WorkingHours, WorkingHoursInput } from './types';
import { integer, type Errors } from './validation';

export const weekdays: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export const weekdayLabel = (d: Weekday) => d.charAt(0).toUpperCase() + d.slice(1);

export interface PeriodRow {
  key: number;
  start_time: string;
  end_time: string;
}

export interface ExceptionRow {
  key: number;
  date: string;
  day_off: boolean;
  periods: PeriodRow[];
  note: string;
}

export interface HoursForm {
  slot_minutes: string;
  buffer_minutes: string;
  days: Record<Weekday, PeriodRow[]>;
  exceptions: ExceptionRow[];
}

let nextKey = 1;
/** A key for a new row, so React keeps each row's inputs when rows above it come and go. */
export const newKey = () => nextKey++;

const row = (p: Period): PeriodRow => ({ key: newKey(), start_time: p.start_time, end_time: p.end_time });

export function formFrom(hours?: WorkingHours): HoursForm {
  const days = Object.fromEntries(weekdays.map((d) => [d, [] as PeriodRow[]])) as Record<Weekday, PeriodRow[]>;
  for (const p of hours?.weekly ?? []) days[p.weekday].push(row(p));
  return {
    slot_minutes: String(hours?.slot_minutes ?? 30),
    buffer_minutes: String(hours?.buffer_minutes ?? 0),
    days,
    exceptions: (hours?.exceptions ?? []).map((e) => ({
      key: newKey(),
      date: e.date,
      day_off: e.periods.length === 0,
      periods: e.periods.map(row),
      note: e.note ?? '',
    })),
  };
}

/** The request body, and for every row the field path the Api's errors use for it. */
export function toInput(form: HoursForm): { body: WorkingHoursInput; paths: Map<number, string> } {
  const paths = new Map<number, string>();
  const weekly = weekdays.flatMap((weekday) => form.days[weekday].map((p) => ({ p, weekday })));
  weekly.forEach(({ p }, i) => paths.set(p.key, `weekly[${i}]`));
  const exceptions: WorkingDayException[] = form.exceptions.map((e, i) => {
    paths.set(e.key, `exceptions[${i}]`);
    const periods = e.day_off ? [] : e.periods;
    periods.forEach((p, j) => paths.set(p.key, `exceptions[${i}].periods[${j}]`));
    return { date: e.date, periods: periods.map(({ start_time, end_time }) => ({ start_time, end_time })), note: e.note.trim() || null };
  });
  return {
    body: {
      slot_minutes: Number(form.slot_minutes),
      buffer_minutes: Number(form.buffer_minutes),
      weekly: weekly.map(({ p, weekday }) => ({ weekday, start_time: p.start_time, end_time: p.end_time })),
      exceptions,
    },
    paths,
  };
}

const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** One day's periods: each ends after it starts and holds a slot; none overlaps another. */
function checkPeriods(errors: Errors, periods: { path: string; p: Period }[], slotMinutes: number | null): void {
  const valid: { path: string; p: Period }[] = [];
  for (const { path, p } of periods) {
    if (!timePattern.test(p.start_time)) errors[`${path}.start_time`] = 'must be a time of day in the form HH:mm (00:00 to 23:59).';
    if (!timePattern.test(p.end_time)) errors[`${path}.end_time`] = 'must be a time of day in the form HH:mm (00:00 to 23:59).';
    if (errors[`${path}.start_time`] || errors[`${path}.end_time`]) continue;
    if (minutes(p.end_time) <= minutes(p.start_time)) errors[`${path}.end_time`] = 'must be after start_time (a period ends on the day it starts).';
    else if (slotMinutes !== null && minutes(p.end_time) - minutes(p.start_time) < slotMinutes)
      errors[`${path}.end_time`] = `leaves less than slot_minutes (${slotMinutes}) after start_time: the period would make no slot.`;
    else valid.push({ path, p });
  }
  const ordered = [...valid].sort((a, b) => minutes(a.p.start_time) - minutes(b.p.start_time));
  for (let i = 1; i < ordered.length; i++) {
    const [before, current] = [ordered[i - 1]!, ordered[i]!];
    if (minutes(current.p.start_time) < minutes(before.p.end_time))
      errors[current.path] = `overlaps ${before.path} (${before.p.start_time}-${before.p.end_time}) on the same day.`;
  }
}

/** The Api's rules, checked before a round trip. */
export function validateHours(form: HoursForm): Errors {
  const errors: Errors = {};
  integer(errors, 'slot_minutes', form.slot_minutes, 5, 480, true);
  integer(errors, 'buffer_minutes', form.buffer_minutes, 0, 240, true);
  const slotMinutes = errors.slot_minutes ? null : Number(form.slot_minutes);
  const { paths } = toInput(form);
  const pathOf = (key: number) => paths.get(key)!;
  for (const weekday of weekdays) {
    checkPeriods(errors, form.days[weekday].map((p) => ({ path: pathOf(p.key), p })), slotMinutes);
  }
  const seen = new Set<string>();
  form.exceptions.forEach((e, i) => {
    const path = `exceptions[${i}]`;
    if (!datePattern.test(e.date) || Number.isNaN(Date.parse(`${e.date}T00:00:00Z`))) errors[`${path}.date`] = 'must be a calendar date in the form YYYY-MM-DD.';
    else if (seen.has(e.date)) errors[`${path}.date`] = `lists ${e.date} a second time; give each date once.`;
    seen.add(e.date);
    if (e.note.trim().length > 200) errors[`${path}.note`] = 'must be at most 200 characters.';
    if (!e.day_off) {
      if (e.periods.length === 0) errors[`${path}.periods`] = 'give at least one period, or mark the date as a day off.';
      checkPeriods(errors, e.periods.map((p) => ({ path: pathOf(p.key), p })), slotMinutes);
    }
  });
  return errors;
}

/** The first error that belongs to a row (its own path, or one of its fields). */
export function rowError(errors: Errors, path: string | undefined): string | undefined {
  if (!path) return undefined;
  return errors[path] ?? errors[`${path}.start_time`] ?? errors[`${path}.end_time`] ?? errors[`${path}.weekday`];
}
