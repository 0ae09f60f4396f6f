export interface Doctor {
  id: string;
  name: string;
  specialization: string;
  email: string;
  phone: string;
  experience_years: number | null;
  bio: string | null;
  clinic_name: string | null;
  time_zone: string;
  created_at: string;
  updated_at: string;
}

export type DoctorInput = Omit<Doctor, 'id' | 'created_at' | 'updated_at'>;

export interface Slot {
  id: string;
  doctor_id: string;
  date: string;
  time: string;
  duration_minutes: number;
  is_available: boolean;
  created_at: string;
}

export type AppointmentStatusName = 'PENDING' | 'CONFIRMED' | 'CANCELLED' | 'EXPIRED';

export interface Appointment {
  id: string;
  slot_id: string;
  doctor_id: string;
  patient_name: string;
  patient_email: string;
  patient_phone: string;
  reason: string | null;
  appointment_date: string;
  appointment_time: string;
  status: AppointmentStatusName;
  created_at: string;
  expires_at: string | null;
  updated_at: string;
  now: string;
  /** Only in the answer to a booking: the token that opens this appointment later. */
  access_token?: string;
}

export interface AppointmentPage {
  items: Appointment[];
  next_cursor: string | null;
}

export interface BookingInput {
  slot_id: string;
  patient_name: string;
  patient_email: string;
  patient_phone: string;
  reason: string;
}

/** The SignalR message of /hubs/availability. */
export interface AvailabilityMessage {
  doctor_id: string;
  date: string;
  change: 'created' | 'taken' | 'freed' | 'updated' | 'deleted' | 'reloaded';
  slot_id: string | null;
  slot: Slot | null;
}

/** One of a patient's appointments on the "my appointments" page, with the token that opens it. */
export interface MyAppointment {
  id: string;
  doctor_id: string;
  doctor_name: string;
  appointment_date: string;
  appointment_time: string;
  time_zone: string;
  starts_at: string;
  status: AppointmentStatusName;
  access_token: string;
}

export interface MyAppointments {
  email: string;
  upcoming: MyAppointment[];
  past: MyAppointment[];
}

export const webhookEvents = ['appointment.booked', 'appointment.confirmed', 'appointment.cancelled', 'appointment.expired'] as const;

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  include_contact_data: boolean;
  created_at: string;
  /** Only in the answer that created the endpoint. */
  secret?: string;
}

export interface WebhookAttempt {
  id: number;
  delivery_id: number;
  event_id: number | null;
  event_type: string;
  appointment_id: string | null;
  attempt: number;
  at: string;
  status_code: number | null;
  duration_ms: number;
  succeeded: boolean;
  error: string | null;
  delivery_status: 'PENDING' | 'SENT' | 'SKIPPED' | 'DEAD';
}
