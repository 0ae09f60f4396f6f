import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../lib/api';
import type { Appointment, Doctor } from '../lib/types';
import { Empty, ErrorState, Loading } from './States';

const statuses = ['', 'PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED'];
const pageSize = 20;

/** An appointment's status in the admin table, with the reason given when it was cancelled. */
export function StatusCell({ appointment }: { appointment: Appointment }) {
  return (
    <>
      <span className={`pill pill-${appointment.status.toLowerCase()}`}>{appointment.status}</span>
      {appointment.cancellation_reason && (
        <small className="reason-note" data-testid="cancellation-reason">
          Reason: <q>{appointment.cancellation_reason}</q>
        </small>
      )}
    </>
  );
}

/** Every appointment, newest first, filtered, 20 a page (cursor pagination with a back stack). Cancellations show their reason. */
export function AppointmentsTable({ doctors }: { doctors: Doctor[] }) {
  const [filter, setFilter] = useState({ status: '', doctor_id: '', date: '', patient_email: '' });
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: ['appointments', filter, cursor],
    queryFn: ({ signal }) => api.appointments({ ...filter, limit: String(pageSize), cursor }, signal),
    placeholderData: (previous) => previous,
    refetchInterval: 10_000,
  });
  const names = new Map(doctors.map((d) => [d.id, d.name]));
  const set = (k: keyof typeof filter) => (e: { target: { value: string } }) => {
    setFilter({ ...filter, [k]: e.target.value });
    setCursors([]);
  };

  return (
    <section className="card" aria-labelledby="appointments-title">
      <h2 id="appointments-title">Appointments</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label className="filter">
          <span>Status</span>
          <select value={filter.status} onChange={set('status')}>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s || 'Any status'}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Doctor</span>
          <select value={filter.doctor_id} onChange={set('doctor_id')}>
            <option value="">Any doctor</option>
            {doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>Date</span>
          <input type="date" value={filter.date} onChange={set('date')} />
        </label>
        <label className="filter">
          <span>Patient email</span>
          <input type="email" value={filter.patient_email} onChange={set('patient_email')} placeholder="name@example.com" />
        </label>
      </form>
      {query.isPending && <Loading label="Loading appointments…" />}
      {query.isError && <ErrorState error={query.error} onRetry={() => void query.refetch()} />}
      {query.data && query.data.items.length === 0 && <Empty>No appointments match these filters.</Empty>}
      {query.data && query.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} aria-label="Appointments table, scrolls sideways" aria-busy={query.isFetching}>
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Doctor</th>
                <th scope="col">Patient</th>
                <th scope="col">Contact</th>
                <th scope="col">Status</th>
                <th scope="col">Booked</th>
              </tr>
            </thead>
            <tbody>
              {query.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {a.appointment_date} {a.appointment_time}
                  </td>
                  <td>{names.get(a.doctor_id) ?? a.doctor_id.slice(0, 8)}</td>
                  <td>{a.patient_name}</td>
                  <td>
                    {a.patient_email}
                    <br />
                    <span className="muted">{a.patient_phone}</span>
                  </td>
                  <td>
                    <StatusCell appointment={a} />
                  </td>
                  <td className="muted">{new Date(a.created_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <button type="button" className="button secondary" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {cursors.length + 1}</span>
        <button
          type="button"
          className="button secondary"
          disabled={!query.data?.next_cursor}
          onClick={() => query.data?.next_cursor && setCursors([...cursors, query.data.next_cursor])}
        >
          Next
        </button>
      </div>
    </section>
  );
}
