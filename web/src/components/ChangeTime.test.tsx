import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Appointment, Doctor, Slot } from '../lib/types';
import { ChangeTime } from './ChangeTime';

const doctor = (id: string, name: string): Doctor => ({
  id, name, specialization: 'Cardiology', email: `${id}@example.com`, phone: '+1 555 0100', experience_years: null, bio: null,
  clinic_name: null, time_zone: 'UTC', created_at: '2026-11-01T00:00:00.000Z', updated_at: '2026-11-01T00:00:00.000Z',
});
const doctors = [doctor('d-1', 'Dr Ada'), doctor('d-2', 'Dr Grace')];

const slot = (id: string, time: string, doctorId = 'd-1'): Slot => ({
  id, doctor_id: doctorId, date: '2026-12-01', time, duration_minutes: 30, is_available: true, created_at: '2026-11-01T00:00:00.000Z',
});

const appointment: Appointment = {
  id: 'a-1', slot_id: 's-0930', doctor_id: 'd-1', patient_name: 'Grace Hopper', patient_email: 'grace@example.com', patient_phone: '+1 555 0100',
  reason: null, appointment_date: '2026-12-01', appointment_time: '09:30', status: 'CONFIRMED', created_at: '2026-11-26T10:00:00.000Z',
  expires_at: null, updated_at: '2026-11-26T10:00:00.000Z', now: '2026-11-26T10:00:00.000Z', cancellation_reason: null,
};

function renderChangeTime(overrides: Partial<Parameters<typeof ChangeTime>[0]> = {}) {
  const props = {
    appointment, doctors, doctorId: 'd-1', onDoctorChange: vi.fn(), timeZone: 'UTC', today: '2026-11-26', date: '2026-12-01', onDateChange: vi.fn(),
    slots: [slot('s-0900', '09:00'), slot('s-0930', '09:30'), slot('s-1000', '10:00')], loading: false, slotsError: null, onRetry: vi.fn(),
    selected: null, onSelect: vi.fn(), onConfirm: vi.fn(), onBack: vi.fn(), ...overrides,
  };
  render(<ChangeTime {...props} />);
  return props;
}

describe('ChangeTime', () => {
  it('offers the free times of the same doctor, without the current one, and moves only once one is chosen', async () => {
    const props = renderChangeTime();

    expect(screen.getByText(/Now: Tuesday,? 1 December 2026 at 09:30 with Dr Ada\. It stays confirmed\./)).toBeInTheDocument();
    expect(screen.getByLabelText('Doctor')).toHaveValue('d-1');
    const times = within(screen.getByRole('list', { name: /Free times/ })).getAllByRole('button').map((b) => b.textContent);
    expect(times).toEqual(['09:00', '10:00']);
    expect(screen.getByRole('button', { name: 'Move my appointment' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: '10:00' }));
    expect(props.onSelect).toHaveBeenCalledWith(slot('s-1000', '10:00'));
  });

  it('asks to move to the chosen time, naming another doctor, and sends it', async () => {
    const chosen = slot('s-1100', '11:00', 'd-2');
    const props = renderChangeTime({ doctorId: 'd-2', slots: [chosen], selected: chosen });

    expect(screen.getByTestId('move-summary')).toHaveTextContent('Move to Tue 1 Dec at 11:00 with Dr Grace?');
    await userEvent.click(screen.getByRole('button', { name: 'Move my appointment' }));
    expect(props.onConfirm).toHaveBeenCalledExactlyOnceWith(chosen);

    await userEvent.selectOptions(screen.getByLabelText('Doctor'), 'd-1');
    expect(props.onDoctorChange).toHaveBeenCalledWith('d-1');
    await userEvent.click(screen.getByRole('button', { name: 'Keep current time' }));
    expect(props.onBack).toHaveBeenCalledTimes(1);
  });

  it('reminds a pending hold of its deadline, shows why a move was refused and waits while one is under way', () => {
    const chosen = slot('s-1000', '10:00');
    renderChangeTime({
      appointment: { ...appointment, status: 'PENDING', expires_at: '2026-11-26T10:02:00.000Z' }, selected: chosen, busy: true,
      error: 'Sorry, someone else just took the 10:00 slot. Please pick another time.',
    });

    expect(screen.getByText(/Your hold keeps its deadline/)).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('someone else just took the 10:00 slot');
    expect(screen.getByRole('button', { name: 'Moving…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Keep current time' })).toBeDisabled();
  });
});
