import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { AppointmentStatus } from '../components/AppointmentStatus';
import { ErrorState, Loading } from '../components/States';
import { api, ApiError, Problems } from '../lib/api';
import type { Appointment } from '../lib/types';
import { appointmentLink } from '../lib/tokens';

interface Props {
  id: string;
  token: string | null;
  onRepick: (appointment: Appointment) => void;
}

/** Loads an appointment (with the server's `now`) and drives confirm/cancel. */
export function AppointmentPanel({ id, token, onRepick }: Props) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ['appointment', id],
    queryFn: async ({ signal }) => ({ appointment: await api.appointment(id, token, signal), receivedAt: Date.now() }),
    retry: (count, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && count < 2,
  });

  const act = async (action: 'confirm' | 'cancel') => {
    setBusy(true);
    setError(null);
    try {
      const appointment = await (action === 'confirm' ? api.confirm(id, token) : api.cancel(id, token));
      client.setQueryData(['appointment', id], { appointment, receivedAt: Date.now() });
    } catch (e) {
      if (e instanceof ApiError && e.is(Problems.holdExpired)) setError('Too late: the hold expired before it was confirmed.');
      else if (e instanceof ApiError && e.is(Problems.cancelled)) setError('This appointment was cancelled.');
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
  return (
    <AppointmentStatus
      appointment={appointment}
      receivedAt={receivedAt}
      busy={busy}
      error={error}
      onConfirm={() => void act('confirm')}
      onCancel={() => void act('cancel')}
      onRepick={() => onRepick(appointment)}
      onExpired={() => void query.refetch()}
      link={appointmentLink(appointment.id, token)}
    />
  );
}
