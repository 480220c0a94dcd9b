// Public surface of the pure domain core (SPEC §2). No Slack, Redis or clock imports below.

export * from './classifier.ts';
export * from './connectors.ts';
export * from './customerSuccess.ts';
export * from './draftGuard.ts';
export * from './errors.ts';
export * from './incidents.ts';
export * from './onboarding.ts';
export * from './priorities.ts';
export * from './referenceClassifier.ts';
export * from './sla.ts';
export * from './text.ts';
export * from './ticketLifecycle.ts';
export * from './tickets.ts';
