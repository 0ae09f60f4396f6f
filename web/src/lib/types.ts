// The Api's types, from the generated contract (api-types.ts, made from the OpenAPI document by `npm run contract`):
// short names for what the app uses. Nothing here is written by hand except the SignalR message, which is not
// part of the REST document.
import type { components } from './api-types';

type Schemas = components['schemas'];

export type Doctor = Schemas['DoctorResponse'];
export type DoctorInput = Schemas['DoctorRequest'];
export type Slot = Schemas['SlotResponse'];
export type CreatedSlots = Schemas['CreatedSlotsResponse'];
export type Appointment = Schemas['AppointmentResponse'];
export type AppointmentStatusName = Appointment['status'];
export type AppointmentPage = Schemas['AppointmentListResponse'];
export type BookingInput = Schemas['BookingRequest'];
export type CreateSlotsInput = Schemas['CreateSlotsRequest'];
export type AdminToken = Schemas['TokenResponse'];
export type Problem = Schemas['ProblemBody'];

/** The SignalR message of /hubs/availability (see Api/README.md, "Live availability: the hub protocol"; not in the OpenAPI document). */
export interface AvailabilityMessage {
  doctor_id: string;
  date: string;
  change: 'created' | 'taken' | 'freed' | 'updated' | 'deleted' | 'reloaded';
  slot_id: string | null;
  slot: Slot | null;
}

/** A patient's appointments on the "my appointments" page, each with the token that opens it. */
export type MyAppointments = Schemas['MyAppointmentsResponse'];
export type MyAppointment = MyAppointments['upcoming'][number];

export const webhookEvents = ['appointment.booked', 'appointment.confirmed', 'appointment.rescheduled', 'appointment.cancelled', 'appointment.expired'] as const;

export type Webhook = Schemas['WebhookResponse'];
export type WebhookAttempt = Schemas['WebhookAttemptResponse'];

export type WorkingHours = Schemas['WorkingHoursResponse'];
export type SlotOutsideRules = WorkingHours['outside_rules'][number];
export type WeeklyPeriod = WorkingHours['weekly'][number];
export type Weekday = WeeklyPeriod['weekday'];
export type WorkingDayException = WorkingHours['exceptions'][number];
export type Period = WorkingDayException['periods'][number];
export type PlannedSlot = Schemas['PlannedSlotResponse'];

/** The body of PUT /api/doctors/{id}/working-hours and of its preview: what the editor always sends in full. */
export type WorkingHoursInput = Pick<WorkingHours, 'slot_minutes' | 'buffer_minutes' | 'weekly' | 'exceptions'>;
