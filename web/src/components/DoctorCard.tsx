import { Link } from 'react-router';
import type { Doctor, Slot } from '../lib/types';
import { shortDay } from '../lib/time';

export function initials(name: string): string {
  return name
    .replace(/^Dr\.?\s+/i, '')
    .split(/\s+/)
    .map((p) => p[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** One doctor in the list, with the next free time (or "no free times"). */
export function DoctorCard({ doctor, next, nextLoading }: { doctor: Doctor; next: Slot | undefined; nextLoading: boolean }) {
  return (
    <li className="card doctor-card">
      <div className="avatar" aria-hidden="true">{initials(doctor.name)}</div>
      <div className="doctor-body">
        <h3>
          <Link to={`/doctors/${doctor.id}`} className="stretched">
            {doctor.name}
          </Link>
        </h3>
        <p className="muted">
          {doctor.specialization}
          {doctor.clinic_name ? ` · ${doctor.clinic_name}` : ''}
          {doctor.experience_years !== null ? ` · ${doctor.experience_years} yrs` : ''}
        </p>
        <p className="next-slot" data-testid="next-slot">
          {nextLoading ? (
            <span className="muted">Finding the next free time…</span>
          ) : next ? (
            <>
              Next free: <strong>{shortDay(next.date)}, {next.time}</strong>
            </>
          ) : (
            <span className="muted">No free times published</span>
          )}
        </p>
      </div>
    </li>
  );
}
