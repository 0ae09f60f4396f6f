import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { AppointmentsTable } from '../components/AppointmentsTable';
import { DoctorForm } from '../components/DoctorForm';
import { Field } from '../components/Field';
import { SlotForm } from '../components/SlotForm';
import { WebhooksPanel } from '../components/WebhooksPanel';
import { WorkingHoursEditor } from '../components/WorkingHoursEditor';
import { Empty, ErrorState, Loading } from '../components/States';
import { api, ApiError, Problems } from '../lib/api';
import { useAuth } from '../lib/auth';
import { addDays, todayIn } from '../lib/time';
import type { Doctor } from '../lib/types';

function SignIn() {
  const { signIn, notice } = useAuth();
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username, password);
    } catch (err) {
      setError(
        err instanceof ApiError && (err.status === 401 || err.status === 400)
          ? 'Wrong user name or password.'
          : err instanceof ApiError && err.status === 404
            ? 'This server has no sign-in endpoint (POST /api/auth/token).'
            : err instanceof ApiError
              ? err.message
              : 'Could not sign in.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
      <h1 id="signin-title">Clinic sign-in</h1>
      <p className="muted">./run.sh prints the admin password when it starts.</p>
      {notice && <p className="notice">{notice}</p>}
      <Field label="User name" name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      {error && <p className="inline-error" role="alert">{error}</p>}
      <button type="submit" className="button" disabled={busy}>
        Sign in
      </button>
    </form>
  );
}

function DoctorSlots({ doctor }: { doctor: Doctor }) {
  const client = useQueryClient();
  const today = todayIn(doctor.time_zone);
  const [date, setDate] = useState(addDays(today, 1));
  const slots = useQuery({ queryKey: ['slots', doctor.id, date, 'all'], queryFn: ({ signal }) => api.slots(doctor.id, date, true, signal) });
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['slots', doctor.id] });
  const remove = async (id: string) => {
    setError(null);
    try {
      await api.deleteSlot(id);
      refresh();
    } catch (e) {
      setError(e instanceof ApiError && e.is(Problems.hasActiveAppointment) ? 'That slot is held or booked; cancel the appointment first.' : e instanceof ApiError ? e.message : 'Could not delete.');
    }
  };
  return (
    <div className="stack">
      <h3>Publish slots</h3>
      <SlotForm
        doctorId={doctor.id}
        defaultDate={addDays(today, 1)}
        onCreate={async (body) => {
          const r = await api.createSlots(body);
          refresh();
          void client.invalidateQueries({ queryKey: ['next-slots'] });
          return r.created;
        }}
      />
      <div className="section-head">
        <h3>Slots on</h3>
        <input type="date" aria-label="Day to list" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} />
      </div>
      {error && <p className="inline-error" role="alert">{error}</p>}
      {slots.isPending && <Loading />}
      {slots.isError && <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />}
      {slots.data && slots.data.length === 0 && <Empty>No slots on this day.</Empty>}
      {slots.data && slots.data.length > 0 && (
        <ul className="chip-list" aria-label="Slots">
          {slots.data.map((s) => (
            <li key={s.id} className={`chip${s.is_available ? '' : ' taken'}`}>
              {s.time} <span className="muted small">{s.is_available ? 'free' : 'taken/past'}</span>
              <button type="button" className="icon-button" aria-label={`Delete ${s.time}`} onClick={() => void remove(s.id)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export default function AdminPage() {
  const { token, signOut } = useAuth();
  const client = useQueryClient();
  const doctors = useQuery({ queryKey: ['doctors', {}], queryFn: ({ signal }) => api.doctors({}, signal), enabled: !!token });
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!token) return <SignIn />;
  const refresh = () => void client.invalidateQueries({ queryKey: ['doctors'] });
  const remove = async (d: Doctor) => {
    if (!window.confirm(`Delete ${d.name} and all of their slots?`)) return;
    setError(null);
    try {
      await api.deleteDoctor(d.id);
      if (editing === d.id) setEditing(null);
      refresh();
    } catch (e) {
      setError(e instanceof ApiError && e.is(Problems.hasActiveAppointment) ? `${d.name} has active appointments; they cannot be deleted yet.` : e instanceof ApiError ? e.message : 'Could not delete.');
    }
  };
  const current = doctors.data?.find((d) => d.id === editing);

  return (
    <>
      <div className="section-head">
        <h1>Clinic admin</h1>
        <button type="button" className="button secondary" onClick={() => signOut()}>
          Sign out
        </button>
      </div>
      <section className="card" aria-labelledby="doctors-title">
        <div className="section-head">
          <h2 id="doctors-title">Doctors</h2>
          <button type="button" className="button" onClick={() => setCreating(!creating)} aria-expanded={creating}>
            {creating ? 'Close' : 'New doctor'}
          </button>
        </div>
        {creating && (
          <DoctorForm
            onSave={async (input) => {
              const d = await api.createDoctor(input);
              refresh();
              setCreating(false);
              setEditing(d.id);
            }}
          />
        )}
        {error && <p className="inline-error" role="alert">{error}</p>}
        {doctors.isPending && <Loading label="Loading doctors…" />}
        {doctors.isError && <ErrorState error={doctors.error} onRetry={() => void doctors.refetch()} />}
        {doctors.data && doctors.data.length === 0 && <Empty>No doctors yet. Create the first one.</Empty>}
        {doctors.data && doctors.data.length > 0 && (
          <ul className="admin-doctors">
            {doctors.data.map((d) => (
              <li key={d.id} className={d.id === editing ? 'selected' : ''}>
                <div>
                  <strong>{d.name}</strong>
                  <span className="muted"> · {d.specialization} · {d.time_zone}</span>
                </div>
                <div className="actions">
                  <button type="button" className="button secondary small" onClick={() => setEditing(d.id === editing ? null : d.id)} aria-expanded={d.id === editing}>
                    {d.id === editing ? 'Close' : 'Edit & slots'}
                  </button>
                  <button type="button" className="button danger small" onClick={() => void remove(d)}>
                    Delete
                  </button>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {current && (
        <section className="card" aria-labelledby="editing-title">
          <h2 id="editing-title">{current.name}</h2>
          <DoctorForm
            key={current.id + current.updated_at}
            doctor={current}
            onSave={async (input) => {
              await api.updateDoctor(current.id, input);
              refresh();
            }}
            onCancel={() => setEditing(null)}
          />
          <WorkingHoursEditor doctor={current} />
          <DoctorSlots key={current.id} doctor={current} />
        </section>
      )}
      <AppointmentsTable doctors={doctors.data ?? []} />
      <WebhooksPanel />
    </>
  );
}
