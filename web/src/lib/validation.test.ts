import { describe, expect, it } from 'vitest';
import { validateDoctor, validatePatient, type PatientFields } from './validation';
import { wireRules } from './wire-rules';

const patient = (p: Partial<PatientFields>): PatientFields => ({
  patient_name: 'Ada', patient_email: 'ada@example.com', patient_phone: '+44 20 7946 0000', reason: '', ...p,
});

// The server's own samples (tests/Booking.Unit.Tests: FieldErrorsTests, WireRulesAgreementTests): the browser must
// accept and refuse the same values, since both take the rule from Api/Contracts/WireFormats.cs.
describe('the browser checks the rules the server enforces', () => {
  it.each(['+49 30 1234567', '(030) 123-45.67', '12345', '+1-555-0100', '123456789012345'])('accepts the phone number %s', (phone) => {
    expect(validatePatient(patient({ patient_phone: phone })).patient_phone).toBeUndefined();
  });

  it.each(['1234', 'call me', '+49 30 12345x', '++4930123456', '49+30123456', '1234567890123456', '\u0661\u0662\u0663\u0664\u0665\u0666'])(
    'refuses the phone number %s',
    (phone) => {
      expect(validatePatient(patient({ patient_phone: phone })).patient_phone).toMatch(/^must be a phone number/);
    },
  );

  it.each(['plainaddress', 'name@localhost', 'na me@example.com', 'a@b@example.com', '<anna@example.com>', 'Anna <anna@example.com>'])(
    'refuses the email %s',
    (email) => {
      expect(validatePatient(patient({ patient_email: email })).patient_email).toMatch(/^must be an email address/);
    },
  );

  it('takes lengths and ranges from the generated rules', () => {
    const max = wireRules.BookingRequest.patient_name.maxLength;
    expect(max).toBe(255);
    expect(validatePatient(patient({ patient_name: 'a'.repeat(max) })).patient_name).toBeUndefined();
    expect(validatePatient(patient({ patient_name: 'a'.repeat(max + 1) })).patient_name).toBe(`must be at most ${max} characters.`);

    const years = wireRules.DoctorRequest.experience_years;
    const doctor = {
      name: 'Dr Ada', specialization: 'Cardiology', email: 'ada@clinic.example', phone: '+44 20 7946 0000',
      experience_years: String(years.maximum + 1), bio: '', clinic_name: '', time_zone: 'UTC',
    };
    expect(validateDoctor(doctor).experience_years).toBe(`must be between ${years.minimum} and ${years.maximum}.`);
    expect(validateDoctor({ ...doctor, experience_years: String(years.maximum) })).toEqual({});
  });
});
