import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../lib/api';
import type { Doctor, WorkingHours } from '../lib/types';
import { WorkingHoursEditor } from './WorkingHoursEditor';

vi.mock('../lib/api', async (original) => {
  const actual = await original<typeof import('../lib/api')>();
  return { ...actual, api: { workingHours: vi.fn(), previewWorkingHours: vi.fn(), saveWorkingHours: vi.fn() } };
});

const doctor: Doctor = {
  id: 'doc-1', name: 'Dr Hours', specialization: 'Cardiology', email: 'h@example.com', phone: '+1 555 0100',
  experience_years: null, bio: null, clinic_name: null, time_zone: 'UTC', created_at: '', updated_at: '',
};

const hours: WorkingHours = {
  doctor_id: 'doc-1', time_zone: 'UTC', slot_minutes: 30, buffer_minutes: 0,
  weekly: [{ weekday: 'tuesday', start_time: '09:00', end_time: '10:00' }],
  exceptions: [], updated_at: '2030-01-01T00:00:00.000Z', generated_through: '2030-02-25',
  outside_rules: [{ id: 's1', date: '2030-01-08', time: '15:00', duration_minutes: 30, appointment_id: 'a1', status: 'CONFIRMED', held_until: null, generated: true }],
};

const renderEditor = () =>
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <WorkingHoursEditor doctor={doctor} />
    </QueryClientProvider>,
  );

describe('WorkingHoursEditor', () => {
  beforeEach(() => {
    vi.mocked(api.workingHours).mockResolvedValue(hours);
    vi.mocked(api.previewWorkingHours).mockImplementation(async (_id, body) => ({
      time_zone: 'UTC',
      days: 14,
      slots: body.weekly.map((p) => ({ date: '2030-01-08', time: p.start_time, duration_minutes: body.slot_minutes, starts_at: `2030-01-08T${p.start_time}:00.000Z`, blocked: false })),
    }));
    vi.mocked(api.saveWorkingHours).mockReset();
  });

  it('shows the saved hours, a preview of their slots, and the booked slots that do not fit', async () => {
    renderEditor();

    expect(await screen.findByLabelText('Tuesday period 1 start')).toHaveValue('09:00');
    expect(await screen.findByTestId('preview-count')).toHaveTextContent('1 slot in the next 14 days (UTC)');
    const outside = screen.getByRole('table', { name: 'Held or booked slots outside these hours' });
    expect(outside).toHaveTextContent('15:00');
    expect(outside).toHaveTextContent('CONFIRMED');
  });

  it('marks the previewed slots that another slot is in the way of, and counts only those the hours make', async () => {
    vi.mocked(api.previewWorkingHours).mockResolvedValue({
      time_zone: 'UTC',
      days: 14,
      slots: [
        { date: '2030-01-08', time: '09:00', duration_minutes: 30, starts_at: '2030-01-08T09:00:00.000Z', blocked: false },
        { date: '2030-01-08', time: '09:30', duration_minutes: 30, starts_at: '2030-01-08T09:30:00.000Z', blocked: true },
      ],
    });
    renderEditor();

    expect(await screen.findByTestId('preview-count')).toHaveTextContent('1 slot in the next 14 days (UTC); 1 left out: another slot is in the way');
    const blocked = screen.getByTitle('Not made: another slot of the doctor is at this time');
    expect(blocked).toHaveTextContent('09:30');
    expect(screen.getByText('09:00')).not.toHaveClass('blocked');
  });

  it('marks overlapping periods on their row, previews nothing, and does not save them', async () => {
    const user = userEvent.setup();
    renderEditor();
    await screen.findByLabelText('Tuesday period 1 start');
    await screen.findByTestId('preview-count');
    vi.mocked(api.previewWorkingHours).mockClear();

    await user.click(screen.getByRole('button', { name: 'Add a period to Tuesday' }));
    const start = screen.getByLabelText('Tuesday period 2 start');
    await user.clear(start);
    await user.type(start, '09:30');
    const end = screen.getByLabelText('Tuesday period 2 end');
    await user.clear(end);
    await user.type(end, '11:00');
    await user.click(screen.getByRole('button', { name: 'Save working hours' }));

    expect(screen.getByText('overlaps weekly[0] (09:00-10:00) on the same day.')).toBeInTheDocument();
    expect(screen.getByText('Fix the marked fields to see the slots these hours make.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('Fix the marked fields first.');
    expect(api.saveWorkingHours).not.toHaveBeenCalled();
    expect(api.previewWorkingHours).not.toHaveBeenCalled();
  });

  it('saves valid hours and says what changed', async () => {
    const user = userEvent.setup();
    vi.mocked(api.saveWorkingHours).mockResolvedValue({ created: 12, deleted: 3, working_hours: { ...hours, outside_rules: [] } });
    renderEditor();
    await screen.findByLabelText('Tuesday period 1 start');

    await user.click(screen.getByRole('button', { name: 'Add a period to Friday' }));
    await user.click(screen.getByRole('button', { name: 'Save working hours' }));

    expect(await screen.findByText('Saved: 12 slots created, 3 removed.')).toHaveAttribute('role', 'status');
    expect(api.saveWorkingHours).toHaveBeenCalledWith('doc-1', {
      slot_minutes: 30,
      buffer_minutes: 0,
      weekly: [
        { weekday: 'tuesday', start_time: '09:00', end_time: '10:00' },
        { weekday: 'friday', start_time: '09:00', end_time: '17:00' },
      ],
      exceptions: [],
    });
    expect(screen.getByText(/None: every held or booked slot/)).toBeInTheDocument();
  });
});
