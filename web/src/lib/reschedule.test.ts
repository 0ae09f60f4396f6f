import { describe, expect, it } from 'vitest';
import { ApiError } from './api';
import { moveRefusal } from './reschedule';

const problem = (status: number, type: string) => new ApiError(status, type, `server says ${type}`);

describe('moveRefusal', () => {
  it('names the slot someone else took and reloads the free times', () => {
    expect(moveRefusal(problem(409, '/problems/slot-taken'), '10:30')).toEqual({
      message: 'Sorry, someone else just took the 10:30 slot. Please pick another time.',
      reload: 'slots',
    });
    expect(moveRefusal(problem(422, '/problems/slot-in-past'), '10:30').reload).toBe('slots');
    expect(moveRefusal(problem(404, '/problems/not-found'), '10:30').reload).toBe('slots');
  });

  it('reloads the appointment when it can no longer move', () => {
    expect(moveRefusal(problem(409, '/problems/hold-expired'), '10:30')).toEqual({
      message: 'Too late: your hold expired before it could be moved.',
      reload: 'appointment',
    });
    expect(moveRefusal(problem(409, '/problems/appointment-cancelled'), '10:30').reload).toBe('appointment');
  });

  it('says when the time chosen is the one it already has, and passes anything else on', () => {
    expect(moveRefusal(problem(409, '/problems/same-slot'), '10:30')).toEqual({ message: 'Your appointment is already at that time.', reload: null });
    expect(moveRefusal(problem(503, '/problems/service-unavailable'), '10:30')).toEqual({ message: 'server says /problems/service-unavailable', reload: null });
    expect(moveRefusal(new Error('boom'), '10:30').message).toBe('Something went wrong. Please try again.');
  });
});
