import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { BookingForm } from '../components/BookingForm';
import { initials } from '../components/DoctorCard';
import { LiveBadge } from '../components/LiveBadge';
import { SlotSelector } from '../components/SlotSelector';
import { ErrorState, Loading } from '../components/States';
import { api, ApiError, Problems } from '../lib/api';
import { useLiveDay } from '../lib/live';
import { shortDay, todayIn } from '../lib/time';
import { recallToken, rememberToken } from '../lib/tokens';
import type { AvailabilityMessage, Slot } from '../lib/types';
import { serverErrors, type Errors, type PatientFields } from '../lib/validation';
import { AppointmentPanel } from './AppointmentPanel';

export default function DoctorPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const client = useQueryClient();
  const doctor = useQuery({ queryKey: ['doctor', id], queryFn: ({ signal }) => api.doctor(id, signal) });
  const timeZone = doctor.data?.time_zone ?? 'UTC';
  const today = todayIn(timeZone);
  const next = useQuery({
    queryKey: ['next-slots', [id]],
    queryFn: ({ signal }) => api.nextSlots([id], signal),
    enabled: !params.get('date'),
  });
  const date = params.get('date') ?? next.data?.[0]?.date ?? today;
  const appointmentId = params.get('appointment');
  const appointmentToken = params.get('token') ?? (appointmentId ? recallToken(appointmentId) : null);

  const slotsKey = ['slots', id, date];
  const slots = useQuery({
    queryKey: slotsKey,
    queryFn: ({ signal }) => api.slots(id, date, false, signal),
    enabled: doctor.isSuccess,
  });

  const [selected, setSelected] = useState<Slot | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    void client.invalidateQueries({ queryKey: ['slots', id] });
    void client.invalidateQueries({ queryKey: ['next-slots'] });
  }, [client, id]);
  const onChange = useCallback(
    (m: AvailabilityMessage) => {
      // Apply the change at once (no flicker, no wait), then confirm it with a refetch.
      client.setQueryData<Slot[]>(['slots', id, m.date], (old) => {
        if (!old) return old;
        const rest = old.filter((s) => s.id !== m.slot_id);
        return m.slot?.is_available ? [...rest, m.slot].sort((a, b) => a.time.localeCompare(b.time)) : rest;
      });
      refresh();
    },
    [client, id, refresh],
  );
  useLiveDay(doctor.isSuccess ? id : undefined, date, onChange, refresh);

  // The chosen slot vanished (someone else took it, or it was deleted): say so instead of a silent reset.
  useEffect(() => {
    if (selected && slots.data && !slots.data.some((s) => s.id === selected.id) && !busy) {
      setSelected(null);
      setNotice(`The ${selected.time} slot was just taken by someone else. Please pick another time.`);
    }
  }, [slots.data, selected, busy]);

  const setDate = (d: string) => {
    const nextParams = new URLSearchParams(params);
    nextParams.set('date', d);
    nextParams.delete('appointment');
    nextParams.delete('token');
    setParams(nextParams, { replace: true });
    setSelected(null);
    setNotice(null);
  };

  const book = async (fields: PatientFields) => {
    if (!selected) return;
    setBusy(true);
    setFieldErrors({});
    setFormError(null);
    try {
      const appointment = await api.book({ slot_id: selected.id, ...fields });
      rememberToken(appointment.id, appointment.access_token);
      client.setQueryData(['appointment', appointment.id], { appointment, receivedAt: Date.now() });
      const nextParams = new URLSearchParams(params);
      nextParams.set('date', date);
      nextParams.set('appointment', appointment.id);
      if (appointment.access_token) nextParams.set('token', appointment.access_token);
      setParams(nextParams);
      setSelected(null);
      refresh();
    } catch (e) {
      if (e instanceof ApiError && e.is(Problems.slotTaken)) {
        setSelected(null);
        setNotice(`Sorry, someone else just took the ${selected.time} slot. The free times have been refreshed — please pick another.`);
        refresh();
      } else if (e instanceof ApiError && e.is(Problems.slotInPast)) {
        setSelected(null);
        setNotice('That time has already started. Please pick a later one.');
        refresh();
      } else if (e instanceof ApiError && Object.keys(e.errors).length > 0) {
        setFieldErrors(serverErrors(e.errors));
      } else {
        setFormError(e instanceof ApiError ? e.message : 'Something went wrong. Please try again.');
      }
    } finally {
      setBusy(false);
    }
  };

  if (doctor.isPending) return <Loading label="Loading doctor…" />;
  if (doctor.isError) {
    const notFound = doctor.error instanceof ApiError && (doctor.error.status === 404 || doctor.error.status === 400);
    return (
      <>
        <ErrorState error={notFound ? new ApiError(404, 'not-found', 'There is no such doctor.') : doctor.error} onRetry={notFound ? undefined : () => void doctor.refetch()} />
        <p>
          <Link to="/">Back to all doctors</Link>
        </p>
      </>
    );
  }
  const d = doctor.data;

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to="/">All doctors</Link> <span aria-hidden="true">/</span> <span>{d.name}</span>
      </nav>
      <header className="doctor-header card">
        <div className="avatar large" aria-hidden="true">{initials(d.name)}</div>
        <div>
          <h1>{d.name}</h1>
          <p className="muted">
            {d.specialization}
            {d.clinic_name ? ` · ${d.clinic_name}` : ''}
            {d.experience_years !== null ? ` · ${d.experience_years} years of experience` : ''}
          </p>
          {d.bio && <p>{d.bio}</p>}
        </div>
        <LiveBadge />
      </header>
      <div className="booking-layout">
        <SlotSelector
          timeZone={timeZone}
          today={today}
          date={date}
          onDateChange={setDate}
          slots={slots.data}
          loading={slots.isPending}
          error={slots.isError ? slots.error : null}
          onRetry={() => void slots.refetch()}
          selectedId={selected?.id ?? null}
          onSelect={(s) => {
            setSelected(s);
            setNotice(null);
            setFieldErrors({});
            setFormError(null);
          }}
        />
        <div className="side">
          {notice && (
            <div className="notice" role="alert" data-testid="notice">
              {notice}
            </div>
          )}
          {appointmentId ? (
            <AppointmentPanel
              key={appointmentId}
              id={appointmentId}
              token={appointmentToken}
              onRepick={() => {
                setDate(date);
                refresh();
              }}
              onMoved={(moved) => {
                // Show the day the appointment is on now, on its doctor's page if it moved to another doctor.
                refresh();
                const nextParams = new URLSearchParams(params);
                nextParams.set('date', moved.appointment_date);
                if (moved.doctor_id === id) setParams(nextParams, { replace: true });
                else navigate(`/doctors/${moved.doctor_id}?${nextParams.toString()}`);
              }}
            />
          ) : selected ? (
            <>
              <BookingForm slotLabel={`${shortDay(date)} at ${selected.time}`} busy={busy} serverErrors={fieldErrors} onSubmit={(f) => void book(f)} />
              {formError && (
                <p className="inline-error" role="alert">
                  {formError}
                </p>
              )}
            </>
          ) : (
            !notice && <div className="card hint-card">Choose a free time to book it.</div>
          )}
        </div>
      </div>
    </>
  );
}
