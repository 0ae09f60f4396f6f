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
  /** What the patient or the clinic gave as the reason when cancelling, if anything. */
  cancellation_reason: string | null;
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
