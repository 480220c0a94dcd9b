// Public surface of the pure domain core (SPEC §2). No Slack, Redis or clock imports below.
export * from './errors.ts';
export * from './priorities.ts';
