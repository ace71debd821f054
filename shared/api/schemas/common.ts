import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';
import { LIMITS } from '../limits.ts';

export const Offset = z.int().min(0).meta({ description: 'Offset in a partition (int64; exact up to 2^53).' });
export const Partition = z.int().min(0).max(LIMITS.maxPartitionsPerTopic - 1).meta({ description: 'Partition number.' });
export const Timestamp = z.int().min(0).meta({ description: 'Milliseconds since the Unix epoch.' });
export const Encoding = z.enum(['utf8', 'base64']).meta({ description: 'How keys, values and header values are written as strings.' });

/** A decimal integer in a query string. */
export const intParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative decimal integer')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

export const ErrorBody = z
  .object({
    error: z
      .looseObject({
        code: z.enum(ERROR_CODES as [string, ...string[]]),
        message: z.string(),
        retriable: z.boolean(),
      })
      .meta({ description: 'Extra fields carry data the caller can act on, e.g. logStartOffset and highWatermark.' }),
  })
  .meta({ id: 'Error' });

/**
 * A config name, as Kafka spells them (lower case, digits and dots). Names such as `__proto__`
 * or `constructor` would otherwise reach object lookups.
 */
export const ConfigName = z.string().max(256).regex(/^[a-z][a-z0-9.]*$/, 'must be a config name such as retention.ms');
