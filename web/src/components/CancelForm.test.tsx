import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CancelForm } from './CancelForm';

describe('CancelForm', () => {
  it('counts the characters of the reason and refuses more than 500 before sending', async () => {
    const onConfirm = vi.fn();
    render(<CancelForm onConfirm={onConfirm} onBack={vi.fn()} />);
    const reason = screen.getByLabelText('Reason for cancelling (optional)');
    expect(screen.getByText('0/500 characters')).toBeInTheDocument();

    await userEvent.click(reason);
    await userEvent.paste('x'.repeat(501));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));

    expect(onConfirm).not.toHaveBeenCalled();
    expect(screen.getByText(/must be at most 500 characters/)).toBeInTheDocument();
    expect(reason).toHaveAttribute('aria-invalid', 'true');

    // Back to 500: the error goes as it is fixed, and the reason is sent.
    await userEvent.type(reason, '{Backspace}');
    expect(screen.queryByText(/must be at most 500 characters/)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, cancel it' }));
    expect(onConfirm).toHaveBeenCalledExactlyOnceWith('x'.repeat(500));
  });

  it("shows the server's field error, and disables both buttons while busy", () => {
    render(<CancelForm busy serverErrors={{ reason: 'must not contain control characters.' }} onConfirm={vi.fn()} onBack={vi.fn()} />);

    expect(screen.getByText(/must not contain control characters/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Cancelling…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Keep appointment' })).toBeDisabled();
  });
});
