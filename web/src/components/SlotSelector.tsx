import type { Slot } from '../lib/types';
import { addDays, shortDay } from '../lib/time';
import { Empty, ErrorState, Loading } from './States';

export interface SlotSelectorProps {
  timeZone: string;
  today: string;
  date: string;
  onDateChange: (date: string) => void;
  slots: Slot[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  selectedId: string | null;
  onSelect: (slot: Slot) => void;
}

const days = 14;

/** A day picker (in the doctor's time zone) and that day's free slots as buttons. */
export function SlotSelector({ timeZone, today, date, onDateChange, slots, loading, error, onRetry, selectedId, onSelect }: SlotSelectorProps) {
  const range = Array.from({ length: days }, (_, i) => addDays(today, i));
  return (
    <section className="card" aria-labelledby="slots-title">
      <div className="section-head">
        <h2 id="slots-title">Choose a time</h2>
        <span className="muted small">Times in {timeZone}</span>
      </div>
      <div className="day-picker" role="group" aria-label="Day">
        {range.map((d) => (
          <button
            key={d}
            type="button"
            className={`day${d === date ? ' selected' : ''}`}
            aria-pressed={d === date}
            onClick={() => onDateChange(d)}
          >
            {d === today ? 'Today' : shortDay(d)}
          </button>
        ))}
        <label className="day-input">
          <span className="sr-only">Another day</span>
          <input type="date" value={date} min={today} onChange={(e) => e.target.value && onDateChange(e.target.value)} />
        </label>
      </div>
      {loading && <Loading label="Loading free times…" />}
      {!loading && error !== null && error !== undefined && <ErrorState error={error} onRetry={onRetry} />}
      {!loading && !error && slots && slots.length === 0 && <Empty>No free times on {shortDay(date)}. Try another day.</Empty>}
      {!loading && !error && slots && slots.length > 0 && (
        <ul className="slot-grid" aria-label={`Free times on ${shortDay(date)}`}>
          {slots.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`slot${s.id === selectedId ? ' selected' : ''}`}
                aria-pressed={s.id === selectedId}
                data-slot-time={s.time}
                onClick={() => onSelect(s)}
              >
                {s.time}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
