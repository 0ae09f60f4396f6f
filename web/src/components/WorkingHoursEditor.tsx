import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../lib/api';
import { shortDay } from '../lib/time';
import type { Doctor, Weekday, WorkingHours, WorkingHoursInput } from '../lib/types';
import { serverErrors, type Errors } from '../lib/validation';
import {
  formFrom,
  newKey,
  rowError,
  toInput,
  validateHours,
  weekdayLabel,
  weekdays,
  type ExceptionRow,
  type HoursForm,
  type PeriodRow,
} from '../lib/workingHours';
import { Field } from './Field';
import { Empty, ErrorState, Loading } from './States';

export const previewDays = 14;

/** Waits until `value` has stopped changing for `ms`, so the preview is asked for once per pause in typing. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

interface PeriodsProps {
  label: string;
  rows: PeriodRow[];
  paths: Map<number, string>;
  errors: Errors;
  onChange: (rows: PeriodRow[]) => void;
}

/** The periods of one weekday or one exception: a start and an end time per row. */
function Periods({ label, rows, paths, errors, onChange }: PeriodsProps) {
  const set = (key: number, field: 'start_time' | 'end_time', value: string) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  return (
    <div className="periods">
      {rows.map((r, i) => {
        const error = rowError(errors, paths.get(r.key));
        return (
          <div key={r.key} className={`period${error ? ' has-error' : ''}`} data-period={paths.get(r.key)}>
            <input type="time" aria-label={`${label} period ${i + 1} start`} value={r.start_time} onChange={(e) => set(r.key, 'start_time', e.target.value)} />
            <span aria-hidden="true">–</span>
            <input type="time" aria-label={`${label} period ${i + 1} end`} value={r.end_time} onChange={(e) => set(r.key, 'end_time', e.target.value)} />
            <button type="button" className="icon-button" aria-label={`Remove ${label} period ${i + 1}`} onClick={() => onChange(rows.filter((x) => x.key !== r.key))}>
              ×
            </button>
            {error && (
              <small className="field-error period-error" data-field-error={paths.get(r.key)}>
                {error}
              </small>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="button secondary small"
        aria-label={`Add a period to ${label}`}
        onClick={() => {
          const last = rows[rows.length - 1];
          onChange([...rows, last ? { key: newKey(), start_time: last.end_time, end_time: '' } : { key: newKey(), start_time: '09:00', end_time: '17:00' }]);
        }}
      >
        + Period
      </button>
    </div>
  );
}

function Preview({ doctorId, body, enabled }: { doctorId: string; body: WorkingHoursInput; enabled: boolean }) {
  const settled = useSettled(body, 300);
  const preview = useQuery({
    queryKey: ['working-hours-preview', doctorId, settled],
    queryFn: ({ signal }) => api.previewWorkingHours(doctorId, settled, previewDays, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
  const byDate = useMemo(() => {
    const days = new Map<string, { time: string; blocked: boolean }[]>();
    for (const s of preview.data?.slots ?? []) days.set(s.date, [...(days.get(s.date) ?? []), { time: s.time, blocked: s.blocked }]);
    return [...days.entries()];
  }, [preview.data]);
  const made = preview.data?.slots.filter((s) => !s.blocked).length ?? 0;
  const blocked = (preview.data?.slots.length ?? 0) - made;

  return (
    <section className="preview" aria-labelledby="preview-title">
      <h4 id="preview-title">Preview: the next {previewDays} days</h4>
      {!enabled && <p className="muted">Fix the marked fields to see the slots these hours make.</p>}
      {enabled && preview.isPending && <Loading label="Working out the slots…" />}
      {enabled && preview.isError && <ErrorState error={preview.error} />}
      {enabled && preview.data && (
        <>
          <p data-testid="preview-count" aria-live="polite">
            {made} slot{made === 1 ? '' : 's'} in the next {previewDays} days ({preview.data.time_zone})
            {blocked > 0 && `; ${blocked} left out: another slot is in the way`}
          </p>
          {byDate.length === 0 ? (
            <Empty>These hours make no slots in the next {previewDays} days.</Empty>
          ) : (
            <ul className="preview-days" aria-label="Slots these hours make">
              {byDate.map(([date, times]) => (
                <li key={date} data-preview-date={date}>
                  <strong>{shortDay(date)}</strong>
                  <span className="preview-times">
                    {times.map(({ time, blocked: inTheWay }) =>
                      inTheWay ? (
                        <span key={time} className="chip blocked" title="Not made: another slot of the doctor is at this time">
                          <s>{time}</s> <span className="sr-only">(another slot is in the way)</span>
                        </span>
                      ) : (
                        <span key={time} className="chip">
                          {time}
                        </span>
                      ),
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function OutsideRules({ hours }: { hours: WorkingHours }) {
  return (
    <section aria-labelledby="outside-title">
      <h4 id="outside-title">Held or booked slots outside these hours</h4>
      {hours.outside_rules.length === 0 ? (
        <p className="muted">None: every held or booked slot up to {shortDay(hours.generated_through)} fits the hours.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Held or booked slots outside these hours">
            <thead>
              <tr>
                <th>Date</th>
                <th>Time</th>
                <th>Length</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {hours.outside_rules.map((s) => (
                <tr key={s.id} data-outside-slot={s.id}>
                  <td>{shortDay(s.date)}</td>
                  <td>{s.time}</td>
                  <td>{s.duration_minutes} min</td>
                  <td>
                    <span className={`pill pill-${s.status.toLowerCase()}`}>{s.status}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">They are kept as they are; cancel the appointment or move it if the doctor cannot see the patient then.</p>
    </section>
  );
}

function HoursEditorForm({ doctor, hours }: { doctor: Doctor; hours: WorkingHours }) {
  const client = useQueryClient();
  const [form, setForm] = useState<HoursForm>(() => formFrom(hours));
  const [serverErrs, setServerErrs] = useState<Errors>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const { body, paths } = useMemo(() => toInput(form), [form]);
  const clientErrors = useMemo(() => validateHours(form), [form]);
  const valid = Object.keys(clientErrors).length === 0;
  const errors = { ...serverErrs, ...clientErrors };
  const update = (next: HoursForm) => {
    setForm(next);
    setServerErrs({});
    setMessage(null);
  };
  const setDay = (day: Weekday) => (rows: PeriodRow[]) => update({ ...form, days: { ...form.days, [day]: rows } });
  const setException = (key: number, change: Partial<ExceptionRow>) =>
    update({ ...form, exceptions: form.exceptions.map((e) => (e.key === key ? { ...e, ...change } : e)) });

  const save = async () => {
    if (!valid) {
      setMessage({ ok: false, text: 'Fix the marked fields first.' });
      return;
    }
    setBusy(true);
    try {
      const saved = await api.saveWorkingHours(doctor.id, body);
      setMessage({ ok: true, text: `Saved: ${saved.created} slot${saved.created === 1 ? '' : 's'} created, ${saved.deleted} removed.` });
      client.setQueryData(['working-hours', doctor.id], saved.working_hours);
      void client.invalidateQueries({ queryKey: ['slots', doctor.id] });
      void client.invalidateQueries({ queryKey: ['next-slots'] });
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) {
        setServerErrs(serverErrors(err.errors));
        setMessage({ ok: false, text: 'The server refused some fields (marked).' });
      } else setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'Could not save.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form hours-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
      aria-label="Working hours"
    >
      <div className="grid-3">
        <Field label="Slot length (minutes)" name="slot_minutes" inputMode="numeric" value={form.slot_minutes} onChange={(e) => update({ ...form, slot_minutes: e.target.value })} error={errors.slot_minutes} />
        <Field label="Buffer between slots (minutes)" name="buffer_minutes" inputMode="numeric" value={form.buffer_minutes} onChange={(e) => update({ ...form, buffer_minutes: e.target.value })} error={errors.buffer_minutes} />
      </div>
      <div className="week">
        {weekdays.map((day) => (
          <div key={day} className="weekday" role="group" aria-labelledby={`${doctor.id}-${day}`}>
            <span id={`${doctor.id}-${day}`} className="weekday-name">
              {weekdayLabel(day)}
              {form.days[day].length === 0 && <span className="muted small"> · off</span>}
            </span>
            <Periods label={weekdayLabel(day)} rows={form.days[day]} paths={paths} errors={errors} onChange={setDay(day)} />
          </div>
        ))}
      </div>
      <h4>Exceptions</h4>
      <p className="hint">A day off or a holiday, or other hours on one date. Times are the doctor&apos;s ({doctor.time_zone}).</p>
      {form.exceptions.map((e, i) => {
        const path = `exceptions[${i}]`;
        const label = `Exception ${i + 1}`;
        return (
          <fieldset key={e.key} className="exception" aria-label={label}>
            <legend className="sr-only">{label}</legend>
            <div className="exception-head">
              <Field label="Date" name={`${path}.date`} type="date" value={e.date} onChange={(ev) => setException(e.key, { date: ev.target.value })} error={errors[`${path}.date`]} />
              <label className="checkbox">
                <input type="checkbox" checked={e.day_off} onChange={(ev) => setException(e.key, { day_off: ev.target.checked })} /> Day off
              </label>
              <Field label="Note" name={`${path}.note`} value={e.note} onChange={(ev) => setException(e.key, { note: ev.target.value })} error={errors[`${path}.note`]} />
              <button type="button" className="button danger small" onClick={() => update({ ...form, exceptions: form.exceptions.filter((x) => x.key !== e.key) })}>
                Remove
              </button>
            </div>
            {!e.day_off && <Periods label={label} rows={e.periods} paths={paths} errors={errors} onChange={(rows) => setException(e.key, { periods: rows })} />}
            {errors[`${path}.periods`] && <small className="field-error">{errors[`${path}.periods`]}</small>}
          </fieldset>
        );
      })}
      <button
        type="button"
        className="button secondary small"
        onClick={() => update({ ...form, exceptions: [...form.exceptions, { key: newKey(), date: '', day_off: true, periods: [], note: '' }] })}
      >
        + Exception
      </button>
      <Preview doctorId={doctor.id} body={body} enabled={valid} />
      {message && (
        <p className={message.ok ? 'success' : 'inline-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          Save working hours
        </button>
        <span className="muted small">Free slots follow the hours {hours.updated_at ? `up to ${shortDay(hours.generated_through)}` : 'for the coming weeks'}; held and booked slots stay.</span>
      </div>
      <OutsideRules hours={hours} />
    </form>
  );
}

/** A doctor's working hours: weekly periods, slot length, buffer, exceptions, a preview of the slots, and what no longer fits. */
export function WorkingHoursEditor({ doctor }: { doctor: Doctor }) {
  const hours = useQuery({ queryKey: ['working-hours', doctor.id], queryFn: ({ signal }) => api.workingHours(doctor.id, signal) });
  return (
    <section className="stack" aria-labelledby={`hours-${doctor.id}`}>
      <h3 id={`hours-${doctor.id}`}>Working hours</h3>
      {hours.isPending && <Loading label="Loading working hours…" />}
      {hours.isError && <ErrorState error={hours.error} onRetry={() => void hours.refetch()} />}
      {hours.data && <HoursEditorForm key={`${doctor.id}/${doctor.time_zone}`} doctor={doctor} hours={hours.data} />}
    </section>
  );
}
