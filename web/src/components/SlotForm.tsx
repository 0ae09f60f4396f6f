import { useState, type FormEvent } from 'react';
import { ApiError, Problems } from '../lib/api';
import type { CreateSlotsInput } from '../lib/types';
import { integer, serverErrors, type Errors } from '../lib/validation';
import { wireRules } from '../lib/wire-rules';
import { Field } from './Field';

interface Props {
  doctorId: string;
  defaultDate: string;
  onCreate: (body: CreateSlotsInput) => Promise<number>;
}

const minutes = wireRules.CreateSlotsRequest;

/** Publish one slot, or a generated range: every day from start to end date, slots of N minutes between two times. */
export function SlotForm({ doctorId, defaultDate, onCreate }: Props) {
  const [mode, setMode] = useState<'one' | 'range'>('range');
  const [f, setF] = useState({
    date: defaultDate, time: '09:00', duration: '30',
    start_date: defaultDate, end_date: defaultDate, start_time: '09:00', end_time: '17:00', slot_minutes: '30',
  });
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {};
    if (mode === 'one') {
      if (!f.date) found.date = 'is required.';
      if (!f.time) found.time = 'is required.';
      integer(found, 'duration_minutes', f.duration, minutes.duration_minutes.minimum, minutes.duration_minutes.maximum, true);
    } else {
      if (!f.start_date) found.start_date = 'is required.';
      if (!f.end_date) found.end_date = 'is required.';
      else if (f.start_date && f.end_date < f.start_date) found.end_date = 'must be on or after start_date and within 62 days of it.';
      if (!f.start_time) found.start_time = 'is required.';
      if (!f.end_time) found.end_time = 'is required.';
      else if (f.start_time && f.end_time <= f.start_time) found.end_time = 'must be after start_time.';
      integer(found, 'slot_minutes', f.slot_minutes, minutes.slot_minutes.minimum, minutes.slot_minutes.maximum, true);
    }
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return;
    const body: CreateSlotsInput =
      mode === 'one'
        ? { doctor_id: doctorId, date: f.date, time: f.time, duration_minutes: Number(f.duration) }
        : { doctor_id: doctorId, start_date: f.start_date, end_date: f.end_date, start_time: f.start_time, end_time: f.end_time, slot_minutes: Number(f.slot_minutes) };
    setBusy(true);
    try {
      const created = await onCreate(body);
      setMessage({ ok: true, text: `${created} slot${created === 1 ? '' : 's'} published.` });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) {
        const se = serverErrors(err.errors);
        setErrors(se);
        if (se.slots) setMessage({ ok: false, text: `Slots ${se.slots}` });
      } else if (err instanceof ApiError && err.is(Problems.slotOverlap)) {
        const conflicts = (err.extensions.conflicts ?? []) as { date: string; time: string; duration_minutes: number }[];
        setMessage({
          ok: false,
          text: `Nothing was published: the doctor already has ${conflicts.map((c) => `${c.date} ${c.time} (${c.duration_minutes} min)`).join(', ')} in that time.`,
        });
      } else setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'Could not publish slots.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-label="Publish slots">
      <fieldset className="segmented">
        <legend className="sr-only">What to publish</legend>
        <label>
          <input type="radio" name="mode" checked={mode === 'one'} onChange={() => setMode('one')} /> One slot
        </label>
        <label>
          <input type="radio" name="mode" checked={mode === 'range'} onChange={() => setMode('range')} /> A range
        </label>
      </fieldset>
      {mode === 'one' ? (
        <div className="grid-3">
          <Field label="Date" name="date" type="date" value={f.date} onChange={set('date')} error={errors.date} />
          <Field label="Time" name="time" type="time" value={f.time} onChange={set('time')} error={errors.time} />
          <Field label="Minutes" name="duration_minutes" inputMode="numeric" value={f.duration} onChange={set('duration')} error={errors.duration_minutes} />
        </div>
      ) : (
        <div className="grid-3">
          <Field label="From date" name="start_date" type="date" value={f.start_date} onChange={set('start_date')} error={errors.start_date} />
          <Field label="To date" name="end_date" type="date" value={f.end_date} onChange={set('end_date')} error={errors.end_date} />
          <Field label="Minutes each" name="slot_minutes" inputMode="numeric" value={f.slot_minutes} onChange={set('slot_minutes')} error={errors.slot_minutes} />
          <Field label="Daily start" name="start_time" type="time" value={f.start_time} onChange={set('start_time')} error={errors.start_time} />
          <Field label="Daily end" name="end_time" type="time" value={f.end_time} onChange={set('end_time')} error={errors.end_time} />
        </div>
      )}
      {message && (
        <p className={message.ok ? 'success' : 'inline-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Publish slots
      </button>
    </form>
  );
}
