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

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface Period {
  start_time: string;
  end_time: string;
}

export interface WeeklyPeriod extends Period {
  weekday: Weekday;
}

export interface WorkingDayException {
  date: string;
  periods: Period[];
  note: string | null;
}

/** The body of PUT /api/doctors/{id}/working-hours and of its preview. */
export interface WorkingHoursInput {
  slot_minutes: number;
  buffer_minutes: number;
  weekly: WeeklyPeriod[];
  exceptions: WorkingDayException[];
}

/** A held (PENDING) or booked (CONFIRMED) slot that the working hours would not make; it is kept. */
export interface SlotOutsideRules {
  id: string;
  date: string;
  time: string;
  duration_minutes: number;
  appointment_id: string;
  status: 'PENDING' | 'CONFIRMED';
  held_until: string | null;
  generated: boolean;
}

export interface WorkingHours extends WorkingHoursInput {
  doctor_id: string;
  time_zone: string;
  updated_at: string | null;
  generated_through: string;
  outside_rules: SlotOutsideRules[];
}

export interface PlannedSlot {
  date: string;
  time: string;
  duration_minutes: number;
  starts_at: string;
}
