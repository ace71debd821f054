/**
 * The closed set of error codes, and the one table that maps each to its HTTP status and
 * whether a client may retry it. Every error body on the wire is
 * `{"error": {"code", "message", "retriable", ...details}}`.
 */
export const ERROR_TABLE = {
  // 400: the request itself is wrong; retrying it unchanged fails again.
  INVALID_JSON: { status: 400, retriable: false },
  INVALID_REQUEST: { status: 400, retriable: false },
  INVALID_TOPIC_NAME: { status: 400, retriable: false },
  INVALID_PARTITIONS: { status: 400, retriable: false },
  INVALID_CONFIG: { status: 400, retriable: false },
  INVALID_OFFSET: { status: 400, retriable: false },
  INVALID_RECORD: { status: 400, retriable: false },
  INVALID_BASE64: { status: 400, retriable: false },
  INVALID_TIMESTAMP: { status: 400, retriable: false },
  CORRUPT_BATCH: { status: 400, retriable: false },
  UNSUPPORTED_COMPRESSION: { status: 400, retriable: false },
  INVALID_GROUP_ID: { status: 400, retriable: false },
  // 401/403: authentication.
  MISSING_SIGNATURE: { status: 401, retriable: false },
  INVALID_SIGNATURE: { status: 403, retriable: false },
  SIGNATURE_EXPIRED: { status: 403, retriable: false },
  // 404/405/409
  NOT_FOUND: { status: 404, retriable: false },
  UNKNOWN_TOPIC: { status: 404, retriable: false },
  UNKNOWN_PARTITION: { status: 404, retriable: false },
  UNKNOWN_GROUP: { status: 404, retriable: false },
  UNKNOWN_MEMBER: { status: 404, retriable: false },
  METHOD_NOT_ALLOWED: { status: 405, retriable: false },
  TOPIC_ALREADY_EXISTS: { status: 409, retriable: false },
  PRODUCER_FENCED: { status: 409, retriable: false },
  OUT_OF_ORDER_SEQUENCE: { status: 409, retriable: false },
  FENCED_MEMBER_EPOCH: { status: 409, retriable: false },
  FENCED_LEASE: { status: 409, retriable: false },
  GROUP_NOT_EMPTY: { status: 409, retriable: false },
  // 413/415/416
  PAYLOAD_TOO_LARGE: { status: 413, retriable: false },
  RECORD_TOO_LARGE: { status: 413, retriable: false },
  TOO_MANY_RECORDS: { status: 413, retriable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retriable: false },
  OFFSET_OUT_OF_RANGE: { status: 416, retriable: false },
  // 429/5xx: the service could not do it now; the same request may succeed later.
  THROTTLED: { status: 429, retriable: true },
  CONCURRENT_APPEND: { status: 503, retriable: true },
  STORAGE_UNAVAILABLE: { status: 503, retriable: true },
  CONCURRENT_UPDATE: { status: 503, retriable: true },
  INTERNAL: { status: 500, retriable: false },
} as const satisfies Record<string, { status: number; retriable: boolean }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export const ERROR_CODES = Object.keys(ERROR_TABLE) as ErrorCode[];

/** The one error class of the service. `details` are extra fields the caller can act on. */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SluiceError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ERROR_TABLE[this.code].status;
  }

  get retriable(): boolean {
    return ERROR_TABLE[this.code].retriable;
  }

  toBody(): { error: { code: ErrorCode; message: string; retriable: boolean } & Record<string, unknown> } {
    return { error: { ...this.details, code: this.code, message: this.message, retriable: this.retriable } };
  }
}

/** Raised when a fetch asks for an offset outside [logStartOffset, highWatermark]. */
export class OffsetOutOfRangeError extends SluiceError {
  constructor(offset: number, readonly logStartOffset: number, readonly highWatermark: number) {
    super(
      'OFFSET_OUT_OF_RANGE',
      `offset ${offset} is outside [${logStartOffset}, ${highWatermark}]`,
      { offset, logStartOffset, highWatermark },
    );
  }
}

export function isSluiceError(e: unknown): e is SluiceError {
  return e instanceof SluiceError;
}
