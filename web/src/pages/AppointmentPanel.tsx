import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AppointmentStatus } from '../components/AppointmentStatus';
import { ChangeTime } from '../components/ChangeTime';
import { ErrorState, Loading } from '../components/States';
import { api, ApiError, Problems } from '../lib/api';
import { moveRefusal } from '../lib/reschedule';
import { longDay, todayIn } from '../lib/time';
import type { Appointment, Slot } from '../lib/types';
import { appointmentLink } from '../lib/tokens';
import { serverErrors, type Errors } from '../lib/validation';

interface Props {
  id: string;
  token: string | null;
  onRepick: (appointment: Appointment) => void;
  /** The appointment was moved (possibly to another doctor). */
  onMoved?: (appointment: Appointment) => void;
}

/** Loads an appointment (with the server's `now`) and drives confirm, cancel (with a reason) and change of time. */
export function AppointmentPanel({ id, token, onRepick, onMoved }: Props) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [cancelErrors, setCancelErrors] = useState<Errors>({});
  const [changing, setChanging] = useState(false);
  const query = useQuery({
    queryKey: ['appointment', id],
    queryFn: async ({ signal }) => ({ appointment: await api.appointment(id, token, signal), receivedAt: Date.now() }),
    retry: (count, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && count < 2,
  });
  const show = (appointment: Appointment) => client.setQueryData(['appointment', id], { appointment, receivedAt: Date.now() });

  const act = async (action: 'confirm' | 'cancel', reason = '') => {
    setBusy(true);
    setError(null);
    setNotice(null);
    setCancelErrors({});
    try {
      show(await (action === 'confirm' ? api.confirm(id, token) : api.cancel(id, token, reason)));
    } catch (e) {
      if (e instanceof ApiError && e.is(Problems.holdExpired)) setError('Too late: the hold expired before it was confirmed.');
      else if (e instanceof ApiError && e.is(Problems.cancelled)) setError('This appointment was cancelled.');
      else if (e instanceof ApiError && Object.keys(e.errors).length > 0) setCancelErrors(serverErrors(e.errors));
      else setError(e instanceof ApiError ? e.message : 'Something went wrong.');
      await query.refetch();
    } finally {
      setBusy(false);
    }
  };

  if (query.isPending) return <Loading label="Loading your appointment…" />;
  if (query.isError) {
    const e = query.error;
    const message =
      e instanceof ApiError && (e.status === 401 || e.status === 403)
        ? new ApiError(e.status, e.type, 'This link is missing its access token or the token is wrong. Open the link you were given when you booked.')
        : e instanceof ApiError && e.status === 404
          ? new ApiError(404, e.type, 'There is no such appointment.')
          : e;
    return <ErrorState error={message} onRetry={() => void query.refetch()} />;
  }
  const { appointment, receivedAt } = query.data;
  if (changing && (appointment.status === 'PENDING' || appointment.status === 'CONFIRMED')) {
    return (
      <ChangeTimePanel
        appointment={appointment}
        token={token}
        onMoved={(moved) => {
          show(moved);
          setChanging(false);
          setNotice(`Moved to ${longDay(moved.appointment_date)} at ${moved.appointment_time}.`);
          onMoved?.(moved);
        }}
        onGone={(message) => {
          setChanging(false);
          setError(message);
          void query.refetch();
        }}
        onBack={() => setChanging(false)}
      />
    );
  }
  return (
    <AppointmentStatus
      appointment={appointment}
      receivedAt={receivedAt}
      busy={busy}
      error={error}
      notice={notice}
      cancelErrors={cancelErrors}
      onConfirm={() => void act('confirm')}
      onCancel={(reason) => void act('cancel', reason)}
      onChangeTime={() => {
        setError(null);
        setNotice(null);
        setChanging(true);
      }}
      onRepick={() => onRepick(appointment)}
      onExpired={() => void query.refetch()}
      link={appointmentLink(appointment.id, token)}
    />
  );
}

interface ChangeTimePanelProps {
  appointment: Appointment;
  token: string | null;
  onMoved: (appointment: Appointment) => void;
  /** The appointment can no longer move (its hold expired, or it was cancelled meanwhile). */
  onGone: (message: string) => void;
  onBack: () => void;
}

/** Loads the doctors and a day's free times for "Change time", and sends the move. */
function ChangeTimePanel({ appointment, token, onMoved, onGone, onBack }: ChangeTimePanelProps) {
  const client = useQueryClient();
  const doctors = useQuery({ queryKey: ['doctors', {}], queryFn: ({ signal }) => api.doctors({}, signal) });
  const [doctorId, setDoctorId] = useState(appointment.doctor_id);
  const timeZone = doctors.data?.find((d) => d.id === doctorId)?.time_zone ?? 'UTC';
  const today = todayIn(timeZone);
  const [date, setDate] = useState(appointment.appointment_date > today ? appointment.appointment_date : today);
  const slots = useQuery({ queryKey: ['slots', doctorId, date], queryFn: ({ signal }) => api.slots(doctorId, date, false, signal) });
  const [selected, setSelected] = useState<Slot | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const move = async (slot: Slot) => {
    setBusy(true);
    setError(null);
    try {
      const moved = await api.reschedule(appointment.id, token, slot.id);
      // Both days changed: the one left and the one joined.
      void client.invalidateQueries({ queryKey: ['slots'] });
      void client.invalidateQueries({ queryKey: ['next-slots'] });
      onMoved(moved);
    } catch (e) {
      const refusal = moveRefusal(e, slot.time);
      if (refusal.reload === 'appointment') {
        onGone(refusal.message);
        return;
      }
      setSelected(null);
      setError(refusal.message);
      if (refusal.reload === 'slots') void client.invalidateQueries({ queryKey: ['slots', doctorId] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <ChangeTime
      appointment={appointment}
      doctors={doctors.data}
      doctorId={doctorId}
      onDoctorChange={(d) => {
        setDoctorId(d);
        setSelected(null);
        setError(null);
      }}
      timeZone={timeZone}
      today={today}
      date={date}
      onDateChange={(d) => {
        setDate(d);
        setSelected(null);
      }}
      slots={slots.data}
      loading={slots.isPending}
      slotsError={slots.isError ? slots.error : null}
      onRetry={() => void slots.refetch()}
      selected={selected}
      onSelect={(s) => {
        setSelected(s);
        setError(null);
      }}
      busy={busy}
      error={error}
      onConfirm={(s) => void move(s)}
      onBack={onBack}
    />
  );
}
