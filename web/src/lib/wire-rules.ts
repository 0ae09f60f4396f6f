// Generated from web/openapi.json by web/scripts/contract.mjs (npm run contract): the rules of each request field, as the server enforces them. Do not edit.

export interface FieldRule {
  readonly required: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
}

export const wireRules = {
  "BookingRequest": {
    "slot_id": {
      "required": false,
      "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
      "format": "uuid"
    },
    "doctor_id": {
      "required": false,
      "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
      "format": "uuid"
    },
    "appointment_date": {
      "required": false,
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "format": "date"
    },
    "appointment_time": {
      "required": false,
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    },
    "patient_name": {
      "required": true,
      "minLength": 1,
      "maxLength": 255
    },
    "patient_email": {
      "required": true,
      "maxLength": 255,
      "pattern": "^[^@\\s<>()\\[\\]\\\\,;:\"]+@[^@\\s<>()\\[\\]\\\\,;:\"]+\\.[^@\\s<>()\\[\\]\\\\,;:\"]+$",
      "format": "email"
    },
    "patient_phone": {
      "required": true,
      "maxLength": 20,
      "pattern": "^\\+?(?:[ ().-]*[0-9]){5,15}[ ().-]*$"
    },
    "reason": {
      "required": false,
      "maxLength": 2000
    }
  },
  "DoctorRequest": {
    "name": {
      "required": true,
      "minLength": 1,
      "maxLength": 255
    },
    "specialization": {
      "required": true,
      "minLength": 1,
      "maxLength": 100
    },
    "email": {
      "required": true,
      "maxLength": 255,
      "pattern": "^[^@\\s<>()\\[\\]\\\\,;:\"]+@[^@\\s<>()\\[\\]\\\\,;:\"]+\\.[^@\\s<>()\\[\\]\\\\,;:\"]+$",
      "format": "email"
    },
    "phone": {
      "required": true,
      "maxLength": 20,
      "pattern": "^\\+?(?:[ ().-]*[0-9]){5,15}[ ().-]*$"
    },
    "experience_years": {
      "required": false,
      "minimum": 0,
      "maximum": 80,
      "format": "int32"
    },
    "bio": {
      "required": false,
      "maxLength": 4000
    },
    "clinic_name": {
      "required": false,
      "maxLength": 255
    },
    "time_zone": {
      "required": false,
      "maxLength": 64
    }
  },
  "CreateSlotsRequest": {
    "doctor_id": {
      "required": true,
      "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
      "format": "uuid"
    },
    "date": {
      "required": false,
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "format": "date"
    },
    "time": {
      "required": false,
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    },
    "times": {
      "required": false,
      "minItems": 1,
      "maxItems": 500
    },
    "duration_minutes": {
      "required": false,
      "minimum": 5,
      "maximum": 480,
      "format": "int32"
    },
    "start_date": {
      "required": false,
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "format": "date"
    },
    "end_date": {
      "required": false,
      "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      "format": "date"
    },
    "start_time": {
      "required": false,
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    },
    "end_time": {
      "required": false,
      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
    },
    "slot_minutes": {
      "required": false,
      "minimum": 5,
      "maximum": 480,
      "format": "int32"
    }
  },
  "TokenRequest": {
    "username": {
      "required": true,
      "minLength": 1,
      "maxLength": 100
    },
    "password": {
      "required": true,
      "minLength": 1,
      "maxLength": 200
    }
  },
  "CancelRequest": {
    "reason": {
      "required": false,
      "maxLength": 500
    }
  }
} as const satisfies Record<string, Record<string, FieldRule>>;
