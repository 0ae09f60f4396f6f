import { useRef, useState, type FormEvent } from 'react';
import { validatePatient, type Errors, type PatientFields } from '../lib/validation';
import { Field, TextArea } from './Field';

interface Props {
  /** What is being booked, e.g. "Tue 3 Mar at 09:30". */
  slotLabel: string;
  busy?: boolean;
  /** Field errors from the server's validation problem (keyed by snake_case field). */
  serverErrors?: Errors;
  onSubmit: (fields: PatientFields) => void;
}

const empty: PatientFields = { patient_name: '', patient_email: '', patient_phone: '', reason: '' };

/** The patient's details. Checks them like the server does before sending; shows the server's own field errors too. */
export function BookingForm({ slotLabel, busy, serverErrors = {}, onSubmit }: Props) {
  const [fields, setFields] = useState<PatientFields>(empty);
  const [errors, setErrors] = useState<Errors>({});
  const [submitted, setSubmitted] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const set = (name: keyof PatientFields) => (e: { target: { value: string } }) => {
    const next = { ...fields, [name]: e.target.value };
    setFields(next);
    if (submitted) setErrors(validatePatient(next));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    const found = validatePatient(fields);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // Take the keyboard user to the first field that needs attention.
      const first = Object.keys(found)[0];
      const element = first ? form.current?.elements.namedItem(first) : null;
      if (element instanceof HTMLElement) element.focus();
      return;
    }
    onSubmit(fields);
  };

  const shown = (name: string) => errors[name] ?? serverErrors[name];

  return (
    <form ref={form} className="card form" onSubmit={submit} noValidate aria-labelledby="booking-title">
      <h2 id="booking-title">Book {slotLabel}</h2>
      <Field label="Full name" name="patient_name" autoComplete="name" value={fields.patient_name} onChange={set('patient_name')} error={shown('patient_name')} required />
      <Field label="Email" name="patient_email" type="email" autoComplete="email" value={fields.patient_email} onChange={set('patient_email')} error={shown('patient_email')} required />
      <Field label="Phone" name="patient_phone" type="tel" autoComplete="tel" value={fields.patient_phone} onChange={set('patient_phone')} error={shown('patient_phone')} required hint="At least 5 digits, e.g. +1 555 0100" />
      <TextArea label="Reason for visit (optional)" name="reason" rows={3} value={fields.reason} onChange={set('reason')} error={shown('reason')} />
      <button type="submit" className="button" disabled={busy}>
        {busy ? 'Holding your slot…' : 'Hold this slot'}
      </button>
    </form>
  );
}
