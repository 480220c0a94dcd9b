/**
 * Input checks shared by the domain modules: each throws a DomainError naming the field.
 */
import { DomainError } from './errors.ts';

export function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DomainError('invalid_input', `${field} must be a non-empty string`, field);
  }
  return value.trim();
}

/** Optional free-text notes, trimmed, at most `max` characters (counted as code points). */
export function optionalNotes(value: unknown, max: number, field = 'notes'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw new DomainError('invalid_input', `${field} must be text`, field);
  const notes = value.trim();
  const len = [...notes].length;
  if (len > max) {
    throw new DomainError(
      'text_too_long',
      `${field} are ${len} characters; the limit is ${max}`,
      field,
    );
  }
  return notes;
}

export function assertOptionalEpochMs(value: unknown, field = 'atMs'): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
    throw new DomainError(
      'invalid_input',
      `${field} must be a finite epoch-milliseconds number`,
      field,
    );
  }
}
