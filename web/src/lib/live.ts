import { HttpTransportType, HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import { useEffect, useSyncExternalStore } from 'react';
import type { AvailabilityMessage } from './types';

// One WebSocket per tab to /hubs/availability, shared by every component that shows a doctor's day.
// Each day is joined while at least one component watches it; after a reconnect every day is joined
// again and every watcher is told to refetch, since changes may have been missed while offline.

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'offline';

type Watcher = { onChange: (m: AvailabilityMessage) => void; onResync: () => void };

const watchers = new Map<string, Set<Watcher>>();
const stateListeners = new Set<() => void>();
let connection: HubConnection | null = null;
let state: LiveState = 'offline';
let retryTimer: ReturnType<typeof setTimeout> | null = null;

const key = (doctorId: string, date: string) => `${doctorId}/${date}`;

function setState(next: LiveState) {
  state = next;
  stateListeners.forEach((l) => l());
}

function resyncAll() {
  watchers.forEach((set) => set.forEach((w) => w.onResync()));
}

async function joinAll(c: HubConnection) {
  await Promise.all([...watchers.keys()].map((k) => {
    const [doctorId, date] = k.split('/') as [string, string];
    return c.invoke('JoinDay', doctorId, date).catch(() => undefined);
  }));
}

function ensureConnection(): HubConnection {
  if (connection) return connection;
  const c = new HubConnectionBuilder()
    .withUrl('/hubs/availability', { transport: HttpTransportType.WebSockets, skipNegotiation: true })
    .withAutomaticReconnect([0, 1000, 2000, 5000, 10000, 10000, 30000])
    .configureLogging(LogLevel.None)
    .build();
  c.on('SlotChanged', (m: AvailabilityMessage) => {
    watchers.get(key(m.doctor_id, m.date))?.forEach((w) => w.onChange(m));
  });
  c.onreconnecting(() => setState('reconnecting'));
  c.onreconnected(async () => {
    setState('live');
    await joinAll(c);
    resyncAll();
  });
  // Automatic reconnection gave up: keep trying, slowly, for as long as someone watches.
  c.onclose(() => {
    setState('offline');
    scheduleStart(c, 15000);
  });
  connection = c;
  return c;
}

function scheduleStart(c: HubConnection, delay: number) {
  if (retryTimer || watchers.size === 0) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    void start(c, true);
  }, delay);
}

async function start(c: HubConnection, resync: boolean) {
  if (c.state !== HubConnectionState.Disconnected) return;
  setState('connecting');
  try {
    await c.start();
    setState('live');
    await joinAll(c);
    if (resync) resyncAll();
  } catch {
    setState('offline');
    scheduleStart(c, 5000);
  }
}

/** Calls `onChange` for every change of the doctor's day and `onResync` after a reconnection, while mounted. */
export function useLiveDay(doctorId: string | undefined, date: string | undefined, onChange: (m: AvailabilityMessage) => void, onResync: () => void) {
  useEffect(() => {
    if (!doctorId || !date) return;
    const k = key(doctorId, date);
    const watcher: Watcher = { onChange, onResync };
    const c = ensureConnection();
    let set = watchers.get(k);
    const first = !set;
    if (!set) watchers.set(k, (set = new Set()));
    set.add(watcher);
    if (c.state === HubConnectionState.Connected) {
      if (first) void c.invoke('JoinDay', doctorId, date).catch(() => undefined);
    } else {
      void start(c, false);
    }
    return () => {
      set.delete(watcher);
      if (set.size === 0) {
        watchers.delete(k);
        if (c.state === HubConnectionState.Connected) void c.invoke('LeaveDay', doctorId, date).catch(() => undefined);
      }
    };
  }, [doctorId, date, onChange, onResync]);
}

export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (l) => {
      stateListeners.add(l);
      return () => stateListeners.delete(l);
    },
    () => state,
  );
}
