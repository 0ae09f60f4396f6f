import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../lib/types';
import { AppointmentStatus } from './AppointmentStatus';

const base: Appointment = {
  id: '0192a000-0000-7000-8000-000000000001',
  slot_id: '0192a000-0000-7000-8000-000000000002',
  doctor_id: '0192a000-0000-7000-8000-000000000003',
  patient_name: 'Grace Hopper',
  patient_email: 'grace@example.com',
  patient_phone: '+1 555 0100',
  reason: null,
  appointment_date: '2026-12-01',
  appointment_time: '09:30',
  status: 'PENDING',
  created_at: '2026-11-26T10:00:00.000Z',
  expires_at: '2026-11-26T10:02:00.000Z',
  updated_at: '2026-11-26T10:00:00.000Z',
  now: '2026-11-26T10:00:00.000Z',
  cancellation_reason: null,
};

const handlers = () => ({ onConfirm: vi.fn(), onCancel: vi.fn(), onChangeTime: vi.fn(), onRepick: vi.fn(), onExpired: vi.fn() });

describe('AppointmentStatus', () => {
  afterEach(() => vi.useRealTimers());

  it('shows a pending hold with its countdown, and confirm and cancel act', async () => {
    const h = handlers();
    render(<AppointmentStatus appointment={base} receivedAt={Date.now()} {...h} />);

    expect(screen.getByTestId('status-badge')).toHaveTextContent('PENDING');
    expect(screen.getByRole('timer')).toHaveTextContent(/^[12]:\d\d$/);
    expect(screen.queryByTestId('confirmation-sent')).toBeNull();
    expect(screen.getByText(/Tuesday,? 1 December 2026 at 09:30/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Confirm appointment' }));
    await userEvent.click(screen.getByRole('button', { name: 'Change time' }));
    expect(h.onConfirm).toHaveBeenCalledTimes(1);
    expect(h.onChangeTime).toHaveBeenCalledTimes(1);

    // Cancel asks first; without a reason it cancels with none.
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(h.onCancel).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(h.onCancel).toHaveBeenCalledWith('');
  });

  it('asks for an optional reason before cancelling, and can keep the appointment after all', async () => {
    const h = handlers();
    render(<AppointmentStatus appointment={{ ...base, status: 'CONFIRMED', expires_at: null }} receivedAt={Date.now()} {...h} />);

    await userEvent.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    await userEvent.click(screen.getByRole('button', { name: 'Keep appointment' }));
    expect(screen.queryByLabelText('Reason for cancelling (optional)')).toBeNull();
    expect(h.onCancel).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel appointment' }));
    await userEvent.type(screen.getByLabelText('Reason for cancelling (optional)'), 'Feeling better');
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(h.onCancel).toHaveBeenCalledExactlyOnceWith('Feeling better');
  });

  it('shows a cancelled appointment with the reason given, and no change of time', () => {
    render(
      <AppointmentStatus appointment={{ ...base, status: 'CANCELLED', cancellation_reason: 'Feeling better' }} receivedAt={Date.now()} {...handlers()} />,
    );

    expect(screen.getByTestId('cancellation-reason')).toHaveTextContent('Reason given: Feeling better');
    expect(screen.queryByRole('button', { name: 'Change time' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Book another time' })).toBeEnabled();
  });

  it('says where a moved appointment is now', () => {
    render(<AppointmentStatus appointment={base} receivedAt={Date.now()} notice="Moved to Tuesday, 1 December 2026 at 09:30." {...handlers()} />);

    expect(screen.getByRole('status')).toHaveTextContent('Moved to Tuesday, 1 December 2026 at 09:30.');
  });

  it('turns into EXPIRED with a one-click re-pick when the countdown runs out', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    vi.setSystemTime(new Date('2026-11-26T10:00:00Z'));
    const h = handlers();
    render(<AppointmentStatus appointment={{ ...base, expires_at: '2026-11-26T10:00:02.000Z' }} receivedAt={Date.now()} {...h} />);
    expect(screen.getByTestId('status-badge')).toHaveTextContent('PENDING');

    act(() => vi.advanceTimersByTime(3000));

    expect(screen.getByTestId('status-badge')).toHaveTextContent('EXPIRED');
    expect(h.onExpired).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('button', { name: 'Confirm appointment' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Change time' })).toBeNull();
    vi.useRealTimers();
    await userEvent.click(screen.getByRole('button', { name: 'Pick another time' }));
    expect(h.onRepick).toHaveBeenCalledTimes(1);
  });

  it('shows a confirmed appointment without a countdown', () => {
    render(<AppointmentStatus appointment={{ ...base, status: 'CONFIRMED', expires_at: null }} receivedAt={Date.now()} {...handlers()} />);

    expect(screen.getByTestId('status-badge')).toHaveTextContent('CONFIRMED');
    expect(screen.getByRole('heading', { name: 'Appointment confirmed' })).toBeInTheDocument();
    expect(screen.queryByRole('timer')).toBeNull();
    expect(screen.getByRole('button', { name: 'Cancel appointment' })).toBeEnabled();
    expect(screen.getByTestId('confirmation-sent')).toHaveTextContent('A confirmation with a calendar invitation has been sent to grace@example.com');
    expect(screen.getByRole('button', { name: 'Change time' })).toBeEnabled();
  });

  it('shows an error from the server next to the actions', () => {
    render(<AppointmentStatus appointment={base} receivedAt={Date.now()} error="Too late: the hold expired before it was confirmed." {...handlers()} />);

    expect(screen.getByRole('alert')).toHaveTextContent('Too late');
  });
});
