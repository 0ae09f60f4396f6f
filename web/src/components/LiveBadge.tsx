import { useLiveState } from '../lib/live';

const labels = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' } as const;

/** Whether free times update by themselves right now. */
export function LiveBadge() {
  const state = useLiveState();
  return (
    <span className={`live live-${state}`} data-live={state} title="Free times update live while this shows Live">
      <span className="dot" aria-hidden="true" /> {labels[state]}
    </span>
  );
}
