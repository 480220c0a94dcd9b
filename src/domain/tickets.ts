/**
 * Ticket routing (SPEC §1.1, §2): classify → priority, owner, SLA targets, and a drafted first
 * response for a human to approve. Nothing here sends anything: every result says
 * `approvalRequired: true, liveSendAllowed: false` (SPEC §1.7 rule 1).
 */
import {
  classifyTicketPriority,
  type TicketClassification,
  type TicketClassifier,
} from './classifier.ts';
import { DomainError } from './errors.ts';
import {
  assertPriority,
  type EscalationOwner,
  getPriority,
  PRIORITY_IDS,
  type PriorityId,
  SLA_TARGETS,
  type SlaTarget,
} from './priorities.ts';

/** Longest ticket text accepted (characters). */
export const MAX_TICKET_TEXT_LENGTH = 4000;

export interface FirstResponseTemplate {
  priority: PriorityId;
  bodyAr: string;
  bodyEn: string;
  approvalRequired: true;
  liveSendAllowed: false;
}

export interface TemplateOptions {
  /** SLA targets from the policy file; missing priorities fall back to SPEC §1.1. */
  slaTargets?: Partial<Record<PriorityId, SlaTarget>>;
}

// ───────────────────────────── durations in words ─────────────────────────────

/** Arabic counted noun: 1 واحدة, 2 dual, 3–10 plural, 11+ singular (accusative for masculine). */
function arabicCount(
  n: number,
  forms: { one: string; two: string; few: string; many: string },
): string {
  if (!Number.isInteger(n)) return `${n} ${forms.many}`;
  if (n === 1) return forms.one;
  if (n === 2) return forms.two;
  if (n >= 3 && n <= 10) return `${n} ${forms.few}`;
  return `${n} ${forms.many}`;
}

const AR_MINUTES = { one: 'دقيقة واحدة', two: 'دقيقتين', few: 'دقائق', many: 'دقيقة' };
const AR_HOURS = { one: 'ساعة واحدة', two: 'ساعتين', few: 'ساعات', many: 'ساعة' };
const AR_DAYS = { one: 'يوم واحد', two: 'يومين', few: 'أيام', many: 'يوماً' };

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A first-response target in words: minutes under an hour, else whole hours. */
export function formatSlaMinutes(minutes: number): { ar: string; en: string } {
  if (minutes < 60 || minutes % 60 !== 0) {
    return { ar: arabicCount(minutes, AR_MINUTES), en: plural(minutes, 'minute') };
  }
  return formatSlaHours(minutes / 60);
}

/** A resolution target in words: hours, or days once it is more than three days in whole days. */
export function formatSlaHours(hours: number): { ar: string; en: string } {
  if (hours > 72 && hours % 24 === 0) {
    const days = hours / 24;
    return { ar: arabicCount(days, AR_DAYS), en: plural(days, 'day') };
  }
  return { ar: arabicCount(hours, AR_HOURS), en: plural(hours, 'hour') };
}

// ───────────────────────────── first-response templates ─────────────────────────────

interface TemplateText {
  ar: (first: string, resolve: string) => string;
  en: (first: string, resolve: string) => string;
}

/** Customer-facing first replies. No ticket ids (rule 2), no prohibited claims (rule 5): a
 *  commitment to respond, and a resolution target we work towards. */
const TEMPLATES: Record<PriorityId, TemplateText> = {
  P0: {
    ar: (first, resolve) =>
      `السلام عليكم ورحمة الله،\n\nشكراً لإبلاغنا. وصلنا بلاغك ونتعامل معه بأولوية حرجة، وأحلناه مباشرة إلى المؤسس. سنوافيك خلال ${first} بتفاصيل ما حدث والإجراءات المتخذة، ونعمل على الحل خلال ${resolve}. وإذا لاحظت أي إرسال غير معتمد أو تسريب للبيانات فأرجو إبلاغنا في نفس المحادثة لنتابعه معك أولاً بأول.\n\nمع خالص التقدير،\nفريق سند`,
    en: (first, resolve) =>
      `Hello,\n\nThank you for letting us know. We have received your report and are treating it as critical; it has gone straight to our founder. We will update you within ${first} with what happened and the steps we are taking, and we are working to resolve it within ${resolve}. If you notice any unapproved message or any data exposure, please tell us in this conversation and we will follow up with you step by step.\n\nKind regards,\nThe Sanad team`,
  },
  P1: {
    ar: (first, resolve) =>
      `السلام عليكم ورحمة الله،\n\nشكراً لتواصلك معنا. وصلنا بلاغك، ويتابعه الآن فريق التشغيل المناوب بأولوية عالية. سنعود إليك خلال ${first} بآخر المستجدات، ونعمل على حله خلال ${resolve}.\n\nنقدّر صبرك، ومع خالص التقدير،\nفريق سند`,
    en: (first, resolve) =>
      `Hello,\n\nThank you for reaching out. We have received your report and our on-call operations team is on it as a high priority. We will get back to you within ${first} with an update, and we are working to resolve it within ${resolve}.\n\nThank you for your patience,\nThe Sanad team`,
  },
  P2: {
    ar: (first, resolve) =>
      `السلام عليكم ورحمة الله،\n\nشكراً لتواصلك معنا. وصلنا طلبك، وسيتابعه فريق التشغيل. سنعود إليك خلال ${first} بالخطوات التالية، ونعمل على إنهائه خلال ${resolve}.\n\nمع خالص التقدير،\nفريق سند`,
    en: (first, resolve) =>
      `Hello,\n\nThank you for reaching out. We have received your request and our operations team will follow it up. We will get back to you within ${first} with the next steps, and we aim to complete it within ${resolve}.\n\nKind regards,\nThe Sanad team`,
  },
  P3: {
    ar: (first, resolve) =>
      `السلام عليكم ورحمة الله،\n\nشكراً لتواصلك معنا ويسعدنا سؤالك. وصلنا طلبك وسيرد عليك أحد أعضاء الفريق خلال ${first}، ونعمل على إغلاقه معك خلال ${resolve}.\n\nمع خالص التقدير،\nفريق سند`,
    en: (first, resolve) =>
      `Hello,\n\nThank you for getting in touch — we are glad to help. We have received your message and a member of our team will reply within ${first}; we aim to wrap it up with you within ${resolve}.\n\nKind regards,\nThe Sanad team`,
  },
};

function validateSlaTargets(
  slaTargets: TemplateOptions['slaTargets'],
): Record<PriorityId, SlaTarget> {
  if (slaTargets === undefined || slaTargets === null) return SLA_TARGETS;
  if (typeof slaTargets !== 'object') {
    throw new DomainError(
      'invalid_input',
      'slaTargets must be an object keyed by priority',
      'slaTargets',
    );
  }
  const out = { ...SLA_TARGETS };
  for (const p of PRIORITY_IDS) {
    const t = slaTargets[p];
    if (t === undefined) continue;
    const ok =
      t !== null &&
      typeof t === 'object' &&
      Number.isFinite(t.firstResponseMinutes) &&
      t.firstResponseMinutes > 0 &&
      Number.isFinite(t.resolutionTargetHours) &&
      t.resolutionTargetHours > 0;
    if (!ok) {
      throw new DomainError(
        'invalid_input',
        `slaTargets.${p} needs positive firstResponseMinutes and resolutionTargetHours`,
        'slaTargets',
      );
    }
    out[p] = {
      firstResponseMinutes: t.firstResponseMinutes,
      resolutionTargetHours: t.resolutionTargetHours,
    };
  }
  return out;
}

/**
 * The drafted first reply for a priority, in Arabic and English, naming the first-response
 * and resolution commitments of its SLA target. Always a draft: approval required, never sent
 * live. Throws DomainError 'unknown_priority' for anything but P0–P3.
 */
export function buildFirstResponseTemplate(
  priority: PriorityId,
  options: TemplateOptions = {},
): FirstResponseTemplate {
  const p = assertPriority(priority);
  const target = validateSlaTargets(options.slaTargets)[p];
  const first = formatSlaMinutes(target.firstResponseMinutes);
  const resolve = formatSlaHours(target.resolutionTargetHours);
  const t = TEMPLATES[p];
  return {
    priority: p,
    bodyAr: t.ar(first.ar, resolve.ar),
    bodyEn: t.en(first.en, resolve.en),
    approvalRequired: true,
    liveSendAllowed: false,
  };
}

// ───────────────────────────── routing ─────────────────────────────

export interface RouteTicketInput {
  text: string;
  customerId?: string;
  contactEmail?: string;
}

export interface RouteTicketOptions extends TemplateOptions {
  /** A classifier built with the policy's extra keywords; the default one otherwise. */
  classifier?: TicketClassifier;
}

export interface RoutedTicket {
  priority: PriorityId;
  classification: TicketClassification;
  owner: EscalationOwner;
  sla: { firstResponseMinutes: number; resolutionTargetHours: number };
  firstResponseTemplate: FirstResponseTemplate;
  approvalRequired: true;
  liveSendAllowed: false;
  customerId?: string;
  contactEmail?: string;
}

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/u;

function optionalString(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new DomainError('invalid_input', `${field} must be a string`, field);
  }
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (trimmed.length > max) {
    throw new DomainError('invalid_input', `${field} is longer than ${max} characters`, field);
  }
  return trimmed;
}

/**
 * Routes a ticket: classification (with its reason), owner, SLA targets and the drafted first
 * reply. Validates its input: `text` must be a string of at most 4000 characters
 * (DomainError 'invalid_input' / 'text_too_long', field `text`); `contactEmail`, when given,
 * must look like an e-mail address ('invalid_input', field `contactEmail`).
 */
export function routeTicket(
  input: RouteTicketInput,
  options: RouteTicketOptions = {},
): RoutedTicket {
  if (input === null || typeof input !== 'object') {
    throw new DomainError('invalid_input', 'routeTicket needs an object with a text', 'text');
  }
  const { text } = input;
  if (typeof text !== 'string') {
    throw new DomainError('invalid_input', 'Ticket text must be a string', 'text');
  }
  if (text.length > MAX_TICKET_TEXT_LENGTH) {
    throw new DomainError(
      'text_too_long',
      `Ticket text is ${text.length} characters; the limit is ${MAX_TICKET_TEXT_LENGTH}`,
      'text',
    );
  }
  const customerId = optionalString(input.customerId, 'customerId', 200);
  const contactEmail = optionalString(input.contactEmail, 'contactEmail', 254);
  if (contactEmail !== undefined && !EMAIL_RE.test(contactEmail)) {
    throw new DomainError(
      'invalid_input',
      `contactEmail ${JSON.stringify(contactEmail)} is not an e-mail address`,
      'contactEmail',
    );
  }
  const slaTargets = validateSlaTargets(options.slaTargets);
  const classification = options.classifier
    ? options.classifier.classify(text)
    : classifyTicketPriority(text);
  const priority = classification.priority;
  const target = slaTargets[priority];
  const routed: RoutedTicket = {
    priority,
    classification,
    owner: getPriority(priority).escalationOwner,
    sla: {
      firstResponseMinutes: target.firstResponseMinutes,
      resolutionTargetHours: target.resolutionTargetHours,
    },
    firstResponseTemplate: buildFirstResponseTemplate(priority, { slaTargets }),
    approvalRequired: true,
    liveSendAllowed: false,
  };
  if (customerId !== undefined) routed.customerId = customerId;
  if (contactEmail !== undefined) routed.contactEmail = contactEmail;
  return routed;
}
