import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { BookingForm } from './BookingForm';

const fill = async (name: string, email: string, phone: string) => {
  const user = userEvent.setup();
  if (name) await user.type(screen.getByLabelText('Full name'), name);
  if (email) await user.type(screen.getByLabelText('Email'), email);
  if (phone) await user.type(screen.getByLabelText('Phone'), phone);
  await user.click(screen.getByRole('button', { name: 'Hold this slot' }));
};

describe('BookingForm', () => {
  it('refuses to send a form with missing fields and says which ones', async () => {
    const onSubmit = vi.fn();
    render(<BookingForm slotLabel="Mon 1 Mar at 09:00" onSubmit={onSubmit} />);

    await fill('', '', '');

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Full name is required.')).toBeInTheDocument();
    expect(screen.getByText('Email is required.')).toBeInTheDocument();
    expect(screen.getByText('Phone is required.')).toBeInTheDocument();
    expect(screen.getByLabelText('Full name')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Full name')).toHaveFocus();
  });

  it('applies the server rules for email and phone', async () => {
    const onSubmit = vi.fn();
    render(<BookingForm slotLabel="Mon 1 Mar at 09:00" onSubmit={onSubmit} />);

    await fill('Grace Hopper', 'grace@nowhere', '12-34');

    expect(onSubmit).not.toHaveBeenCalled();
    expect(screen.getByText('Email must be an email address such as name@example.com.')).toBeInTheDocument();
    expect(screen.getByText(/Phone must be a phone number/)).toBeInTheDocument();
    expect(screen.queryByText(/Full name/, { selector: '.field-error' })).toBeNull();
  });

  it('sends valid details', async () => {
    const onSubmit = vi.fn();
    render(<BookingForm slotLabel="Mon 1 Mar at 09:00" onSubmit={onSubmit} />);

    await fill('Grace Hopper', 'grace@example.com', '+1 (555) 010-0100');

    expect(onSubmit).toHaveBeenCalledWith({
      patient_name: 'Grace Hopper',
      patient_email: 'grace@example.com',
      patient_phone: '+1 (555) 010-0100',
      reason: '',
    });
    expect(document.querySelectorAll('.field-error')).toHaveLength(0);
  });

  it('shows the server field errors next to their fields', () => {
    render(<BookingForm slotLabel="Mon 1 Mar at 09:00" onSubmit={vi.fn()} serverErrors={{ patient_email: 'must be an email address such as name@example.com.' }} />);

    const error = screen.getByText('Email must be an email address such as name@example.com.');
    expect(error).toHaveAttribute('data-field-error', 'patient_email');
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-describedby', error.id);
  });
});
