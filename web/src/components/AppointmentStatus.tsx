import { useState } from 'react';
import type { Appointment } from '../lib/types';
import { longDay } from '../lib/time';
import type { Errors } from '../lib/validation';
import { CancelForm } from './CancelForm';
import { Countdown } from './Countdown';

interface Props {
  appointment: Appointment;
  receivedAt: number;
  busy?: boolean;
  error?: string | null;
  /** A message about what just happened (e.g. the appointment was moved). */
  notice?: string | null;
  /** Field errors of a refused cancellation (its reason). */
  cancelErrors?: Errors;
  onConfirm: () => void;
  /** Cancel, with the reason the patient gave ('' for none): asked for first. */
  onCancel: (reason: string) => void;
  /** Open the slot selector to move the appointment (PENDING or CONFIRMED). */
  onChangeTime?: () => void;
  /** Pick a slot again (after expiry or cancellation). */
  onRepick: () => void;
  /** The hold's time ran out on screen: the parent refetches to learn the server's verdict. */
  onExpired?: () => void;
  link?: string;
}

/**
 * The patient's appointment: PENDING with a live countdown and Confirm, Change time and Cancel, then CONFIRMED (Change time,
 * Cancel), CANCELLED (with the reason given) or EXPIRED. Cancel asks for an optional reason first.
 */
export function AppointmentStatus({
  appointment, receivedAt, busy, error, notice, cancelErrors, onConfirm, onCancel, onChangeTime, onRepick, onExpired, link,
}: Props) {
  const [timedOut, setTimedOut] = useState(false);
  const [asking, setAsking] = useState(false);
  const status = appointment.status === 'PENDING' && timedOut ? 'EXPIRED' : appointment.status;
  const when = `${longDay(appointment.appointment_date)} at ${appointment.appointment_time}`;
  const changeTime = onChangeTime && (
    <button type="button" className="button secondary" onClick={onChangeTime} disabled={busy}>
      Change time
    </button>
  );
  const cancelling = asking && <CancelForm busy={busy} serverErrors={cancelErrors} onConfirm={onCancel} onBack={() => setAsking(false)} />;

  return (
    <section className={`card status status-${status.toLowerCase()}`} aria-labelledby="status-title" data-status={status}>
      <p className="badge" data-testid="status-badge">{status}</p>
      {status === 'PENDING' && (
        <>
          <h2 id="status-title">Your slot is held</h2>
          <p>
            {when}. Confirm within{' '}
            <Countdown
              expiresAt={appointment.expires_at ?? appointment.now}
              serverNow={appointment.now}
              receivedAt={receivedAt}
              onExpired={() => {
                setTimedOut(true);
                onExpired?.();
              }}
            />{' '}
            or the slot is released for others.
          </p>
          {cancelling || (
            <div className="actions">
              <button type="button" className="button" onClick={onConfirm} disabled={busy}>
                Confirm appointment
              </button>
              {changeTime}
              <button type="button" className="button secondary" onClick={() => setAsking(true)} disabled={busy}>
                Cancel
              </button>
            </div>
          )}
        </>
      )}
      {status === 'CONFIRMED' && (
        <>
          <h2 id="status-title">Appointment confirmed</h2>
          <p>{when}. We look forward to seeing you, {appointment.patient_name}.</p>
          <p className="sent-note" data-testid="confirmation-sent">
            A confirmation with a calendar invitation has been sent to <strong>{appointment.patient_email}</strong>. Lost this page? Get a link
            to all your appointments on <a href="/my-appointments">My appointments</a>.
          </p>
          {cancelling || (
            <div className="actions">
              {changeTime}
              <button type="button" className="button secondary" onClick={() => setAsking(true)} disabled={busy}>
                Cancel appointment
              </button>
            </div>
          )}
        </>
      )}
      {status === 'EXPIRED' && (
        <>
          <h2 id="status-title">Your hold expired</h2>
          <p>The slot on {when} was not confirmed in time and has been released.</p>
          <div className="actions">
            <button type="button" className="button" onClick={onRepick}>
              Pick another time
            </button>
          </div>
        </>
      )}
      {status === 'CANCELLED' && (
        <>
          <h2 id="status-title">Appointment cancelled</h2>
          <p>The appointment on {when} is cancelled.</p>
          {appointment.cancellation_reason && (
            <p className="cancel-reason" data-testid="cancellation-reason">
              Reason given: <q>{appointment.cancellation_reason}</q>
            </p>
          )}
          <div className="actions">
            <button type="button" className="button" onClick={onRepick}>
              Book another time
            </button>
          </div>
        </>
      )}
      {notice && (
        <p className="success" role="status" data-testid="appointment-notice">
          {notice}
        </p>
      )}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {link && (status === 'PENDING' || status === 'CONFIRMED') && (
        <p className="link-line">
          Keep this link to reopen your appointment later: <a href={link}>{window.location.origin + link}</a>
        </p>
      )}
    </section>
  );
}
