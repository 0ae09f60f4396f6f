import { useState, type FormEvent } from 'react';
import { maxCancelReason, validateCancelReason } from '../lib/validation';
import { TextArea } from './Field';

interface Props {
  busy?: boolean;
  /** Field errors from the server's validation problem, keyed by field. */
  serverErrors?: Record<string, string>;
  /** Cancel, with the reason as typed ('' for none). */
  onConfirm: (reason: string) => void;
  /** Keep the appointment after all. */
  onBack: () => void;
}

/** Asks before cancelling, with an optional reason (checked like the server does: at most 500 characters). */
export function CancelForm({ busy, serverErrors = {}, onConfirm, onBack }: Props) {
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateCancelReason(reason);
    setErrors(found);
    if (Object.keys(found).length === 0) onConfirm(reason);
  };

  const length = reason.trim().length;
  return (
    <form className="form cancel-form" onSubmit={submit} noValidate aria-label="Cancel appointment">
      <TextArea
        label="Reason for cancelling (optional)"
        name="reason"
        rows={3}
        value={reason}
        onChange={(e) => {
          setReason(e.target.value);
          if (errors.reason) setErrors(validateCancelReason(e.target.value));
        }}
        error={errors.reason ?? serverErrors.reason}
        hint={`${length}/${maxCancelReason} characters`}
      />
      <div className="actions">
        <button type="submit" className="button danger" disabled={busy}>
          {busy ? 'Cancelling…' : 'Yes, cancel it'}
        </button>
        <button type="button" className="button secondary" onClick={onBack} disabled={busy}>
          Keep appointment
        </button>
      </div>
    </form>
  );
}
