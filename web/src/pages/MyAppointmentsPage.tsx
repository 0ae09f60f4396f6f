import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { Field } from '../components/Field';
import { Empty, Loading } from '../components/States';
import { api, ApiError, Problems } from '../lib/api';
import { longDay } from '../lib/time';
import { appointmentLink, rememberToken } from '../lib/tokens';
import type { MyAppointment, MyAppointments } from '../lib/types';

// The list a link opened, kept for this tab only: the link works once, so a reload must not need it again.
const sessionKey = 'booking.my-appointments';

function stored(): MyAppointments | null {
  try {
    return JSON.parse(sessionStorage.getItem(sessionKey) ?? 'null') as MyAppointments | null;
  } catch {
    return null;
  }
}

function AskForLink() {
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSent((await api.requestSignInLink(email.trim())).message);
    } catch (err) {
      setError(
        err instanceof ApiError && err.is(Problems.rateLimited)
          ? 'Too many requests from here; try again in a minute.'
          : err instanceof ApiError && err.errors.email
            ? `E-mail ${err.errors.email[0]}`
            : err instanceof ApiError
              ? err.message
              : 'Could not ask for a link.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card form narrow" onSubmit={(e) => void submit(e)} aria-labelledby="ask-title">
      <h2 id="ask-title">Get a link by e-mail</h2>
      <p className="muted">Enter the address you booked with. We send a link that opens the list of your appointments; it works once, for a short time.</p>
      <Field label="E-mail" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
      {error && <p className="inline-error" role="alert">{error}</p>}
      {sent && (
        <p className="notice" role="status" data-testid="link-sent">
          {sent}
        </p>
      )}
      <button type="submit" className="button" disabled={busy}>
        Send me a link
      </button>
    </form>
  );
}

function Item({ a }: { a: MyAppointment }) {
  return (
    <li data-testid="my-appointment" data-status={a.status}>
      <div>
        <strong>{a.doctor_name}</strong>
        <span className="muted">
          {' '}
          · {longDay(a.appointment_date)} at {a.appointment_time} ({a.time_zone})
        </span>
      </div>
      <div className="actions">
        <span className="badge">{a.status}</span>
        <Link className="button secondary small" to={appointmentLink(a.id, a.access_token)}>
          Open
        </Link>
      </div>
    </li>
  );
}

function List({ mine, onForget }: { mine: MyAppointments; onForget: () => void }) {
  return (
    <section className="card" aria-labelledby="mine-title">
      <div className="section-head">
        <h2 id="mine-title">Appointments of {mine.email}</h2>
        <button type="button" className="button secondary small" onClick={onForget}>
          Close
        </button>
      </div>
      <h3>Upcoming</h3>
      {mine.upcoming.length === 0 ? (
        <Empty>No upcoming appointments.</Empty>
      ) : (
        <ul className="my-list" aria-label="Upcoming appointments">
          {mine.upcoming.map((a) => (
            <Item key={a.id} a={a} />
          ))}
        </ul>
      )}
      <h3>Past</h3>
      {mine.past.length === 0 ? (
        <Empty>No past appointments.</Empty>
      ) : (
        <ul className="my-list" aria-label="Past appointments">
          {mine.past.map((a) => (
            <Item key={a.id} a={a} />
          ))}
        </ul>
      )}
    </section>
  );
}

const linkToken = () => new URLSearchParams(window.location.hash.slice(1)).get('token');

/** "My appointments": ask for a sign-in link, or open the one the e-mail brought (/my-appointments#token=…). */
export default function MyAppointmentsPage() {
  const [token, setToken] = useState(linkToken);
  const [mine, setMine] = useState<MyAppointments | null>(() => (token ? null : stored()));
  const [error, setError] = useState<string | null>(null);

  // A link opened in a tab that already shows this page changes only the fragment.
  useEffect(() => {
    const follow = () => setToken(linkToken());
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);

  useEffect(() => {
    if (!token) return;
    setMine(null);
    setError(null);
    // The token leaves the address bar (and history) at once; it is in the fragment, so no server ever logged it.
    window.history.replaceState(null, '', window.location.pathname);
    let live = true;
    api
      .openMyAppointments(token)
      .then((opened) => {
        if (!live) return;
        for (const a of [...opened.upcoming, ...opened.past]) rememberToken(a.id, a.access_token);
        sessionStorage.setItem(sessionKey, JSON.stringify(opened));
        setMine(opened);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setError(
          e instanceof ApiError && e.is(Problems.signInLinkInvalid)
            ? 'This link has been used already or has expired. Ask for a new one below.'
            : e instanceof ApiError
              ? e.message
              : 'Could not open the link.',
        );
      });
    return () => {
      live = false;
    };
  }, [token]);

  const forget = () => {
    sessionStorage.removeItem(sessionKey);
    setMine(null);
  };
  return (
    <>
      <h1>My appointments</h1>
      {token && !mine && !error && <Loading label="Opening your link…" />}
      {error && (
        <p className="inline-error" role="alert">
          {error}
        </p>
      )}
      {mine ? <List mine={mine} onForget={forget} /> : (!token || error) && <AskForLink />}
    </>
  );
}
