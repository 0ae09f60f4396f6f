import type { Appointment, AppointmentPage, BookingInput, Doctor, DoctorInput, Slot } from './types';

/** An RFC 9457 problem answer (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: Record<string, string[]>;

  constructor(status: number, type: string, title: string, errors: Record<string, string[]> = {}) {
    super(title);
    this.status = status;
    this.type = type;
    this.errors = errors;
  }

  is(type: string): boolean {
    return this.type.endsWith(type);
  }
}

export const Problems = {
  slotTaken: '/problems/slot-taken',
  holdExpired: '/problems/hold-expired',
  cancelled: '/problems/appointment-cancelled',
  validation: '/problems/validation-error',
  slotInPast: '/problems/slot-in-past',
  sameSlot: '/problems/same-slot',
  hasActiveAppointment: '/problems/has-active-appointment',
} as const;

let adminToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The one place admin calls get their credentials (see AuthProvider). */
export function setAdminToken(token: string | null, unauthorized?: () => void): void {
  adminToken = token;
  onUnauthorized = unauthorized ?? null;
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  admin?: boolean;
  appointmentToken?: string | null;
  signal?: AbortSignal;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.admin && adminToken) headers.Authorization = `Bearer ${adminToken}`;
  if (options.appointmentToken) headers['X-Appointment-Token'] = options.appointmentToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) {
    const problem = (body ?? {}) as { type?: string; title?: string; detail?: string; errors?: Record<string, string[]> };
    if (response.status === 401 && options.admin) onUnauthorized?.();
    throw new ApiError(
      response.status,
      problem.type ?? `http-${response.status}`,
      problem.detail ?? problem.title ?? `The server answered ${response.status}.`,
      problem.errors ?? {},
    );
  }
  return body as T;
}

const q = (params: Record<string, string | undefined | null>) => {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  const s = search.toString();
  return s ? `?${s}` : '';
};

export const api = {
  doctors: (filter: { search?: string; specialization?: string } = {}, signal?: AbortSignal) =>
    request<Doctor[]>(`/api/doctors${q(filter)}`, { signal }),
  doctor: (id: string, signal?: AbortSignal) => request<Doctor>(`/api/doctors/${encodeURIComponent(id)}`, { signal }),
  createDoctor: (doctor: DoctorInput) => request<Doctor>('/api/doctors', { method: 'POST', body: doctor, admin: true }),
  updateDoctor: (id: string, doctor: DoctorInput) =>
    request<Doctor>(`/api/doctors/${encodeURIComponent(id)}`, { method: 'PUT', body: doctor, admin: true }),
  deleteDoctor: (id: string) => request<void>(`/api/doctors/${encodeURIComponent(id)}`, { method: 'DELETE', admin: true }),

  slots: (doctorId: string, date: string, all = false, signal?: AbortSignal) =>
    request<Slot[]>(`/api/slots${q({ doctor_id: doctorId, date, include: all ? 'all' : undefined })}`, { signal }),
  nextSlots: (doctorIds: string[], signal?: AbortSignal) =>
    doctorIds.length === 0 ? Promise.resolve([]) : request<Slot[]>(`/api/slots/next${q({ doctor_ids: doctorIds.join(',') })}`, { signal }),
  createSlots: (body: Record<string, unknown>) =>
    request<{ created: number; slots: Slot[] }>('/api/slots', { method: 'POST', body, admin: true }),
  deleteSlot: (id: string) => request<void>(`/api/slots/${encodeURIComponent(id)}`, { method: 'DELETE', admin: true }),

  book: (booking: BookingInput) =>
    request<Appointment>('/api/appointments/book', {
      method: 'POST',
      body: { ...booking, reason: booking.reason.trim() === '' ? undefined : booking.reason },
    }),
  appointment: (id: string, token: string | null, signal?: AbortSignal) =>
    request<Appointment>(`/api/appointments/${encodeURIComponent(id)}`, { appointmentToken: token, admin: !token, signal }),
  confirm: (id: string, token: string | null) =>
    request<Appointment>(`/api/appointments/${encodeURIComponent(id)}/confirm`, { method: 'PUT', appointmentToken: token, admin: !token }),
  /** Cancels; a reason (optional, at most 500 characters) is kept with the cancellation and shown to the clinic. */
  cancel: (id: string, token: string | null, reason = '') =>
    request<Appointment>(`/api/appointments/${encodeURIComponent(id)}/cancel`, {
      method: 'PUT',
      body: reason.trim() === '' ? undefined : { reason },
      appointmentToken: token,
      admin: !token,
    }),
  /** Moves the appointment to another free slot (any doctor's); it keeps its status, its hold deadline and its token. */
  reschedule: (id: string, token: string | null, slotId: string) =>
    request<Appointment>(`/api/appointments/${encodeURIComponent(id)}/reschedule`, {
      method: 'POST',
      body: { slot_id: slotId },
      appointmentToken: token,
      admin: !token,
    }),
  appointments: (filter: Record<string, string | undefined>, signal?: AbortSignal) =>
    request<AppointmentPage>(`/api/appointments${q(filter)}`, { admin: true, signal }),

  signIn: (username: string, password: string) =>
    request<{ access_token: string; token_type: string; expires_in: number }>('/api/auth/token', {
      method: 'POST',
      body: { username, password },
    }),
};
