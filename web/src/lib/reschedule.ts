import { ApiError, Problems } from './api';

/** What a refused move means for the patient, and what to load again: the free times, or the appointment itself. */
export interface MoveRefusal {
  message: string;
  reload: 'slots' | 'appointment' | null;
}

/** Explains why a reschedule to the slot at `time` was refused (the appointment stayed where it was). */
export function moveRefusal(error: unknown, time: string): MoveRefusal {
  if (!(error instanceof ApiError)) return { message: 'Something went wrong. Please try again.', reload: null };
  if (error.is(Problems.slotTaken)) return { message: `Sorry, someone else just took the ${time} slot. Please pick another time.`, reload: 'slots' };
  if (error.is(Problems.slotInPast)) return { message: 'That time has already started. Please pick a later one.', reload: 'slots' };
  if (error.is(Problems.sameSlot)) return { message: 'Your appointment is already at that time.', reload: null };
  if (error.is(Problems.holdExpired)) return { message: 'Too late: your hold expired before it could be moved.', reload: 'appointment' };
  if (error.is(Problems.cancelled)) return { message: 'This appointment was cancelled, so it cannot be moved.', reload: 'appointment' };
  if (error.status === 404) return { message: 'That time is no longer offered. Please pick another.', reload: 'slots' };
  return { message: error.message, reload: null };
}
