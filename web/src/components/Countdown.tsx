import { useEffect, useRef, useState } from 'react';
import { formatCountdown, remainingMs } from '../lib/time';

interface Props {
  expiresAt: string;
  /** The server's `now` from the same answer as `expiresAt`. */
  serverNow: string;
  /** Date.now() when that answer arrived. */
  receivedAt: number;
  onExpired?: () => void;
}

/** Time left on a hold, counted on the server's clock (the device's clock may be wrong by minutes). */
export function Countdown({ expiresAt, serverNow, receivedAt, onExpired }: Props) {
  const left = () => remainingMs(expiresAt, serverNow, receivedAt, Date.now());
  const [ms, setMs] = useState(left);
  const fired = useRef(false);
  const expiredRef = useRef(onExpired);
  expiredRef.current = onExpired;

  useEffect(() => {
    fired.current = false;
    const tick = () => {
      const now = left();
      setMs(now);
      if (now <= 0 && !fired.current) {
        fired.current = true;
        expiredRef.current?.();
      }
    };
    tick();
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expiresAt, serverNow, receivedAt]);

  const urgent = ms <= 30_000;
  return (
    <span className={`countdown${urgent ? ' urgent' : ''}`} role="timer" aria-live="off" data-testid="countdown">
      {formatCountdown(ms)}
    </span>
  );
}
