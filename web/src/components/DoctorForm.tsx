import { useState, type FormEvent } from 'react';
import { ApiError } from '../lib/api';
import type { Doctor, DoctorInput } from '../lib/types';
import { serverErrors, validateDoctor, type DoctorFields, type Errors } from '../lib/validation';
import { Field, TextArea } from './Field';

const fromDoctor = (d?: Doctor): DoctorFields => ({
  name: d?.name ?? '',
  specialization: d?.specialization ?? '',
  email: d?.email ?? '',
  phone: d?.phone ?? '',
  experience_years: d?.experience_years?.toString() ?? '',
  bio: d?.bio ?? '',
  clinic_name: d?.clinic_name ?? '',
  time_zone: d?.time_zone ?? 'UTC',
});

const toInput = (f: DoctorFields): DoctorInput => ({
  name: f.name.trim(),
  specialization: f.specialization.trim(),
  email: f.email.trim(),
  phone: f.phone.trim(),
  experience_years: f.experience_years.trim() === '' ? null : Number(f.experience_years),
  bio: f.bio.trim() || null,
  clinic_name: f.clinic_name.trim() || null,
  time_zone: f.time_zone.trim() || 'UTC',
});

interface Props {
  doctor?: Doctor;
  onSave: (input: DoctorInput) => Promise<void>;
  onCancel?: () => void;
}

/** Create or edit a doctor; the same rules as the server, and the server's field errors next to the fields. */
export function DoctorForm({ doctor, onSave, onCancel }: Props) {
  const [fields, setFields] = useState<DoctorFields>(() => fromDoctor(doctor));
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: keyof DoctorFields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateDoctor(fields);
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await onSave(toInput(fields));
      if (!doctor) setFields(fromDoctor());
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.errors).length > 0) setErrors(serverErrors(err.errors));
      else if (err instanceof ApiError && err.is('/problems/duplicate-email')) setErrors({ email: 'is already used by another doctor.' });
      else setMessage(err instanceof ApiError ? err.message : 'Could not save.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form grid-2" onSubmit={(e) => void submit(e)} noValidate aria-label={doctor ? `Edit ${doctor.name}` : 'New doctor'}>
      <Field label="Name" name="name" value={fields.name} onChange={set('name')} error={errors.name} required />
      <Field label="Specialization" name="specialization" value={fields.specialization} onChange={set('specialization')} error={errors.specialization} required />
      <Field label="Email" name="email" type="email" value={fields.email} onChange={set('email')} error={errors.email} required />
      <Field label="Phone" name="phone" type="tel" value={fields.phone} onChange={set('phone')} error={errors.phone} required />
      <Field label="Years of experience" name="experience_years" inputMode="numeric" value={fields.experience_years} onChange={set('experience_years')} error={errors.experience_years} />
      <Field label="Clinic" name="clinic_name" value={fields.clinic_name} onChange={set('clinic_name')} error={errors.clinic_name} />
      <Field label="Time zone" name="time_zone" value={fields.time_zone} onChange={set('time_zone')} error={errors.time_zone} hint="IANA name, e.g. Europe/Berlin" />
      <TextArea label="Bio" name="bio" rows={2} value={fields.bio} onChange={set('bio')} error={errors.bio} />
      {message && <p className="inline-error span-2" role="alert">{message}</p>}
      <div className="actions span-2">
        <button type="submit" className="button" disabled={busy}>
          {doctor ? 'Save changes' : 'Create doctor'}
        </button>
        {onCancel && (
          <button type="button" className="button secondary" onClick={onCancel}>
            Close
          </button>
        )}
      </div>
    </form>
  );
}
