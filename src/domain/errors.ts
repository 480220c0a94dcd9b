/**
 * Every invalid input to the domain core throws a DomainError whose `code` names the
 * problem in a machine-readable way and whose message says it in plain English, so the
 * Slack layer can turn it into a modal field error or an ephemeral message.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unknown_priority'
  | 'unknown_sla_event'
  | 'unknown_severity'
  | 'unknown_onboarding_step'
  | 'unknown_connector'
  | 'unknown_connector_state'
  | 'disallowed_connector_move'
  | 'unknown_cadence'
  | 'priority_lowering'
  | 'text_too_long';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** The input field the problem is about, when there is one (e.g. `stepId`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

export function invalid(code: DomainErrorCode, message: string, field?: string): never {
  throw new DomainError(code, message, field);
}
