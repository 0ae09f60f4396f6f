import type { AdminToken, Appointment, AppointmentPage, BookingInput, CreatedSlots, CreateSlotsInput, Doctor, DoctorInput, MyAppointments, PlannedSlot, Slot, Webhook, WebhookAttempt, WorkingHours, WorkingHoursInput } from './types';

/** An RFC 9457 problem answer (or a network failure, status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly errors: Record<string, string[]>;
  /** The problem's other members (e.g. `conflicts` of a slot-overlap). */
  readonly extensions: Record<string, unknown>;

  constructor(status: number, type: string, title: string, errors: Record<string, string[]> = {}, extensions: Record<string, unknown> = {}) {
    super(title);
    this.status = status;
    this.type = type;
    this.errors = errors;
    this.extensions = extensions;
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
  signInLinkInvalid: '/problems/sign-in-link-invalid',
  rateLimited: '/problems/rate-limited',
  slotOverlap: '/problems/slot-overlap',
  nonexistentLocalTime: '/problems/nonexistent-local-time',
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
      (body ?? {}) as Record<string, unknown>,
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
  createSlots: (body: CreateSlotsInput) => request<CreatedSlots>('/api/slots', { method: 'POST', body, admin: true }),
  deleteSlot: (id: string) => request<void>(`/api/slots/${encodeURIComponent(id)}`, { method: 'DELETE', admin: true }),

  workingHours: (doctorId: string, signal?: AbortSignal) =>
    request<WorkingHours>(`/api/doctors/${encodeURIComponent(doctorId)}/working-hours`, { admin: true, signal }),
  saveWorkingHours: (doctorId: string, body: WorkingHoursInput) =>
    request<{ created: number; deleted: number; working_hours: WorkingHours }>(`/api/doctors/${encodeURIComponent(doctorId)}/working-hours`, {
      method: 'PUT',
      body,
      admin: true,
    }),
  previewWorkingHours: (doctorId: string, body: WorkingHoursInput, days: number, signal?: AbortSignal) =>
    request<{ time_zone: string; days: number; slots: PlannedSlot[] }>(
      `/api/doctors/${encodeURIComponent(doctorId)}/working-hours/preview${q({ days: String(days) })}`,
      { method: 'POST', body, admin: true, signal },
    ),

  book: (booking: BookingInput) =>
    request<Appointment>('/api/appointments/book', {
      method: 'POST',
      body: { ...booking, reason: booking.reason?.trim() ? booking.reason : undefined },
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

  requestSignInLink: (email: string) =>
    request<{ message: string }>('/api/my-appointments/link', { method: 'POST', body: { email } }),
  openMyAppointments: (token: string) => request<MyAppointments>('/api/my-appointments', { method: 'POST', body: { token } }),

  webhooks: (signal?: AbortSignal) => request<{ items: Webhook[] }>('/api/webhooks', { admin: true, signal }),
  createWebhook: (body: { url: string; events: string[]; include_contact_data: boolean; secret?: string }) =>
    request<Webhook>('/api/webhooks', { method: 'POST', body, admin: true }),
  deleteWebhook: (id: string) => request<void>(`/api/webhooks/${encodeURIComponent(id)}`, { method: 'DELETE', admin: true }),
  webhookAttempts: (id: string, signal?: AbortSignal) =>
    request<{ items: WebhookAttempt[] }>(`/api/webhooks/${encodeURIComponent(id)}/attempts${q({ limit: '50' })}`, { admin: true, signal }),

  signIn: (username: string, password: string) =>
    request<AdminToken>('/api/auth/token', {
      method: 'POST',
      body: { username, password },
    }),
};
