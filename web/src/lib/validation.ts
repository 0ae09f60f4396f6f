// Client-side checks that mirror the Api's (Api/Contracts/FieldErrors.cs), so most mistakes are
// caught before a round trip; the server stays the judge and its field errors are shown the same way.

export type Errors = Record<string, string>;

const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
const controlExceptBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const phonePattern = /^\+?(?:[\s().-]*\d){5,15}[\s().-]*$/;

export function text(errors: Errors, field: string, value: string, max: number, required: boolean): void {
  const t = value.trim();
  if (t === '') {
    if (required) errors[field] = 'is required.';
    return;
  }
  if (t.length > max) errors[field] = `must be at most ${max} characters.`;
  else if (controlChars.test(t)) errors[field] = 'must not contain control characters.';
}

export function longText(errors: Errors, field: string, value: string, max: number): void {
  const t = value.trim();
  if (t.length > max) errors[field] = `must be at most ${max} characters.`;
  else if (controlExceptBreaks.test(t)) errors[field] = 'must not contain control characters.';
}

export function email(errors: Errors, field: string, value: string): void {
  text(errors, field, value, 255, true);
  if (!errors[field] && !emailPattern.test(value.trim())) errors[field] = 'must be an email address such as name@example.com.';
}

export function phone(errors: Errors, field: string, value: string): void {
  text(errors, field, value, 20, true);
  if (!errors[field] && !phonePattern.test(value.trim()))
    errors[field] = "must be a phone number: digits, spaces, '+', '-', '.', '(' and ')', with at least 5 digits.";
}

export function integer(errors: Errors, field: string, value: string, min: number, max: number, required = false): void {
  const t = value.trim();
  if (t === '') {
    if (required) errors[field] = 'is required.';
    return;
  }
  const n = Number(t);
  if (!Number.isInteger(n) || n < min || n > max) errors[field] = `must be between ${min} and ${max}.`;
}

export function timeZone(errors: Errors, field: string, value: string): void {
  const t = value.trim();
  if (t === '') return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: t });
  } catch {
    errors[field] = 'must be an IANA time zone name such as Europe/Berlin or UTC.';
  }
}

export interface PatientFields {
  patient_name: string;
  patient_email: string;
  patient_phone: string;
  reason: string;
}

export function validatePatient(p: PatientFields): Errors {
  const errors: Errors = {};
  text(errors, 'patient_name', p.patient_name, 255, true);
  email(errors, 'patient_email', p.patient_email);
  phone(errors, 'patient_phone', p.patient_phone);
  longText(errors, 'reason', p.reason, 2000);
  return errors;
}

export interface DoctorFields {
  name: string;
  specialization: string;
  email: string;
  phone: string;
  experience_years: string;
  bio: string;
  clinic_name: string;
  time_zone: string;
}

export function validateDoctor(d: DoctorFields): Errors {
  const errors: Errors = {};
  text(errors, 'name', d.name, 255, true);
  text(errors, 'specialization', d.specialization, 100, true);
  email(errors, 'email', d.email);
  phone(errors, 'phone', d.phone);
  integer(errors, 'experience_years', d.experience_years, 0, 80);
  longText(errors, 'bio', d.bio, 4000);
  text(errors, 'clinic_name', d.clinic_name, 255, false);
  timeZone(errors, 'time_zone', d.time_zone);
  return errors;
}

/** The longest cancellation reason the Api keeps (Api/Contracts: CancelRequest). */
export const maxCancelReason = 500;

export function validateCancelReason(reason: string): Errors {
  const errors: Errors = {};
  longText(errors, 'reason', reason, maxCancelReason);
  return errors;
}

/** The first message of each field of a problem's `errors`. */
export function serverErrors(errors: Record<string, string[]>): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) if (v[0]) out[k] = v[0];
  return out;
}
