import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../lib/api';
import { webhookEvents, type Webhook } from '../lib/types';
import { Field } from './Field';
import { Empty, ErrorState, Loading } from './States';

function Attempts({ webhook }: { webhook: Webhook }) {
  const query = useQuery({
    queryKey: ['webhook-attempts', webhook.id],
    queryFn: ({ signal }) => api.webhookAttempts(webhook.id, signal),
    refetchInterval: 5_000,
  });
  if (query.isPending) return <Loading label="Loading deliveries…" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <Empty>No deliveries yet.</Empty>;
  return (
    <div className="table-wrap">
      <table aria-label={`Deliveries to ${webhook.url}`}>
        <thead>
          <tr>
            <th>When</th>
            <th>Event</th>
            <th>Attempt</th>
            <th>Answer</th>
            <th>Took</th>
            <th>Delivery</th>
          </tr>
        </thead>
        <tbody>
          {query.data.items.map((a) => (
            <tr key={a.id} data-testid="webhook-attempt" data-succeeded={a.succeeded}>
              <td>{new Date(a.at).toLocaleString()}</td>
              <td>
                {a.event_type} <span className="muted small">#{a.event_id}</span>
              </td>
              <td>{a.attempt}</td>
              <td>{a.succeeded ? `${a.status_code} OK` : (a.error ?? 'failed')}</td>
              <td>{a.duration_ms} ms</td>
              <td>{a.delivery_status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewWebhook({ onCreated }: { onCreated: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['appointment.confirmed', 'appointment.cancelled']);
  const [contact, setContact] = useState(false);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({});
    try {
      onCreated(await api.createWebhook({ url: url.trim(), events, include_contact_data: contact }));
      setUrl('');
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) setErrors(err.errors);
      else setError(err instanceof ApiError ? err.message : 'Could not register the endpoint.');
    } finally {
      setBusy(false);
    }
  };
  const toggle = (name: string) => setEvents(events.includes(name) ? events.filter((e) => e !== name) : [...events, name]);
  return (
    <form className="form" onSubmit={(e) => void submit(e)} aria-label="New webhook">
      <Field label="URL" name="url" type="url" placeholder="https://example.com/hooks" value={url} error={errors.url?.[0]} onChange={(e) => setUrl(e.target.value)} />
      <fieldset className="checks">
        <legend>Events</legend>
        {webhookEvents.map((name) => (
          <label key={name} className="check">
            <input type="checkbox" checked={events.includes(name)} onChange={() => toggle(name)} /> {name}
          </label>
        ))}
      </fieldset>
      {errors.events && <p className="field-error">Events {errors.events[0]}</p>}
      <label className="check">
        <input type="checkbox" checked={contact} onChange={(e) => setContact(e.target.checked)} /> Include the patient&apos;s name, e-mail and phone
      </label>
      {error && <p className="inline-error" role="alert">{error}</p>}
      <div>
        <button type="submit" className="button" disabled={busy}>
          Register endpoint
        </button>
      </div>
    </form>
  );
}

/** Webhook endpoints: register (the secret is shown once), remove, and each one's recent deliveries. */
export function WebhooksPanel() {
  const client = useQueryClient();
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => api.webhooks(signal) });
  const [created, setCreated] = useState<Webhook | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: ['webhooks'] });
  const remove = async (w: Webhook) => {
    if (!window.confirm(`Remove the webhook ${w.url} and its delivery log?`)) return;
    setError(null);
    try {
      await api.deleteWebhook(w.id);
      if (open === w.id) setOpen(null);
      refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not remove.');
    }
  };
  return (
    <section className="card" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      <p className="muted small">
        Each delivery is a POST signed with the endpoint&apos;s secret: header Booking-Signature is v1= and the hex HMAC-SHA256 of
        &quot;Booking-Timestamp.body&quot;.
      </p>
      <NewWebhook
        onCreated={(w) => {
          setCreated(w);
          refresh();
        }}
      />
      {created?.secret && (
        <p className="notice" role="status" data-testid="webhook-secret">
          Secret of {created.url} (shown once, keep it): <span className="secret">{created.secret}</span>
        </p>
      )}
      {error && <p className="inline-error" role="alert">{error}</p>}
      {hooks.isPending && <Loading label="Loading webhooks…" />}
      {hooks.isError && <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />}
      {hooks.data && hooks.data.items.length === 0 && <Empty>No webhooks yet.</Empty>}
      {hooks.data && hooks.data.items.length > 0 && (
        <ul className="admin-doctors" aria-label="Registered webhooks">
          {hooks.data.items.map((w) => (
            <li key={w.id} className={w.id === open ? 'selected' : ''}>
              <div>
                <strong>{w.url}</strong>
                <span className="muted">
                  {' '}
                  · {w.events.join(', ')}
                  {w.include_contact_data ? ' · with contact data' : ''}
                </span>
              </div>
              <div className="actions">
                <button type="button" className="button secondary small" onClick={() => setOpen(open === w.id ? null : w.id)} aria-expanded={open === w.id}>
                  {open === w.id ? 'Hide deliveries' : 'Deliveries'}
                </button>
                <button type="button" className="button danger small" onClick={() => void remove(w)}>
                  Remove
                </button>
              </div>
              {open === w.id && (
                <div className="full-width">
                  <Attempts webhook={w} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
