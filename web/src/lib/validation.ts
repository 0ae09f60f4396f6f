// Client-side checks with the server's rules, so most mistakes are caught before a round trip; the server stays the
// judge and its field errors are shown the same way. Lengths, ranges and patterns come from wire-rules.ts, which is
// generated from the Api's OpenAPI document (npm run contract): one definition, Api/Contracts/WireFormats.cs.
// The messages are the server's (Api/Contracts/FieldErrors.cs).
import { wireRules, type FieldRule } from './wire-rules';

export type Errors = Record<string, string>;

const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
const controlExceptBreaks = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function matches(rule: FieldRule, value: string): boolean {
  return rule.pattern === undefined || new RegExp(rule.pattern, 'u').test(value);
}

export function text(errors: Errors, field: string, value: string, rule: FieldRule): void {
  const t = value.trim();
  if (t === '') {
    if (rule.required) errors[field] = 'is required.';
    return;
  }
  if (rule.maxLength !== undefined && t.length > rule.maxLength) errors[field] = `must be at most ${rule.maxLength} characters.`;
  else if (controlChars.test(t)) errors[field] = 'must not contain control characters.';
}

export function longText(errors: Errors, field: string, value: string, rule: FieldRule): void {
  const t = value.trim();
  if (rule.maxLength !== undefined && t.length > rule.maxLength) errors[field] = `must be at most ${rule.maxLength} characters.`;
  else if (controlExceptBreaks.test(t)) errors[field] = 'must not contain control characters.';
}

export function email(errors: Errors, field: string, value: string, rule: FieldRule): void {
  text(errors, field, value, rule);
  if (!errors[field] && !matches(rule, value.trim())) errors[field] = 'must be an email address such as name@example.com.';
}

export function phone(errors: Errors, field: string, value: string, rule: FieldRule): void {
  text(errors, field, value, rule);
  if (!errors[field] && !matches(rule, value.trim()))
    errors[field] = "must be a phone number: digits, spaces, '+', '-', '.', '(' and ')', with at least 5 digits.";
}

export function integer(errors: Errors, field: string, value: string, min = -Infinity, max = Infinity, required = false): void {
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
  const rules = wireRules.BookingRequest;
  const errors: Errors = {};
  text(errors, 'patient_name', p.patient_name, rules.patient_name);
  email(errors, 'patient_email', p.patient_email, rules.patient_email);
  phone(errors, 'patient_phone', p.patient_phone, rules.patient_phone);
  longText(errors, 'reason', p.reason, rules.reason);
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
  const rules = wireRules.DoctorRequest;
  const errors: Errors = {};
  text(errors, 'name', d.name, rules.name);
  text(errors, 'specialization', d.specialization, rules.specialization);
  email(errors, 'email', d.email, rules.email);
  phone(errors, 'phone', d.phone, rules.phone);
  integer(errors, 'experience_years', d.experience_years, rules.experience_years.minimum, rules.experience_years.maximum);
  longText(errors, 'bio', d.bio, rules.bio);
  text(errors, 'clinic_name', d.clinic_name, rules.clinic_name);
  if (d.time_zone.trim().length > rules.time_zone.maxLength) errors.time_zone = `must be at most ${rules.time_zone.maxLength} characters.`;
  else timeZone(errors, 'time_zone', d.time_zone);
  return errors;
}

/** The longest cancellation reason the Api keeps. */
export const maxCancelReason = wireRules.CancelRequest.reason.maxLength;

export function validateCancelReason(reason: string): Errors {
  const errors: Errors = {};
  longText(errors, 'reason', reason, wireRules.CancelRequest.reason);
  return errors;
}

/** The first message of each field of a problem's `errors`. */
export function serverErrors(errors: Record<string, string[]>): Errors {
  const out: Errors = {};
  for (const [k, v] of Object.entries(errors)) if (v[0]) out[k] = v[0];
  return out;
}
