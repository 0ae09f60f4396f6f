import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Countdown } from './Countdown';

describe('Countdown', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('counts on the server clock even when the device clock is hours off', () => {
    // The device thinks it is 2030; the server said 10:00:00 and the hold ends at 10:02:00.
    vi.setSystemTime(new Date('2030-06-01T15:00:00Z'));
    const receivedAt = Date.now();
    render(<Countdown expiresAt="2026-11-26T10:02:00.000Z" serverNow="2026-11-26T10:00:00.000Z" receivedAt={receivedAt} />);

    expect(screen.getByRole('timer')).toHaveTextContent('2:00');
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.getByRole('timer')).toHaveTextContent('1:59');
    act(() => vi.advanceTimersByTime(89_000));
    expect(screen.getByRole('timer')).toHaveTextContent('0:30');
  });

  it('stops at zero and reports the expiry once', () => {
    vi.setSystemTime(new Date('2026-11-26T10:00:00Z'));
    const onExpired = vi.fn();
    render(<Countdown expiresAt="2026-11-26T10:00:03.000Z" serverNow="2026-11-26T10:00:00.000Z" receivedAt={Date.now()} onExpired={onExpired} />);

    act(() => vi.advanceTimersByTime(2000));
    expect(onExpired).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(5000));
    expect(screen.getByRole('timer')).toHaveTextContent('0:00');
    expect(onExpired).toHaveBeenCalledTimes(1);
  });
});
