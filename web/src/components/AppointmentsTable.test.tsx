import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Appointment } from '../lib/types';
import { StatusCell } from './AppointmentsTable';

const appointment: Appointment = {
  id: 'a-1', slot_id: 's-1', doctor_id: 'd-1', patient_name: 'Grace Hopper', patient_email: 'grace@example.com', patient_phone: '+1 555 0100',
  reason: 'Check-up', appointment_date: '2026-12-01', appointment_time: '09:30', status: 'CANCELLED', created_at: '2026-11-26T10:00:00.000Z',
  expires_at: null, updated_at: '2026-11-26T10:00:00.000Z', now: '2026-11-26T10:00:00.000Z', cancellation_reason: 'Moved to another city',
};

describe('StatusCell', () => {
  it('shows a cancellation with the reason given', () => {
    render(<StatusCell appointment={appointment} />);

    expect(screen.getByText('CANCELLED')).toHaveClass('pill-cancelled');
    expect(screen.getByTestId('cancellation-reason')).toHaveTextContent('Reason: Moved to another city');
  });

  it('shows no reason where none was given', () => {
    render(<StatusCell appointment={{ ...appointment, status: 'CONFIRMED', cancellation_reason: null }} />);

    expect(screen.getByText('CONFIRMED')).toBeInTheDocument();
    expect(screen.queryByTestId('cancellation-reason')).toBeNull();
  });
});
