import type { Appointment, Doctor, Slot } from '../lib/types';
import { longDay, shortDay } from '../lib/time';
import { SlotSelector, type SlotSelectorProps } from './SlotSelector';

/** The day and the free times of the chosen doctor, as the slot selector shows them. */
type DayProps = Pick<SlotSelectorProps, 'timeZone' | 'today' | 'date' | 'onDateChange' | 'slots' | 'loading' | 'onRetry' | 'onSelect'>;

interface Props extends DayProps {
  /** The appointment as it is now. */
  appointment: Appointment;
  /** Every doctor, to move to another one's time (undefined while loading). */
  doctors: Doctor[] | undefined;
  doctorId: string;
  onDoctorChange: (doctorId: string) => void;
  slotsError: unknown;
  selected: Slot | null;
  busy?: boolean;
  error?: string | null;
  /** Move the appointment to the chosen slot. */
  onConfirm: (slot: Slot) => void;
  /** Keep the current time. */
  onBack: () => void;
}

/** "Change time": a doctor (the same one by default), a day and a free time, then one click to move the appointment there. */
export function ChangeTime({
  appointment, doctors, doctorId, onDoctorChange, timeZone, today, date, onDateChange, slots, loading, slotsError, onRetry,
  selected, onSelect, busy, error, onConfirm, onBack,
}: Props) {
  const name = (id: string) => doctors?.find((d) => d.id === id)?.name;
  const otherDoctor = doctorId !== appointment.doctor_id;
  return (
    <div className="change-time">
      <section className="card" aria-labelledby="change-title">
        <h2 id="change-title">Change the time</h2>
        <p className="muted">
          Now: {longDay(appointment.appointment_date)} at {appointment.appointment_time}
          {name(appointment.doctor_id) ? ` with ${name(appointment.doctor_id)}` : ''}.
          {appointment.status === 'PENDING' ? ' Your hold keeps its deadline: confirm it in time after moving.' : ' It stays confirmed.'}
        </p>
        <label className="filter">
          <span>Doctor</span>
          <select value={doctorId} onChange={(e) => onDoctorChange(e.target.value)} disabled={!doctors}>
            {(doctors ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} · {d.specialization}
              </option>
            ))}
            {!doctors && <option value={doctorId}>Loading doctors…</option>}
          </select>
        </label>
      </section>
      <SlotSelector
        timeZone={timeZone}
        today={today}
        date={date}
        onDateChange={onDateChange}
        slots={slots?.filter((s) => s.id !== appointment.slot_id)}
        loading={loading}
        error={slotsError}
        onRetry={onRetry}
        selectedId={selected?.id ?? null}
        onSelect={onSelect}
      />
      <section className="card" aria-label="Move">
        <p data-testid="move-summary">
          {selected
            ? `Move to ${shortDay(date)} at ${selected.time}${otherDoctor && name(doctorId) ? ` with ${name(doctorId)}` : ''}?`
            : 'Choose a free time above.'}
        </p>
        {error && (
          <p className="inline-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button" disabled={!selected || busy} onClick={() => selected && onConfirm(selected)}>
            {busy ? 'Moving…' : 'Move my appointment'}
          </button>
          <button type="button" className="button secondary" onClick={onBack} disabled={busy}>
            Keep current time
          </button>
        </div>
      </section>
    </div>
  );
}
