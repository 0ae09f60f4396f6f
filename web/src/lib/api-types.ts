// Generated from web/openapi.json by web/scripts/contract.mjs (npm run contract): the API types. Do not edit.
export interface paths {
    "/api/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in as the dev admin: a JWT with role admin for the admin endpoints (rate limited per client IP) */
        post: operations["IssueAdminToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/doctors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List doctors, filtered by specialization or part of the name */
        get: operations["ListDoctors"];
        put?: never;
        /** Create a doctor (admin) */
        post: operations["CreateDoctor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/doctors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a doctor */
        get: operations["GetDoctor"];
        /** Replace a doctor's profile (admin) */
        put: operations["UpdateDoctor"];
        post?: never;
        /** Delete a doctor with its slots, refused while an appointment is active (admin) */
        delete: operations["DeleteDoctor"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bookable slots by doctor and date (include=all lists taken and past ones too; at most 1000) */
        get: operations["ListSlots"];
        put?: never;
        /** Publish one slot, several times on a date, or a generated range of days and times (admin) */
        post: operations["CreateSlots"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slots/next": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Each listed doctor's earliest bookable slot (doctor_ids: comma-separated, at most 100); doctors without one are left out */
        get: operations["NextFreeSlots"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/slots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a slot */
        get: operations["GetSlot"];
        put?: never;
        post?: never;
        /** Delete a slot, refused while an appointment is active (admin) */
        delete: operations["DeleteSlot"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/doctors/{id}/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A doctor's working hours, and the held or booked slots that do not fit them (admin) */
        get: operations["GetWorkingHours"];
        /** Replace a doctor's working hours; future free generated slots follow them, held and booked slots stay (admin) */
        put: operations["ReplaceWorkingHours"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/doctors/{id}/working-hours/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The slots these working hours would make over the next days (default 14, at most 62); nothing is saved (admin) */
        post: operations["PreviewWorkingHours"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/book": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hold a slot for a patient: a PENDING appointment that expires unless confirmed. Send an Idempotency-Key header to make retries safe. The answer's access_token opens the appointment (rate limited per client IP) */
        post: operations["BookAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an appointment, with the server's now (its access token, or admin; else 404) */
        get: operations["GetAppointment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Confirm a PENDING hold before it expires; confirming again changes nothing (its access token, or admin; else 403) */
        put: operations["ConfirmAppointment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Cancel a PENDING or CONFIRMED appointment, optionally with a body {"reason": "..."} (at most 500 characters); the slot is free again at once; cancelling again changes nothing (its access token, or admin; else 403) */
        put: operations["CancelAppointment"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments/{id}/reschedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a PENDING or CONFIRMED appointment to another free slot (any doctor's), by slot_id or by doctor_id, appointment_date and appointment_time; it keeps its status, its hold deadline and its access token (its access token, or admin; else 403) */
        post: operations["RescheduleAppointment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List appointments newest first, filtered, one page at a time (admin) */
        get: operations["ListAppointments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/my-appointments/link": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** E-mail a single-use sign-in link to the address's appointments; the answer is the same whether or not the address is known (rate limited per client IP) */
        post: operations["RequestSignInLink"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/my-appointments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Use up a sign-in link's token: the address's appointments, each with its access_token (rate limited per client IP) */
        post: operations["OpenMyAppointments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the registered endpoints, without their secrets (admin) */
        get: operations["ListWebhooks"];
        put?: never;
        /** Register an endpoint for appointment events; deliveries are signed with its secret, which this answer alone shows (admin) */
        post: operations["CreateWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an endpoint with its pending deliveries and its log (admin) */
        delete: operations["DeleteWebhook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint's latest delivery attempts, newest first: status code, duration, error, and where the delivery stands (admin) */
        get: operations["ListWebhookAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description One page of `GET /api/appointments`; pass `next_cursor` as `cursor` for the next page. */
        AppointmentListResponse: {
            items: components["schemas"]["AppointmentResponse"][];
            next_cursor: null | string;
        };
        /**
         * @description An appointment as the Api shows it. `now` is the server's clock, for an honest countdown to `expires_at`;
         *     `cancellation_reason` is what was given when it was cancelled (null when nothing was, or it is not cancelled).
         */
        AppointmentResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            slot_id: string;
            /** Format: uuid */
            doctor_id: string;
            patient_name: string;
            /** Format: email */
            patient_email: string;
            patient_phone: string;
            reason: null | string;
            /** Format: date */
            appointment_date: string;
            /** @description HH:mm, 00:00 to 23:59. */
            appointment_time: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            expires_at: null | string;
            /** Format: date-time */
            updated_at: string;
            /** Format: date-time */
            now: string;
            cancellation_reason: null | string;
            /**
             * @description Only in the answer to a booking (and its idempotent replay): the secret that opens this appointment for
             *     GET, confirm and cancel, as header X-Appointment-Token or query access_token. Keep it; it is not shown again.
             */
            access_token?: null | string;
        };
        /**
         * @description A booking whose outcome is not known (504 `/problems/booking-outcome-unknown`): it may or may not have been
         *     committed. Look the appointment up with `GET /api/appointments/{appointment_id}` and `access_token`
         *     (404 there: it was not booked), or retry with the same `Idempotency-Key`.
         */
        BookingOutcomeUnknownProblemBody: {
            /** @description The token that opens that appointment (header X-Appointment-Token or query access_token). */
            access_token: string;
            /**
             * Format: uuid
             * @description The appointment the change was for (for a booking: the id it has if it was booked).
             */
            appointment_id: string;
            /** @description The problem's stable identifier, such as `/problems/slot-taken`. */
            type: string;
            /** @description A short human-readable summary of the problem type. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of the answer.
             */
            status: number;
            /** @description What went wrong with this request, for a person to read. */
            detail?: null | string;
            /** @description The trace id of the request, for finding its logs. */
            trace_id: string;
        };
        /**
         * @description Body of `POST /api/appointments/book`: the slot by `slot_id`, or by `doctor_id`,
         *     `appointment_date` and `appointment_time` (the doctor's local date and time), and the patient.
         */
        BookingRequest: {
            /**
             * Format: uuid
             * @description The slot to book (or give doctor_id, appointment_date, appointment_time).
             */
            slot_id?: null | string;
            /**
             * Format: uuid
             * @description The doctor, when the slot is named by date and time.
             */
            doctor_id?: null | string;
            /**
             * Format: date
             * @description YYYY-MM-DD, with doctor_id.
             */
            appointment_date?: null | string;
            /** @description HH:mm, with doctor_id. */
            appointment_time?: null | string;
            /** @description Required, at most 255 characters. */
            patient_name: null | string;
            /**
             * Format: email
             * @description Required email address, at most 255 characters.
             */
            patient_email: null | string;
            /** @description Required, at most 20 characters, at least 5 digits. */
            patient_phone: null | string;
            /** @description Optional, at most 2000 characters. */
            reason?: null | string;
        };
        /** @description Optional body of `PUT /api/appointments/{id}/cancel`. */
        CancelRequest: {
            /** @description Why, in the patient's or admin's words: optional, at most 500 characters; kept with the cancellation and shown as `cancellation_reason`. */
            reason?: null | string;
        };
        /**
         * @description Body of `POST /api/slots`, in one of three shapes: one slot (`date` + `time`), several
         *     times on one date (`date` + `times`), or a generated range (`start_date`, `end_date`,
         *     `start_time`, `end_time`, `slot_minutes`: every day of the range, slots of that length
         *     from the start time while they end by the end time). Dates and times are in the doctor's time zone.
         */
        CreateSlotsRequest: {
            /**
             * Format: uuid
             * @description Required: the doctor publishing the slots.
             */
            doctor_id: null | string;
            /**
             * Format: date
             * @description YYYY-MM-DD, with `time` or `times`.
             */
            date?: null | string;
            /** @description HH:mm, one slot. */
            time?: null | string;
            /** @description HH:mm each, several slots on `date` (at most 500). */
            times?: null | string[];
            /**
             * Format: int32
             * @description Length of each slot for the first two shapes, 5 to 480; default 30.
             */
            duration_minutes?: null | number;
            /**
             * Format: date
             * @description First day of a range, YYYY-MM-DD.
             */
            start_date?: null | string;
            /**
             * Format: date
             * @description Last day of a range, inclusive; a range spans at most 62 days.
             */
            end_date?: null | string;
            /** @description Daily start of a range, HH:mm. */
            start_time?: null | string;
            /** @description Daily end of a range, HH:mm, after the start. */
            end_time?: null | string;
            /**
             * Format: int32
             * @description Length of each generated slot, 5 to 480; default 30.
             */
            slot_minutes?: null | number;
        };
        /** @description The slots a `POST /api/slots` created. */
        CreatedSlotsResponse: {
            /** Format: int32 */
            created: number;
            slots: components["schemas"]["SlotResponse"][];
        };
        /** @description Body of `POST /api/doctors` and `PUT /api/doctors/{id}`. */
        DoctorRequest: {
            /** @description Required, at most 255 characters. */
            name: null | string;
            /** @description Required, at most 100 characters. */
            specialization: null | string;
            /**
             * Format: email
             * @description Required, unique among doctors, at most 255 characters.
             */
            email: null | string;
            /** @description Required, at most 20 characters, at least 5 digits. */
            phone: null | string;
            /**
             * Format: int32
             * @description Optional, 0 to 80.
             */
            experience_years?: null | number;
            /** @description Optional, at most 4000 characters. */
            bio?: null | string;
            /** @description Optional, at most 255 characters. */
            clinic_name?: null | string;
            /** @description Optional IANA time zone of the doctor's slots; default UTC. */
            time_zone?: null | string;
        };
        /** @description A doctor as the Api shows it. */
        DoctorResponse: {
            /** Format: uuid */
            id: string;
            name: string;
            specialization: string;
            /** Format: email */
            email: string;
            phone: string;
            /** Format: int32 */
            experience_years: null | number;
            bio: null | string;
            clinic_name: null | string;
            time_zone: string;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description One of a patient's appointments. `starts_at` is UTC; date and time are the doctor's local ones. */
        MyAppointmentResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            doctor_id: string;
            doctor_name: string;
            /** Format: date */
            appointment_date: string;
            /** @description HH:mm, 00:00 to 23:59. */
            appointment_time: string;
            time_zone: string;
            /** Format: date-time */
            starts_at: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
            access_token: string;
        };
        /** @description Body of `POST /api/my-appointments`. */
        MyAppointmentsRequest: {
            /** @description The token of the e-mailed sign-in link (the part after `#token=`). */
            token: null | string;
        };
        /** @description A patient's appointments, each with the access token that opens it; upcoming soonest first, past newest first. */
        MyAppointmentsResponse: {
            /** Format: email */
            email: string;
            upcoming: components["schemas"]["MyAppointmentResponse"][];
            past: components["schemas"]["MyAppointmentResponse"][];
        };
        /**
         * @description A confirm or cancel whose outcome is not known (504 `/problems/booking-outcome-unknown`): the change was sent but
         *     its answer was lost, so it may or may not have been made. Read the appointment again to see.
         */
        OutcomeUnknownProblemBody: {
            /**
             * Format: uuid
             * @description The appointment the change was for (for a booking: the id it has if it was booked).
             */
            appointment_id: string;
            /** @description The problem's stable identifier, such as `/problems/slot-taken`. */
            type: string;
            /** @description A short human-readable summary of the problem type. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of the answer.
             */
            status: number;
            /** @description What went wrong with this request, for a person to read. */
            detail?: null | string;
            /** @description The trace id of the request, for finding its logs. */
            trace_id: string;
        };
        /** @description A period of work on an exception's date. */
        PeriodRequest: {
            /** @description HH:mm, local. */
            start_time: null | string;
            /** @description HH:mm, local, after start_time. */
            end_time: null | string;
        };
        PeriodResponse: {
            /** @description HH:mm, 00:00 to 23:59. */
            start_time: string;
            /** @description HH:mm, 00:00 to 23:59. */
            end_time: string;
        };
        /**
         * @description A slot the working hours would make. `blocked`: saving them would leave it out, because a slot that stays (held,
         *     booked or made by hand) is at its time or overlaps it.
         */
        PlannedSlotResponse: {
            /** Format: date */
            date: string;
            /** @description HH:mm, 00:00 to 23:59. */
            time: string;
            /** Format: int32 */
            duration_minutes: number;
            /** Format: date-time */
            starts_at: string;
            blocked: boolean;
        };
        /**
         * @description An error answer (RFC 9457, `application/problem+json`). Switch on `type` (a stable `/problems/...`
         *     path), never on `title` or `detail`; quote `trace_id` when reporting a fault. The Api writes these
         *     through ASP.NET Core's problem details service; this record is their shape in the OpenAPI document, and the Api
         *     tests check every answer against it.
         */
        ProblemBody: {
            /** @description The problem's stable identifier, such as `/problems/slot-taken`. */
            type: string;
            /** @description A short human-readable summary of the problem type. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of the answer.
             */
            status: number;
            /** @description What went wrong with this request, for a person to read. */
            detail?: null | string;
            /** @description The trace id of the request, for finding its logs. */
            trace_id: string;
        };
        /**
         * @description Body of `POST /api/appointments/{id}/reschedule`: the slot to move to, by `slot_id`, or by `doctor_id`,
         *     `appointment_date` and `appointment_time` (the doctor's local date and time); any doctor's free slot.
         */
        RescheduleRequest: {
            /**
             * Format: uuid
             * @description The slot to move to (or give doctor_id, appointment_date, appointment_time).
             */
            slot_id?: null | string;
            /**
             * Format: uuid
             * @description The doctor, when the slot is named by date and time.
             */
            doctor_id?: null | string;
            /**
             * Format: date
             * @description YYYY-MM-DD, with doctor_id.
             */
            appointment_date?: null | string;
            /** @description HH:mm, with doctor_id. */
            appointment_time?: null | string;
        };
        /** @description The answer to a sign-in link request: always the same, whether or not the address is known. */
        SignInLinkAccepted: {
            message: string;
        };
        /** @description Body of `POST /api/my-appointments/link`. */
        SignInLinkRequest: {
            /**
             * Format: email
             * @description The address the appointments were booked with.
             */
            email: null | string;
        };
        /** @description A slot as the Api shows it. `is_available`: in the future and not held by anyone. */
        SlotResponse: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            doctor_id: string;
            /** Format: date */
            date: string;
            /** @description HH:mm, 00:00 to 23:59. */
            time: string;
            /** Format: int32 */
            duration_minutes: number;
            is_available: boolean;
            /** Format: date-time */
            created_at: string;
        };
        /** @description A slot creation refused for some of its times (409 `duplicate-slot`, 422 `slot-in-past`); nothing was created. */
        SlotTimesProblemBody: {
            /** @description The doctor's dates and times that were refused. */
            rejected: {
                /** Format: date */
                date: string;
                /** @description HH:mm, 00:00 to 23:59. */
                time: string;
            }[];
            /** @description The problem's stable identifier, such as `/problems/slot-taken`. */
            type: string;
            /** @description A short human-readable summary of the problem type. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of the answer.
             */
            status: number;
            /** @description What went wrong with this request, for a person to read. */
            detail?: null | string;
            /** @description The trace id of the request, for finding its logs. */
            trace_id: string;
        };
        /** @description Body of `POST /api/auth/token`. */
        TokenRequest: {
            /** @description Always `admin`. */
            username: null | string;
            /** @description The configured `Auth:AdminPassword`. */
            password: null | string;
        };
        /** @description An admin bearer token: send it as `Authorization: Bearer &lt;access_token&gt;`. */
        TokenResponse: {
            access_token: string;
            token_type: string;
            /** Format: int32 */
            expires_in: number;
        };
        /** @description A held or booked slot outside the working hours: `status` PENDING (until `held_until`) or CONFIRMED. */
        UnfitSlotResponse: {
            /** Format: uuid */
            id: string;
            /** Format: date */
            date: string;
            /** @description HH:mm, 00:00 to 23:59. */
            time: string;
            /** Format: int32 */
            duration_minutes: number;
            /** Format: uuid */
            appointment_id: string;
            /** @enum {string} */
            status: "PENDING" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
            /** Format: date-time */
            held_until: null | string;
            generated: boolean;
        };
        /** @description A refused request body or parameter (400): `errors` names each field (snake_case) with what is wrong with it. */
        ValidationProblemBody: {
            /** @description The messages of each refused field, by field name (`body` when the body is not JSON at all). */
            errors?: null | {
                [key: string]: string[];
            };
            /** @description The problem's stable identifier, such as `/problems/slot-taken`. */
            type: string;
            /** @description A short human-readable summary of the problem type. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of the answer.
             */
            status: number;
            /** @description What went wrong with this request, for a person to read. */
            detail?: null | string;
            /** @description The trace id of the request, for finding its logs. */
            trace_id: string;
        };
        /** @description An endpoint's latest delivery attempts, newest first. */
        WebhookAttemptListResponse: {
            items: components["schemas"]["WebhookAttemptResponse"][];
        };
        /** @description One delivery attempt, and the status of its delivery now (PENDING: will be tried again; SENT; DEAD: given up). */
        WebhookAttemptResponse: {
            /** Format: int64 */
            id: number;
            /** Format: int64 */
            delivery_id: number;
            /** Format: int64 */
            event_id: null | number;
            event_type: string;
            /** Format: uuid */
            appointment_id: null | string;
            /** Format: int32 */
            attempt: number;
            /** Format: date-time */
            at: string;
            /** Format: int32 */
            status_code: null | number;
            /** Format: int32 */
            duration_ms: number;
            succeeded: boolean;
            error: null | string;
            delivery_status: string;
        };
        /** @description Every registered webhook endpoint. */
        WebhookListResponse: {
            items: components["schemas"]["WebhookResponse"][];
        };
        /** @description Body of `POST /api/webhooks`. */
        WebhookRequest: {
            /** @description Absolute http or https URL that receives a signed POST per event; at most 2000 characters. */
            url: null | string;
            /** @description Event types: appointment.booked, appointment.confirmed, appointment.rescheduled, appointment.cancelled, appointment.expired. */
            events: null | string[];
            /** @description The signing secret, 16 to 200 visible ASCII characters; omitted: one is generated and returned once. */
            secret?: null | string;
            /** @description True to add the patient's name, e-mail and phone to payloads (default false: ids and statuses only). */
            include_contact_data?: null | boolean;
        };
        /** @description A webhook endpoint. `secret` appears only in the answer that created it. */
        WebhookResponse: {
            /** Format: uuid */
            id: string;
            url: string;
            events: string[];
            include_contact_data: boolean;
            /** Format: date-time */
            created_at: string;
            secret?: null | string;
        };
        /** @description A weekly period of work. */
        WeeklyPeriodRequest: {
            /**
             * @description monday, tuesday, wednesday, thursday, friday, saturday or sunday.
             * @enum {null|string}
             */
            weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday" | null;
            /** @description HH:mm, local. */
            start_time: null | string;
            /** @description HH:mm, local, after start_time. */
            end_time: null | string;
        };
        WeeklyPeriodResponse: {
            /** @enum {string} */
            weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
            /** @description HH:mm, 00:00 to 23:59. */
            start_time: string;
            /** @description HH:mm, 00:00 to 23:59. */
            end_time: string;
        };
        /** @description A date with other hours than its weekday's. */
        WorkingDayExceptionRequest: {
            /**
             * Format: date
             * @description YYYY-MM-DD, from yesterday to two years ahead; each date once.
             */
            date: null | string;
            /** @description The hours of that date (at most 10); empty or missing: a day off. */
            periods?: null | components["schemas"]["PeriodRequest"][];
            /** @description Optional, e.g. "Public holiday"; at most 200 characters. */
            note?: null | string;
        };
        WorkingDayExceptionResponse: {
            /** Format: date */
            date: string;
            periods: components["schemas"]["PeriodResponse"][];
            note: null | string;
        };
        /** @description The slots the working hours in the request would make from the doctor's today on, for `days` days; nothing is saved. */
        WorkingHoursPreviewResponse: {
            time_zone: string;
            /** Format: int32 */
            days: number;
            slots: components["schemas"]["PlannedSlotResponse"][];
        };
        /**
         * @description Body of `PUT /api/doctors/{id}/working-hours` (and of its preview): the doctor's working hours, replaced whole.
         *     Times are the doctor's local times; slots of `slot_minutes` are made back to back from each period's start,
         *     `buffer_minutes` apart, while they end by the period's end.
         */
        WorkingHoursRequest: {
            /**
             * Format: int32
             * @description Length of each slot, 5 to 480; default 30.
             */
            slot_minutes?: null | number;
            /**
             * Format: int32
             * @description Free minutes between one slot's end and the next one's start, 0 to 240; default 0.
             */
            buffer_minutes?: null | number;
            /** @description Periods of work per weekday (at most 70); periods of one weekday must not overlap. */
            weekly?: null | components["schemas"]["WeeklyPeriodRequest"][];
            /** @description Dates with other hours (at most 400): `periods` empty or missing is a day off. */
            exceptions?: null | components["schemas"]["WorkingDayExceptionRequest"][];
        };
        /** @description A doctor's working hours as the Api shows them, with the held or booked slots that do not fit them. */
        WorkingHoursResponse: {
            /**
             * Format: uuid
             * @description The doctor.
             */
            doctor_id: string;
            /** @description The doctor's time zone, in which every date and time here is local. */
            time_zone: string;
            /**
             * Format: int32
             * @description Length of each slot (30 when none were set).
             */
            slot_minutes: number;
            /**
             * Format: int32
             * @description Free minutes between slots.
             */
            buffer_minutes: number;
            /** @description Periods per weekday, Monday first. */
            weekly: components["schemas"]["WeeklyPeriodResponse"][];
            /** @description Dates with other hours; no periods: a day off. */
            exceptions: components["schemas"]["WorkingDayExceptionResponse"][];
            /**
             * Format: date-time
             * @description When they were last replaced; null when none were ever set.
             */
            updated_at: null | string;
            /** @description The last day (doctor's time zone) the generated slots reach; outside_rules covers slots up to it. */
            generated_through: string;
            /** @description Held (PENDING) or booked (CONFIRMED) future slots the rules would not make; they are kept. */
            outside_rules: components["schemas"]["UnfitSlotResponse"][];
        };
        /** @description What `PUT /api/doctors/{id}/working-hours` did: slots created and deleted, and the working hours afterwards. */
        WorkingHoursSavedResponse: {
            /** Format: int32 */
            created: number;
            /** Format: int32 */
            deleted: number;
            working_hours: components["schemas"]["WorkingHoursResponse"];
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    IssueAdminToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TokenRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/invalid-credentials`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/auth-not-configured`. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ListDoctors: {
        parameters: {
            query?: {
                specialization?: string;
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorResponse"][];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    CreateDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DoctorRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/duplicate-email`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    GetDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    UpdateDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DoctorRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DoctorResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/duplicate-email`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    DeleteDoctor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/has-active-appointment`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ListSlots: {
        parameters: {
            query?: {
                doctor_id?: string;
                date?: string;
                include?: "available" | "all";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotResponse"][];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    CreateSlots: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSlotsRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedSlotsResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/duplicate-slot`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["SlotTimesProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unprocessable Entity: a problem of type `/problems/slot-in-past`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["SlotTimesProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    NextFreeSlots: {
        parameters: {
            query?: {
                doctor_ids?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotResponse"][];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    GetSlot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SlotResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    DeleteSlot: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/has-active-appointment`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    GetWorkingHours: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkingHoursResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ReplaceWorkingHours: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkingHoursRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkingHoursSavedResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    PreviewWorkingHours: {
        parameters: {
            query?: {
                days?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkingHoursRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkingHoursPreviewResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    BookAppointment: {
        parameters: {
            query?: never;
            header?: {
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BookingRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/idempotency-key-in-use`, `/problems/slot-taken`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unprocessable Entity: a problem of type `/problems/idempotency-key-reused`, `/problems/slot-in-past`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["BookingOutcomeUnknownProblemBody"] | components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    GetAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ConfirmAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/appointment-cancelled`, `/problems/hold-expired`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["OutcomeUnknownProblemBody"] | components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    CancelAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": null | components["schemas"]["CancelRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/hold-expired`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["OutcomeUnknownProblemBody"] | components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    RescheduleAppointment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescheduleRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Conflict: a problem of type `/problems/appointment-cancelled`, `/problems/hold-expired`, `/problems/same-slot`, `/problems/slot-taken`. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unprocessable Entity: a problem of type `/problems/slot-in-past`. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["OutcomeUnknownProblemBody"] | components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ListAppointments: {
        parameters: {
            query?: {
                status?: "PENDING" | "CONFIRMED" | "CANCELLED" | "EXPIRED";
                doctor_id?: string;
                date?: string;
                patient_email?: string;
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AppointmentListResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    RequestSignInLink: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SignInLinkRequest"];
            };
        };
        responses: {
            /** @description Accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignInLinkAccepted"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    OpenMyAppointments: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MyAppointmentsRequest"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MyAppointmentsResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/sign-in-link-invalid`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ListWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookListResponse"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    CreateWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WebhookRequest"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/malformed-json`, `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Payload Too Large: a problem of type `/problems/payload-too-large`. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Unsupported Media Type: a problem of type `/problems/unsupported-media-type`. */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    DeleteWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No Content */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Too Many Requests: a problem of type `/problems/rate-limited`. */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/booking-outcome-unknown`, `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
    ListWebhookAttempts: {
        parameters: {
            query?: {
                limit?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookAttemptListResponse"];
                };
            };
            /** @description Bad Request: a problem of type `/problems/validation-error`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ValidationProblemBody"];
                };
            };
            /** @description Unauthorized: a problem of type `/problems/unauthorized`. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Forbidden: a problem of type `/problems/forbidden`. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Not Found: a problem of type `/problems/not-found`. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Service Unavailable: a problem of type `/problems/service-unavailable`. */
            503: {
                headers: {
                    /** @description Seconds to wait before trying again. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
            /** @description Gateway Timeout: a problem of type `/problems/request-timeout`. */
            504: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemBody"];
                };
            };
        };
    };
}
