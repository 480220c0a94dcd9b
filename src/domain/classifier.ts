/**
 * Support ticket priority classifier (SPEC §1.1).
 *
 * The reference keywords are the minimum. On top of them the classifier knows, as data:
 * synonyms and inflections in Arabic and English (grouped by concept), context rules for the
 * approval phrases ("sent … without approval" is P0, "20 drafts waiting without approval" is
 * not), and exclusions ("SLA breach" is not a data breach). All text goes through the same
 * preparation (`text.ts`): Slack markup stripped, Arabic spelling normalised, light stems —
 * so one keyword matches تسريب / تَسْرِيب / تســريب / بالتسريبات, and leak / leaked / leaking.
 *
 * Everything is compiled once per classifier (`createTicketClassifier`); classifying a text
 * is one tokenising pass plus map look-ups. Every decision says which rule and keyword made it,
 * in Arabic and English.
 */
import { DomainError } from './errors.ts';
import { getPriority, type PriorityId } from './priorities.ts';
import type { KeywordTier } from './referenceClassifier.ts';
import { type PhraseHit, PhraseMatcher, tokenize } from './text.ts';

// ───────────────────────────── data: keywords by concept ─────────────────────────────

export interface KeywordConcept {
  /** Concept id, used in rule names: `synonym:<id>`. */
  id: string;
  priority: KeywordTier;
  labelAr: string;
  labelEn: string;
  /** Reference keywords (SPEC §1.1) — matched with rule `keyword`. */
  keywords: readonly string[];
  /** Synonyms and inflections — matched with rule `synonym:<id>`. `*` allows up to two words in
   *  between, `**` up to four. Arabic words are written without the article ال. */
  synonyms: readonly string[];
}

/**
 * The keyword data, highest priority first. Words are matched as whole words after
 * normalisation (alef forms, ة/ه, ى/ي, hamza, diacritics, tatweel) and light stemming
 * (prefixes و ف ب ل ك ال, suffixes ات ون ين نا ي ها هم ه كم; English -s/-ed/-ing).
 */
export const DEFAULT_KEYWORD_CONCEPTS: readonly KeywordConcept[] = Object.freeze([
  // ── P0 ──
  {
    id: 'leak',
    priority: 'P0',
    labelAr: 'تسريب بيانات',
    labelEn: 'data leak',
    keywords: ['تسريب', 'leak'],
    synonyms: [
      'leakage',
      'exposed',
      'exposing',
      'exposure',
      'another customers data',
      'other customers data',
      'another clients data',
      'other clients data',
      'another * can see',
      'other customers can see',
      'can see * other customers',
      'can see * another customer',
      'يشوفون بياناتنا',
      'يشوف بياناتنا',
      'تسرب',
      'تسربت',
      'انتسرب',
      'انتسربت',
      'مسرب',
      'مسربه',
      'سربتوا',
      'انكشف',
      'انكشفت',
      'انكشفو',
      'مكشوف',
      'مكشوفه',
      'بيانات عميل ثاني',
      'بيانات عميل اخر',
      'بيانات عملاء ثانيين',
      'بيانات عملاء اخرين',
      'بيانات شركه ثانيه',
      // cross-tenant: another company's data in our account
      'another companys',
      'other companys',
      'another company * data',
      'another company * customers',
      'another company * contacts',
      'another tenant',
      'numbers from * different',
      'data from * different',
      'contacts from * different',
      'leads from * different',
      'other tenants',
      'another tenants',
      'بيانات عملاء شركه',
      'عملاء شركه ثانيه',
      'عملاء شركه اخري',
      'بيانات شركه اخري',
    ],
  },
  {
    id: 'secret',
    priority: 'P0',
    labelAr: 'كشف سر أو مفتاح',
    labelEn: 'secret exposed',
    keywords: ['secret'],
    synonyms: [
      'password * shared',
      'password * posted',
      'passwords * shared',
      'credentials * shared',
      'credentials * posted',
      'api key * shared',
      'api key * posted',
      'api key ** public',
      'api key ** github',
      'api keys ** public',
      'password ** posted',
      'password ** shared',
      'password ** public',
    ],
  },
  {
    id: 'breach',
    priority: 'P0',
    labelAr: 'اختراق',
    labelEn: 'breach or hack',
    keywords: ['data breach'],
    synonyms: [
      'breach',
      'breached',
      'hacked',
      'hacker',
      'hackers',
      'hacking',
      'compromised',
      'اختراق',
      'مخترق',
      'اخترق',
      'اخترقوا',
      'اخترقو',
      'انخترق',
      'انخترقت',
      'هكر',
      'هكروا',
      'هكرو',
      'تهكير',
      'مهكر',
      'انهكر',
      'تهكر',
    ],
  },
  {
    id: 'account_access',
    priority: 'P0',
    labelAr: 'دخول مشبوه إلى الحساب',
    labelEn: 'suspicious account access',
    keywords: [],
    synonyms: [
      'someone accessed',
      'someone * logged into',
      'someone * logged in to',
      'somebody accessed',
      'somebody * logged into',
      'accessed our account',
      'accessed my account',
      'logged into our account',
      'logged into my account',
      'logged in to our account',
      'logged in to my account',
      'suspicious login',
      'suspicious * login',
      'suspicious activity',
      'suspicious * activity',
      'phishing',
      'former employee ** access',
      'former employee ** logged in',
      'account * stolen',
      'account * taken over',
      'حد دخل * حساب',
      'احد دخل * حساب',
      'واحد دخل * حساب',
      'شخص دخل * حساب',
      'احد غريب دخل',
      'تسجيل دخول مشبوه',
      'دخول مشبوه',
      'نشاط مشبوه',
      'نشاطات مشبوهه',
      'حساب * انسرق',
      'انسرق * حساب',
      'حساب * سرقوه',
      'سرقه * حساب',
      'تصيد',
    ],
  },
  {
    id: 'security',
    priority: 'P0',
    labelAr: 'مشكلة أمنية',
    labelEn: 'security issue',
    keywords: ['أمان'],
    synonyms: [
      'security * issue',
      'security * problem',
      'security * incident',
      'security * bug',
      'security * hole',
      'security * flaw',
      'security * concern',
      'security * risk',
      'security * alert',
      'security * vulnerability',
      'vulnerability',
      'vulnerable',
      'exploit',
      'exploited',
      'ثغره',
      'ثغرات',
      'خلل امني',
      'مشكله امنيه',
      'حادثه امنيه',
      'حادث امني',
      'خطر امني',
      'تهديد امني',
    ],
  },
  {
    id: 'outage',
    priority: 'P0',
    labelAr: 'توقف كامل',
    labelEn: 'full outage',
    keywords: ['outage', 'completely down'],
    synonyms: [
      'totally down',
      'fully down',
      'entirely down',
      'completely offline',
      'totally offline',
      'everything * down',
      'all services * down',
      'whole * down',
      'entire * down',
      'system * down',
      'platform * down',
      'sanad * down',
      'nothing works',
      'nothing * working',
      'عطل كامل',
      'تعطل كامل',
      'توقف كامل',
      'انقطاع كامل',
      'انقطاع تام',
      'انقطاع شامل',
      'متوقف تماما',
      'متوقف بالكامل',
      'متوقفه تماما',
      'متوقفه بالكامل',
      'واقف تماما',
      'واقف بالكامل',
      'واقفه تماما',
      'واقفه بالكامل',
      'معطل تماما',
      'معطل بالكامل',
      'معطله تماما',
      'معطله بالكامل',
      'نظام * واقف',
      'نظام * متوقف',
      'نظام * معطل',
      'نظام * داون',
      'نظام * طايح',
      'سيستم * واقف',
      'سيستم * داون',
      'سيستم * طايح',
      'منصه * واقفه',
      'منصه * متوقفه',
      'منصه * معطله',
      'منصه * داون',
      'منصه * طايحه',
      'كل شي * واقف',
      'كل شي * معطل',
      'كل شي * متوقف',
      'ولا شي يشتغل',
      'ولا شي شغال',
      'لا شي يعمل',
      'سند * واقف',
      'كله واقف',
      'كلها واقفه',
      'كله معطل',
      'كلها معطله',
      'كله طايح',
      'كله داون',
      'طاح * نظام',
      'نظام * طاح',
      'طاح * سيستم',
      'سيستم * طاح',
      'منصه * طاحت',
      'طاحت * منصه',
      'سند * طايح',
      'سند * طاح',
      'ولا احد يقدر يدخل',
      'ولا حد يقدر يدخل',
      'محد يقدر يدخل',
      'محد قادر يدخل',
      'down for everyone',
      'down for everybody',
      'down for all',
      'nobody ** can log in',
      'nobody ** can login',
      'no one ** can log in',
      'no one ** can login',
      'compeltely down',
      'completly down',
    ],
  },
  {
    id: 'unauthorized',
    priority: 'P0',
    labelAr: 'عملية أو وصول غير مصرح به',
    labelEn: 'unauthorized access or action',
    keywords: ['unauthorized'],
    synonyms: ['unauthorised', 'غير مصرح', 'غير مصرح به'],
  },
  {
    id: 'live_charge',
    priority: 'P0',
    labelAr: 'خصم مالي غير معتمد',
    labelEn: 'unapproved live charge',
    keywords: ['live charge'],
    synonyms: [
      'charged twice',
      'double charged',
      'double charge',
      'duplicate charge',
      'unexpected charge',
      'unknown charge',
      'خصم مرتين',
      'انخصم * مرتين',
      'خصم مكرر',
      'سحب * مرتين',
      'انسحب * مرتين',
      'اتسحب * مرتين',
      'charged * twice',
      'billed twice',
      'billed * twice',
      'double billed',
      'double billing',
    ],
  },
  {
    id: 'wrong_send',
    priority: 'P0',
    labelAr: 'إرسال خاطئ',
    labelEn: 'wrong send',
    keywords: ['إرسال خاطئ'],
    synonyms: [
      'ارسال غلط',
      'ارسال بالغلط',
      'wrong send',
      'sent by mistake',
      'sent in error',
      'accidentally sent',
      'mistakenly sent',
      'wrong recipient',
      'meant for another',
      'meant for a different',
      'intended for another',
      'intended for a different',
      'meant for ** delivered',
      'intended for ** delivered',
      'spammed',
      'spamming',
      'sent ** ** opted out',
      'messaged ** ** opted out',
      'sent ** ** unsubscribed',
      'ارسل ** ** الغي اشتراكه',
    ],
  },
  // ── P1 ──
  {
    id: 'service_down',
    priority: 'P1',
    labelAr: 'خدمة معطلة',
    labelEn: 'service down',
    keywords: ['service down', 'خدمة معطلة'],
    synonyms: [
      'is down',
      'are down',
      'was down',
      'went down',
      'been down',
      'goes down',
      'going down',
      'down again',
      'down since',
      'down for',
      'downtime',
      'not working',
      'not work',
      'isnt working',
      'arent working',
      'doesnt work',
      'dont work',
      'wont work',
      'didnt work',
      'stopped working',
      'stopped responding',
      'not responding',
      'unresponsive',
      'not loading',
      'wont load',
      'doesnt load',
      'arent loading',
      'isnt loading',
      'not replying',
      'stopped replying',
      'not sending',
      'isnt sending',
      'stopped sending',
      'unavailable',
      'unreachable',
      'broken',
      'crash',
      'crashed',
      'crashing',
      'timing out',
      'times out',
      'timeout',
      '500 error',
      'error 500',
      '502 error',
      'error 502',
      '503 error',
      'error 503',
      'internal server error',
      'bad gateway',
      'معطل',
      'معطله',
      'متعطل',
      'متعطله',
      'تعطل',
      'تعطلت',
      'يتعطل',
      'عطل',
      'عطلان',
      'عطلانه',
      'خربان',
      'خربانه',
      'خربت',
      'طاح',
      'طاحت',
      'طايح',
      'طايحه',
      'داون',
      'كراش',
      'ما يشتغل',
      'مايشتغل',
      'ما تشتغل',
      'ماتشتغل',
      'ما اشتغل',
      'ما اشتغلت',
      'لا يعمل',
      'لا تعمل',
      'ولا يعمل',
      'ولا تعمل',
      'ولا يشتغل',
      'ولا تشتغل',
      'وما يشتغل',
      'وما تشتغل',
      'لا يشتغل',
      'لا تشتغل',
      'مو شغال',
      'مو شغاله',
      'موشغال',
      'مب شغال',
      'مش شغال',
      'ما هو شغال',
      'واقف',
      'واقفه',
      'وقفت',
      'متوقف',
      'متوقفه',
      'توقف',
      'توقفت',
      'انقطاع',
      'انقطعت',
      'انقطع',
      'منقطع',
      'منقطعه',
      'ما يفتح',
      'ما تفتح',
      'ما توصل',
      'ما يوصل',
      'ما ترسل',
      'ما يرسل',
      'ما يستجيب',
      'لا يستجيب',
      'يعلق',
      'يهنق',
      'ما يرد',
      'ما ترد',
      'مايرد',
      'ما يردون',
      'خرب',
      'بوت * وقف',
      'وقف فجاه',
      'ما تنرسل',
      'ما ينرسل',
      'رسايل * ما وصلت',
      'رساله * ما وصلت',
      'مو راضي يرسل',
      'مو راضي يشتغل',
      'مو راضي يفتح',
      'مب راضي يرسل',
      'نظام * معلق',
      'سيستم * معلق',
      'منصه * معلقه',
      'بوت * معلق',
      'ما نقدر ندخل',
      'ما اقدر ادخل',
      'ما اقدر اسجل دخول',
      'ما نقدر نعتمد',
      'يعطي error',
      'يطلع error',
      'stopped answering',
      'not answering',
      'stopped going out',
      'not going out',
      'not being sent',
      'stuck in * queue',
      'cant log in',
      'cant login',
      'cannot log in',
      'cannot login',
      'can not log in',
      'unable to log in',
      'unable to login',
      'cant approve',
      'throwing errors',
      'throws errors',
      'does nothing',
      'nothing gets drafted',
    ],
  },
  {
    id: 'service_failed',
    priority: 'P1',
    labelAr: 'فشل خدمة',
    labelEn: 'service failed',
    keywords: ['service failed'],
    synonyms: ['fail', 'failure', 'فشل', 'فشلت', 'يفشل', 'تفشل', 'فاشل', 'فاشله'],
  },
  {
    id: 'pilot_stopped',
    priority: 'P1',
    labelAr: 'توقف الـ Pilot',
    labelEn: 'pilot stopped',
    keywords: ['Pilot stopped'],
    synonyms: [
      'pilot * stopped',
      'pilot * paused',
      'pilot * halted',
      'pilot * stuck',
      'pilot * not running',
      'pilot * توقف',
      'pilot * متوقف',
      'pilot * وقف',
      'pilot * واقف',
      'توقف * pilot',
      'وقف * pilot',
      'بايلوت * توقف',
      'بايلوت * متوقف',
      'بايلوت * واقف',
      'توقف * بايلوت',
      'بايلوت * وقف',
      'pilot * ended suddenly',
      'pilot * ended unexpectedly',
      'pilot * انتهي فجاه',
      'بايلوت * انتهي فجاه',
      'فتره تجريبيه * توقف',
      'فتره تجريبيه * توقفت',
      'فتره تجريبيه * وقفت',
      'فتره تجريبيه * انتهت فجاه',
    ],
  },
  {
    id: 'proof_pack_missing',
    priority: 'P1',
    labelAr: 'Proof Pack مفقود',
    labelEn: 'Proof Pack missing',
    keywords: ['Proof Pack مفقود'],
    synonyms: [
      'proof pack ** مفقود',
      'proof pack ** مفقوده',
      'proof pack ** missing',
      'missing * proof pack',
      'proof pack ** not received',
      'proof pack ** never arrived',
      'proof pack ** didnt arrive',
      'didnt receive * proof pack',
      'never received * proof pack',
      'no proof pack',
      'proof pack ** ما وصل',
      'proof pack ** ما وصلني',
      'proof pack ** ما وصلنا',
      'ما وصل * proof pack',
      'ما وصلني * proof pack',
      'ما وصلنا * proof pack',
      'proof pack ** ضايع',
      'proof pack ** اختفي',
      'proofpack ** missing',
      'بروف باك ** مفقود',
      'بروف باك ** ما وصل',
      'havent received ** proof pack',
      'did not receive ** proof pack',
      'didnt receive ** proof pack',
      'proof pack ** didnt come',
      'proof pack ** did not come',
      'proof pack ** never came',
      'proof pack ** hasnt arrived',
      'proof pack ** ما نزل',
      'ما استلمنا ** proof pack',
      'ما استلمت ** proof pack',
      'بروف باك ** ما نزل',
      'ما استلمنا ** بروف باك',
      'ما وصلنا ** بروف باك',
    ],
  },
  // ── P2 ──
  {
    id: 'connector',
    priority: 'P2',
    labelAr: 'مشكلة في موصل أو قناة',
    labelEn: 'connector or channel setup',
    keywords: ['connector'],
    synonyms: [
      'integration',
      'integrations',
      'oauth',
      'reconnect',
      'disconnected',
      'disconnecting',
      'sync',
      'syncing',
      'token expired',
      'expired token',
      'channel setup',
      'lead form',
      'website form',
      'google business profile',
      'google meet',
      'connect * instagram',
      'connect * linkedin',
      'connect * crm',
      'instagram * connect',
      'linkedin * connect',
      'crm * integration',
      'موصل',
      'كونكتر',
      'كونيكتر',
      'ربط',
      'اربط',
      'نربط',
      'يربط',
      'تكامل',
      'انفصل',
      'انفصلت',
      'فاصل',
      'مفصول',
      'مزامنه',
      'ربطه',
      'ربطها',
      'يتربط',
      'تتربط',
      'ينربط',
      'انربط',
      'crm * connect',
      'setting up * channel',
      'set up * channel',
      'setup * channel',
      'اعداد قناه',
      'قناه * ما اكتمل',
    ],
  },
  {
    id: 'gmail',
    priority: 'P2',
    labelAr: 'Gmail',
    labelEn: 'Gmail',
    keywords: ['Gmail'],
    synonyms: ['google mail', 'جيميل', 'جي ميل', 'قوقل ميل', 'جوجل ميل'],
  },
  {
    id: 'calendar',
    priority: 'P2',
    labelAr: 'التقويم',
    labelEn: 'Calendar',
    keywords: ['Calendar'],
    synonyms: ['تقويم', 'كالندر', 'كلندر'],
  },
  {
    id: 'sheets',
    priority: 'P2',
    labelAr: 'Google Sheets',
    labelEn: 'Google Sheets',
    keywords: ['Sheets'],
    synonyms: ['google sheet', 'شيت', 'شيتس', 'قوقل شيت', 'جوجل شيت', 'جداول قوقل', 'جداول جوجل'],
  },
  {
    id: 'whatsapp_setup',
    priority: 'P2',
    labelAr: 'إعداد واتساب',
    labelEn: 'WhatsApp setup',
    keywords: ['WhatsApp setup'],
    synonyms: [
      'whatsapp * setup',
      'setup * whatsapp',
      'set up * whatsapp',
      'whatsapp * set up',
      'whatsapp * integration',
      'connect * whatsapp',
      'whatsapp * connect',
      'whatsapp * connection',
      'whatsapp business',
      'whatsapp cloud',
      'whatsapp api',
      'whatsapp * number',
      'whatsapp * template',
      'whatsapp * verification',
      'اعداد * واتساب',
      'اعداد * واتس',
      'تفعيل * واتساب',
      'تفعيل * واتس',
      'واتساب * اعداد',
      'واتساب بزنس',
      'رقم * واتساب',
      'رقم * واتس',
      'قالب * واتساب',
      'قوالب * واتساب',
      'نفعل * واتساب',
      'نفعل * واتس',
      'فعلنا * واتساب',
      'واتس اب',
    ],
  },
  {
    id: 'moyasar_invoice',
    priority: 'P2',
    labelAr: 'فاتورة ميسر ومسار الفواتير',
    labelEn: 'Moyasar invoice / invoice flow',
    keywords: ['Moyasar invoice'],
    synonyms: [
      'moyasar',
      'ميسر',
      'invoice',
      'invoicing',
      'billing',
      'payment link',
      'فاتوره',
      'فواتير',
      'رابط دفع',
    ],
  },
  {
    id: 'proof_pack_late',
    priority: 'P2',
    labelAr: 'تأخر Proof Pack',
    labelEn: 'Proof Pack late',
    keywords: [],
    synonyms: [
      'proof pack ** late',
      'late * proof pack',
      'proof pack ** delayed',
      'delayed * proof pack',
      'proof pack ** overdue',
      'proof pack ** متاخر',
      'proof pack ** متاخره',
      'proof pack ** تاخر',
      'تاخر * proof pack',
      'تاخير * proof pack',
      'بروف باك ** متاخر',
      'proof pack ** اتاخر',
      'بروف باك ** اتاخر',
      'proofpack ** late',
      'proofpack ** delayed',
      'وين ** proof pack',
    ],
  },
] satisfies KeywordConcept[]);

/** Phrases that are NOT what a keyword inside them suggests; a keyword overlapping one is
 *  ignored ("SLA breach" is not a data breach, "بأمان" means "safely"). */
export const KEYWORD_EXCLUSIONS: readonly string[] = Object.freeze([
  'sla breach',
  'sla * breached',
  'breach of * sla',
  'memory leak',
  'secret santa',
  'down to',
  'price * down',
  'prices * down',
  'cost * down',
  'costs * down',
  // "down", "unavailable", "not working", "stop" … about business, people or a request
  'sales * down',
  'not working * friday',
  'not working * fridays',
  'not working * saturday',
  'not working * weekend',
  'not working * weekends',
  'paste * secret',
  'enter * secret',
  'revenue * down',
  'rate * down',
  'rates * down',
  'numbers * down',
  'conversions * down',
  'be unavailable',
  'im unavailable',
  'am unavailable',
  'not working during',
  'sync call',
  'sync meeting',
  'crash course',
  'timeout setting',
  'broken link',
  'we failed to',
  'i failed to',
  'be stopped',
  'be paused',
  'ممكن توقف',
  'متي توقف',
  'انا واقف',
  'نتاكد ** ما يرسل',
  'اتاكد ** ما يرسل',
  'نتاكد ** ما ينرسل',
  'اتاكد ** ما ينرسل',
  'نتاكد ** ما يرد',
  'اتاكد ** ما يرد',
  'failed during setup',
  'failed during onboarding',
  'failed during * setup',
  'fails during setup',
  'be charged * twice',
  'be billed * twice',
  'بامان',
  // security / leak words in questions about policy, setup or hypothetical risk
  'risk of * leak',
  'risk of * leaks',
  'risk of * breach',
  'prevent * leak',
  'prevent * leaks',
  'prevent * breach',
  'prevent * unauthorized',
  'prevent * unauthorised',
  'سياسه * امان',
  'سياسات * امان',
  'استبيان * امان',
  'معايير * امان',
  'بيانات * في امان',
]);

// ───────────────────────────── data: context rules ─────────────────────────────

/** "without approval" and friends: they mean an unapproved send only in context. */
export const APPROVAL_PHRASES: readonly string[] = Object.freeze([
  'without * approval',
  'without approving',
  'without being approved',
  'w/o * approval',
  'without * consent',
  'without * permission',
  'without * authorization',
  'without * authorisation',
  'without * review',
  'without reviewing',
  'without * confirmation',
  'without confirming',
  'before * approval',
  'before * approved',
  'before approving',
  'not approved',
  'unapproved',
  'never approved',
  'never ordered',
  'didnt order',
  'did not order',
  'never agreed',
  'never authorized',
  'never authorised',
  'didnt authorize',
  'did not authorize',
  'didnt agree',
  'did not agree',
  'ما طلبنا',
  'ما طلبت',
  'ما طلبناه',
  'ما طلبناها',
  'ما طلبته',
  'بدون * موافقه',
  'دون موافقه',
  'بلا موافقه',
  'من غير موافقه',
  'بدون اذن',
  'دون اذن',
  'من غير اذن',
  'بدون تصريح',
  'بدون مراجعه',
  'بدون ما نراجع',
  'بدون تاكيد',
  'بدون اعتماد',
  'دون اعتماد',
  'قبل * موافقه',
  'قبل الاعتماد',
  'قبل ما نعتمد',
  'nobody approved',
  'its own',
  'we cancelled',
  'we canceled',
  'لغينا',
  'الغينا',
  'no one approved',
  'noone approved',
  'without anyone approving',
  'without * approving',
  'without * ok',
  'by itself',
  'قبل لا نعتمد',
  'قبل لا يعتمد',
  'غير معتمد',
  'غير معتمده',
  'مو معتمد',
  // the reference's "أرسل بدون" / "أرسل رسالة بدون": a send verb right before بدون
  'ارسل بدون',
  'ارسل * بدون',
  'ارسلت * بدون',
  'انرسلت * بدون',
  'انرسل * بدون',
  'ارسلوا * بدون',
  'ارسلو * بدون',
]);

/** Approval phrases in the first person: a complaint even without a send verb
 *  ("بدون موافقتي" — the reference's P0 keyword), unless drafts/waiting/a question surround it. */
export const FIRST_PERSON_APPROVAL_PHRASES: readonly string[] = Object.freeze([
  'without my approval',
  'without our approval',
  'without my consent',
  'without our consent',
  'without my permission',
  'without our permission',
  'without asking',
  'before i approved',
  'before we approved',
  'i never approved',
  'we never approved',
  'i didnt approve',
  'we didnt approve',
  'i did not approve',
  'we did not approve',
  'بدون موافقتي',
  'بدون موافقتنا',
  'بدون اذني',
  'بدون اذننا',
  'بدون علمي',
  'بدون علمنا',
  'دون علمي',
  'دون علمنا',
  'من غير علمي',
  'بدون ما اوافق',
  'بدون ما نوافق',
  'قبل ما اوافق',
  'قبل ما نوافق',
  'قبل موافقتي',
  'قبل موافقتنا',
  'ما وافقت',
  'ما وافقنا',
  'ما اعتمدتها',
  'ما اعتمدناها',
  'لم اوافق',
  'لم نوافق',
  'قبل لا اوافق',
  'قبل لا نوافق',
  'بدون ما نعتمد',
  'we had not approved',
  'we hadnt approved',
  'i had not approved',
  'i hadnt approved',
  'without our ok',
  'without my ok',
]);

/** Words that say a message went out (past / completed). */
export const SEND_DONE_WORDS: readonly string[] = Object.freeze([
  'sent',
  'posted',
  'published',
  'replied',
  'responded',
  'messaged',
  'emailed',
  'texted',
  'whatsapped',
  'delivered',
  'forwarded',
  'shared',
  'went out',
  'went to',
  'gone out',
  'ارسلت',
  'ارسلتو',
  'ارسلتوا',
  'ارسلو',
  'ارسلوا',
  'ارسلنا',
  'ارسلها',
  'ارسله',
  'انرسل',
  'انرسلت',
  'انرسلو',
  'انرسلوا',
  'اترسل',
  'اترسلت',
  'تم ارسال',
  'تم ارسالها',
  'تم ارساله',
  'راحت',
  'راحو',
  'راحوا',
  'طلعت',
  'طلعو',
  'وصلت',
  'وصلو',
  'بعثت',
  'بعثتو',
  'بعثوا',
  'انبعثت',
  'نشرت',
  'نشرتو',
  'انشرت',
  'انتشرت',
  'ردت',
  'ردو',
  'ردوا',
  'نزلت',
  'وصل',
]);

/** Send words that do not say it happened (present, imperative, nouns, ambiguous أرسل). */
export const SEND_WORDS: readonly string[] = Object.freeze([
  'send',
  'sending',
  'sends',
  'post',
  'posting',
  'reply',
  'replying',
  'publish',
  'publishing',
  'message',
  'email',
  'going out',
  'goes out',
  'being sent',
  'ارسل',
  'ارسال',
  'يرسل',
  'ترسل',
  'نرسل',
  'يرسلون',
  'رساله',
  'رسايل',
  'ايميل',
  'ايميلات',
  'ينشر',
  'رد',
  'راح',
  'طلع',
  'يطلع',
  'يروح',
]);

/** Words that say money was taken (past / completed). */
export const CHARGE_DONE_WORDS: readonly string[] = Object.freeze([
  'charged',
  'billed',
  'debited',
  'deducted',
  'withdrew',
  'withdrawn',
  'took money',
  'خصمت',
  'خصمتو',
  'خصمتوا',
  'خصمو',
  'خصموا',
  'انخصم',
  'انخصمت',
  'اتخصم',
  'اتخصمت',
  'تم خصم',
  'سحبت',
  'سحبتو',
  'سحبتوا',
  'سحبو',
  'سحبوا',
  'انسحب',
  'انسحبت',
  'اتسحب',
  'اتسحبت',
  'تم سحب',
]);

/** Charge words that do not say it happened. */
export const CHARGE_WORDS: readonly string[] = Object.freeze([
  'charge',
  'charging',
  'charges',
  'payment',
  'debit',
  'خصم',
  'سحب',
  'مبلغ',
  'دفع',
]);

/** Drafts still waiting: "without approval" describes their state, not a send. */
export const PENDING_WORDS: readonly string[] = Object.freeze([
  'draft',
  'drafts',
  'waiting',
  'wait',
  'pending',
  'awaiting',
  'queued',
  'queue',
  'sitting',
  'unsent',
  'مسوده',
  'مسودات',
  'تنتظر',
  'ينتظر',
  'ينتظرون',
  'منتظر',
  'منتظره',
  'انتظار',
  'معلق',
  'معلقه',
  'للحين',
  'لسه',
  'لسا',
  'لازالت',
  'مازالت',
]);

/** How-to questions and feature requests: "how do I send without approval?". */
export const QUESTION_WORDS: readonly string[] = Object.freeze([
  'how',
  'can i',
  'can we',
  'could i',
  'could we',
  'is it possible',
  'possible to',
  'is there',
  'في خيار',
  'فيه خيار',
  'enable',
  'turn on',
  'want to',
  'would like',
  'wanna',
  'let us',
  'let me',
  'should i',
  'should we',
  'كيف',
  'ممكن',
  'يمكن',
  'يمكنني',
  'نقدر',
  'اقدر',
  'طريقه',
  'ابغى',
  'ابغي',
  'نبغى',
  'ابي',
  'نبي',
  'ودي',
  'ودنا',
  'اريد',
  'نريد',
  'حاب',
  'حابين',
  'تفعيل',
  'نفعل',
  'can the bot',
  'can you send',
  'can you post',
  'can you reply',
  'can it send',
  'does the bot',
  'does it send',
  'make sure',
  'ensure',
  'نتاكد',
  'اتاكد',
]);

/** A negation right before an action word cancels it ("nothing was sent", "لم يتم ارسال"). */
export const NEGATION_WORDS: readonly string[] = Object.freeze([
  'not',
  'no',
  'never',
  'nothing',
  'none',
  'didnt',
  'did not',
  'hasnt',
  'havent',
  'wasnt',
  'werent',
  'dont',
  'doesnt',
  'wont',
  'cant',
  'cannot',
  'ما',
  'لم',
  'لن',
  'لا',
  'مو',
  'مب',
  'مش',
  'محد',
]);

/** Words right before a P0 keyword that deny it ("there was no data leak", "ما فيه تسريب",
 *  "not completely down"): the keyword then decides nothing. Not for the security concept —
 *  "ما فيه أمان" (there is no security) is a complaint. */
export const DENIAL_WORDS: readonly string[] = Object.freeze([
  'no',
  'not',
  'never',
  'no data',
  'not a',
  'not an',
  'not any',
  'nothing was',
  'nothing has been',
  'nothing got',
  'no data was',
  'no data has been',
  'no sign of',
  'no signs of',
  'no evidence of',
  'wasnt a',
  'wasnt an',
  'wasnt any',
  'isnt a',
  'isnt an',
  'isnt any',
  'hasnt',
  'havent',
  'wasnt',
  'isnt',
  'didnt',
  'ما',
  'لا',
  'لم',
  'ما فيه',
  'مافيه',
  'ما في',
  'مافي',
  'ما صار',
  'ما حصل',
  'ما كان فيه',
  'لا يوجد',
  'ما يوجد',
  'لم يحدث',
]);

/** Words that report a P0 incident as over ("Yesterday's outage is resolved", "thanks for
 *  fixing the outage", "تم حل …"): near the keyword, in its clause, and not themselves negated
 *  ("the leak hasn't been fixed" stays P0), the keyword decides nothing. */
export const RESOLVED_WORDS: readonly string[] = Object.freeze([
  'is resolved',
  'was resolved',
  'are resolved',
  'been resolved',
  'got resolved',
  'is fixed',
  'was fixed',
  'are fixed',
  'been fixed',
  'got fixed',
  'is over',
  'was over',
  'is restored',
  'was restored',
  'been restored',
  'back to normal',
  'back online',
  'thanks for fixing',
  'thank you for fixing',
  'thanks for resolving',
  'thank you for resolving',
  'thanks for handling',
  'thank you for handling',
  'post mortem',
  'postmortem',
  'final report',
  'تم حل',
  'تم حلها',
  'تم حله',
  'انحل',
  'انحلت',
  'اتحل',
  'اتحلت',
  'تم اصلاح',
  'انصلح',
  'انصلحت',
  'تصلح',
  'تصلحت',
  'رجع يشتغل',
  'رجعت تشتغل',
  'رجع شغال',
  'رجعت شغاله',
  'شكرا على حل',
  'شكرا على اصلاح',
  'شكرا لحل',
]);

/** How many words may sit between a resolved word and the P0 keyword it reports as over,
 *  when it comes before ("thanks for fixing the outage") / after ("the outage is resolved"). */
const RESOLVED_WINDOW = { before: 2, after: 6 };

/** P0 concepts a denial word does not cancel ("ما فيه أمان" is a complaint). */
const UNDENIABLE_CONCEPTS: ReadonlySet<string> = new Set(['security']);

/** Words that make a send a wrong send when they sit next to a send word. */
export const WRONG_SEND_WORDS: readonly string[] = Object.freeze([
  'wrong',
  'incorrect',
  'by mistake',
  'by accident',
  'accidentally',
  'mistakenly',
  'in error',
  'غلط',
  'خاطي',
  'خاطيه',
  // Arabic "to another client": a send that reached someone it was not meant for
  'عميل ثاني',
  'عميل اخر',
  'عميل غلط',
  'شخص ثاني',
  'مو له',
  // a send to someone who opted out
  'opted out',
  'unsubscribed',
]);

/** The customer's own doing ("I sent the wrong attachment"): not an incident of ours. */
export const SELF_SEND_WORDS: readonly string[] = Object.freeze([
  'i sent',
  'we sent',
  'i have sent',
  'we have sent',
  'ive sent',
  'weve sent',
  'i accidentally',
  'we accidentally',
  'i mistakenly',
  'we mistakenly',
  'انا ارسلت',
  'احنا ارسلنا',
  'ارسلت لكم',
  'ارسلنا لكم',
]);

export interface ContextRule {
  /** Rule name in results: `context:<id>`. */
  id: string;
  priority: 'P0';
  labelAr: string;
  labelEn: string;
  /** Phrases that put the rule in play. */
  triggers: readonly string[];
  /** Triggers that are first-person complaints ("without my approval"). */
  firstPersonTriggers?: readonly string[];
  /** Action words that decide P0 on their own (past tense: it happened). */
  doneActions: readonly string[];
  /** Action words that decide P0 unless a pending/question word is in the window. */
  actions: readonly string[];
  /** Words that turn the phrase into a description of waiting drafts, not a send. */
  pending: readonly string[];
  /** Words that turn the phrase into a how-to question or a feature request. */
  questions: readonly string[];
  /** Words that cancel the rule even next to a past-tense action (the customer's own send). */
  blockers?: readonly string[];
  /** How many words before / after the trigger an action or a suppressing word may be. */
  window: { before: number; after: number };
  /** When no action word is near, a first-person trigger alone decides (rule id below). */
  firstPersonRuleId?: string;
}

export const DEFAULT_CONTEXT_RULES: readonly ContextRule[] = Object.freeze([
  {
    id: 'sent_without_approval',
    priority: 'P0',
    labelAr: 'إرسال بدون موافقة',
    labelEn: 'sent without approval',
    triggers: APPROVAL_PHRASES,
    firstPersonTriggers: FIRST_PERSON_APPROVAL_PHRASES,
    doneActions: SEND_DONE_WORDS,
    actions: SEND_WORDS,
    pending: PENDING_WORDS,
    questions: QUESTION_WORDS,
    blockers: SELF_SEND_WORDS,
    window: { before: 8, after: 6 },
    firstPersonRuleId: 'without_my_approval',
  },
  {
    id: 'charged_without_approval',
    priority: 'P0',
    labelAr: 'خصم بدون موافقة',
    labelEn: 'charged without approval',
    triggers: APPROVAL_PHRASES,
    firstPersonTriggers: FIRST_PERSON_APPROVAL_PHRASES,
    doneActions: CHARGE_DONE_WORDS,
    actions: CHARGE_WORDS,
    pending: PENDING_WORDS,
    questions: QUESTION_WORDS,
    window: { before: 8, after: 6 },
  },
  {
    id: 'wrong_send',
    priority: 'P0',
    labelAr: 'إرسال خاطئ',
    labelEn: 'wrong send',
    triggers: WRONG_SEND_WORDS,
    doneActions: SEND_DONE_WORDS,
    actions: ['ارسال', 'ارسل'],
    pending: PENDING_WORDS,
    questions: QUESTION_WORDS,
    blockers: SELF_SEND_WORDS,
    window: { before: 6, after: 4 },
  },
] satisfies ContextRule[]);

/** How close a negation must be to cancel an action word: at most this many words between. */
const NEGATION_REACH = 1;

/** Every phrase per priority (reference keywords + synonyms), for documentation and policy
 *  checks. The context rules above add the approval phrases to P0. */
export const DEFAULT_PRIORITY_KEYWORDS: Readonly<Record<KeywordTier, readonly string[]>> =
  Object.freeze({
    P0: Object.freeze(tierPhrases('P0')),
    P1: Object.freeze(tierPhrases('P1')),
    P2: Object.freeze(tierPhrases('P2')),
  });

function tierPhrases(tier: KeywordTier): string[] {
  return DEFAULT_KEYWORD_CONCEPTS.filter((c) => c.priority === tier).flatMap((c) => [
    ...c.keywords,
    ...c.synonyms,
  ]);
}

// ───────────────────────────── results ─────────────────────────────

export interface ClassificationMatch {
  priority: PriorityId;
  /** The keyword or phrase from the lists that matched (gaps shown as …). */
  keyword: string;
  /** `keyword`, `synonym:<concept>`, `policy_keyword`, `context:<rule>`. */
  rule: string;
  /** The words in the ticket that matched, as written. */
  text: string;
}

export interface TicketClassification {
  priority: PriorityId;
  matchedKeyword?: string;
  /** The words in the ticket that decided, as written. */
  matchedText?: string;
  /** `keyword`, `synonym:<concept>`, `policy_keyword`, `context:<rule>`,
   *  `context:approval_not_a_send` (approval words read as waiting drafts, a question or a
   *  send that did not happen), `context:incident_denied` / `context:incident_resolved` (a P0
   *  keyword denied — "no data leak" — or reported as over — "the outage is resolved"),
   *  `default` (nothing matched), `empty` (no text). */
  matchedRule: string;
  reasonAr: string;
  reasonEn: string;
  /** Every match found, highest priority first. */
  matches: ClassificationMatch[];
}

export interface TicketClassifier {
  classify(text: string): TicketClassification;
}

export interface TicketClassifierOptions {
  /** Extra keywords from the policy file, per priority; matched like the built-in ones. */
  extraKeywords?: Partial<Record<KeywordTier, readonly string[]>>;
  /**
   * @internal Default true: a text where no keyword or approval phrase can start is decided
   * (P3) without assembling phrases. false assembles every phrase — the same results, slower;
   * the tests and the benchmark compare the two.
   */
  anchored?: boolean;
}

// ───────────────────────────── compiled form ─────────────────────────────

type Role =
  | 'keyword'
  | 'exclusion'
  | 'trigger'
  | 'done'
  | 'action'
  | 'pending'
  | 'question'
  | 'blocker'
  | 'negation';

interface Entry {
  role: Role;
  priority?: KeywordTier;
  /** Rule name for keyword entries. */
  rule?: string;
  concept?: KeywordConcept;
  /** Context rules (bit i = rule i) a trigger/done/action/pending/question entry serves. */
  ruleMask?: number;
  firstPerson?: boolean;
  /** Keyword entries: the parts of their explanation, made on first use (`keywordReasons`). */
  reasons?: KeywordReasons;
}

/** A keyword's explanation around the words in the text: `ar`/`en` when they are the keyword
 *  as written, else `…Before` + the words + `…After`. */
interface KeywordReasons {
  keywordLower: string;
  ar: string;
  en: string;
  arBefore: string;
  arAfter: string;
  enBefore: string;
  enAfter: string;
}

/** The roles of the words context rules read around a trigger (see `evaluateContext`). */
const CONTEXT_ROLES: ReadonlySet<Role> = new Set<Role>([
  'done',
  'action',
  'pending',
  'question',
  'blocker',
  'negation',
]);

const TIERS: readonly KeywordTier[] = ['P0', 'P1', 'P2'];
const RANK: Record<PriorityId, number> = { P0: 0, P1: 1, P2: 2, P3: 3 };

interface Found {
  priority: PriorityId;
  keyword: string;
  rule: string;
  /** First token (for ordering) and the source span of the words that decided. */
  start: number;
  srcStart: number;
  srcEnd: number;
  concept?: KeywordConcept;
  /** For keyword matches: the entry (its explanation is kept there). */
  entry?: Entry;
  /** For context matches: the action word. */
  actionText?: string;
  order: number;
}

interface Suppressed {
  trigger: string;
  text: string;
  /** pending/question: approval words describing waiting drafts or a request; negated: next
   *  to a send that did not happen; denied/resolved: a P0 keyword denied or reported as over. */
  why: 'pending' | 'question' | 'negated' | 'denied' | 'resolved';
  word: string;
}

function validateExtraKeywords(
  extra: TicketClassifierOptions['extraKeywords'],
): Array<{ tier: KeywordTier; phrase: string }> {
  if (extra === undefined || extra === null) return [];
  if (typeof extra !== 'object' || Array.isArray(extra)) {
    throw new DomainError(
      'invalid_input',
      'extraKeywords must be an object with P0, P1 and/or P2 lists',
      'extraKeywords',
    );
  }
  const out: Array<{ tier: KeywordTier; phrase: string }> = [];
  for (const [key, list] of Object.entries(extra)) {
    if (!(TIERS as readonly string[]).includes(key)) {
      throw new DomainError(
        'invalid_input',
        `extraKeywords.${key}: only P0, P1 and P2 take keywords (P3 is the default)`,
        'extraKeywords',
      );
    }
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((k) => typeof k !== 'string')) {
      throw new DomainError(
        'invalid_input',
        `extraKeywords.${key} must be a list of strings`,
        'extraKeywords',
      );
    }
    for (const phrase of list as string[]) {
      if (phrase.trim() !== '') out.push({ tier: key as KeywordTier, phrase });
    }
  }
  return out;
}

function* compileEntries(
  rules: readonly ContextRule[],
  extra: Array<{ tier: KeywordTier; phrase: string }>,
): Generator<{ phrase: string; data: Entry }> {
  for (const concept of DEFAULT_KEYWORD_CONCEPTS) {
    for (const phrase of concept.keywords) {
      yield {
        phrase,
        data: { role: 'keyword', priority: concept.priority, rule: 'keyword', concept },
      };
    }
    for (const phrase of concept.synonyms) {
      yield {
        phrase,
        data: {
          role: 'keyword',
          priority: concept.priority,
          rule: `synonym:${concept.id}`,
          concept,
        },
      };
    }
  }
  for (const { tier, phrase } of extra) {
    yield { phrase, data: { role: 'keyword', priority: tier, rule: 'policy_keyword' } };
  }
  for (const phrase of KEYWORD_EXCLUSIONS) yield { phrase, data: { role: 'exclusion' } };
  for (const phrase of NEGATION_WORDS) yield { phrase, data: { role: 'negation' } };
  // Context words: one entry per (role, phrase), serving every rule that lists it.
  const context = new Map<string, { phrase: string; data: Entry }>();
  const add = (role: Role, phrase: string, ruleIndex: number, firstPerson = false) => {
    const key = `${role}|${firstPerson ? 1 : 0}|${phrase}`;
    const entry = context.get(key);
    if (entry) entry.data.ruleMask! |= 1 << ruleIndex;
    else context.set(key, { phrase, data: { role, ruleMask: 1 << ruleIndex, firstPerson } });
  };
  rules.forEach((rule, i) => {
    for (const phrase of rule.triggers) add('trigger', phrase, i);
    for (const phrase of rule.firstPersonTriggers ?? []) add('trigger', phrase, i, true);
    for (const phrase of rule.doneActions) add('done', phrase, i);
    for (const phrase of rule.actions) add('action', phrase, i);
    for (const phrase of rule.pending) add('pending', phrase, i);
    for (const phrase of rule.questions) add('question', phrase, i);
    for (const phrase of rule.blockers ?? []) add('blocker', phrase, i);
  });
  yield* context.values();
}

// ───────────────────────────── classifier ─────────────────────────────

/**
 * Compiles the keyword data (plus the policy's extra keywords) once and returns a classifier.
 * Throws DomainError 'invalid_input' (field `extraKeywords`) on a malformed keyword list.
 */
export function createTicketClassifier(options: TicketClassifierOptions = {}): TicketClassifier {
  const extra = validateExtraKeywords(options.extraKeywords);
  const rules = DEFAULT_CONTEXT_RULES;
  // Only keywords and approval phrases (triggers) can lift a ticket above the default P3:
  // a text where none of them can start needs no phrase assembled. And the words around a
  // trigger (send, pending, question, negation words …) only matter next to one: they are
  // not even looked up until a trigger is in the text.
  const matcher = new PhraseMatcher<Entry>(compileEntries(rules, extra), {
    anchor: (d) => d.role === 'keyword' || d.role === 'trigger',
    optional: (d) => CONTEXT_ROLES.has(d.role),
    enabler: (d) => d.role === 'trigger',
  });
  const anchored = options.anchored ?? true;

  function classify(text: string): TicketClassification {
    if (typeof text !== 'string') {
      throw new DomainError('invalid_input', 'Ticket text must be a string', 'text');
    }
    const { hits, tokenCount, source } = anchored
      ? matcher.matchAnchored(text)
      : matcher.match(text);
    if (tokenCount === 0) return emptyResult();
    if (hits.length === 0) return defaultResult(null);

    const found: Found[] = [];
    let exclusions: Hit[] | undefined;
    let hasTrigger = false;
    for (const h of hits) {
      const role = h.data.role;
      if (role === 'exclusion') {
        exclusions ??= [];
        exclusions.push(h);
      } else if (role === 'trigger') hasTrigger = true;
    }
    const suppressed: Suppressed[] = [];
    let order = 0;
    for (const h of hits) {
      const d = h.data;
      if (d.role !== 'keyword') continue;
      if (exclusions !== undefined && overlapsAny(h, exclusions)) continue;
      if (d.priority === 'P0') {
        const calm = calmedBy(h, source);
        if (calm !== undefined) {
          suppressed.push({
            trigger: h.display,
            text: source.slice(h.srcStart, h.srcEnd),
            why: calm.why,
            word: calm.word,
          });
          continue;
        }
      }
      found.push({
        priority: d.priority!,
        keyword: h.display,
        rule: d.rule!,
        start: h.start,
        srcStart: h.srcStart,
        srcEnd: h.srcEnd,
        concept: d.concept,
        entry: d,
        order: order++,
      });
    }
    if (hasTrigger) evaluateContext(rules, hits, source, found, suppressed);

    if (found.length === 0) return defaultResult(suppressed[0] ?? null);
    if (found.length > 1) sortFound(found);
    const best = found[0]!;
    const matches: ClassificationMatch[] = [];
    for (const f of found) {
      if (hasMatch(matches, f)) continue;
      matches.push({
        priority: f.priority,
        keyword: f.keyword,
        rule: f.rule,
        text: source.slice(f.srcStart, f.srcEnd),
      });
    }
    const matchedText = matches[0]!.text;
    const { reasonAr, reasonEn } = explain(best, matchedText, rules);
    return {
      priority: best.priority,
      matchedKeyword: best.keyword,
      matchedText,
      matchedRule: best.rule,
      reasonAr,
      reasonEn,
      matches,
    };
  }

  return { classify };
}

type Hit = PhraseHit<Entry>;

function byPriorityThenPosition(a: Found, b: Found): number {
  return RANK[a.priority] - RANK[b.priority] || a.start - b.start || a.order - b.order;
}

/** Sorts by `byPriorityThenPosition` (a total order: `order` is unique). An insertion sort:
 *  a ticket has a handful of matches, and Array#sort's set-up costs more than sorting them. */
function sortFound(found: Found[]): void {
  for (let i = 1; i < found.length; i++) {
    const f = found[i]!;
    let j = i - 1;
    while (j >= 0 && byPriorityThenPosition(found[j]!, f) > 0) {
      found[j + 1] = found[j]!;
      j--;
    }
    found[j + 1] = f;
  }
}

function overlapsAny(h: Hit, spans: readonly Hit[]): boolean {
  for (const x of spans) if (h.start < x.end && x.start < h.end) return true;
  return false;
}

function hasMatch(matches: readonly ClassificationMatch[], f: Found): boolean {
  for (const m of matches) {
    if (m.priority === f.priority && m.rule === f.rule && m.keyword === f.keyword) return true;
  }
  return false;
}

/** DENIAL_WORDS and RESOLVED_WORDS as normalised token sequences, and the negations that
 *  cancel a resolved word ("hasn't been fixed", "ما تم حل"). */
const DENIAL_SEQUENCES: ReadonlySet<string> = new Set(
  DENIAL_WORDS.map((w) => tokenize(w).join(' ')),
);
const RESOLVED_SEQUENCES: readonly string[][] = RESOLVED_WORDS.map((w) => tokenize(w));
/** Words after a resolved word that say the incident is back (see `calmedBy`). */
const RESOLVED_CONTRASTS: ReadonlySet<string> = new Set(
  ['but', 'however', 'again', 'returned', 'لكن', 'بس', 'مجددا', 'ثانيه', 'تاني'].flatMap((w) =>
    tokenize(w),
  ),
);
const RESOLVED_NEGATIONS: ReadonlySet<string> = new Set(
  [...NEGATION_WORDS, ...DENIAL_WORDS, 'still', 'لسه', 'لسا', 'للحين'].flatMap((w) => tokenize(w)),
);
/** How many characters around a P0 keyword are read for denial / resolved words. */
const CALM_READ_BEFORE = 48;
const CALM_READ_AFTER = 64;
/** Loose tests on the raw text around a keyword (over-approximating DENIAL_WORDS /
 *  RESOLVED_WORDS in any spelling) that decide whether the words are worth reading. */
const DENIAL_GATE = /\b(?:no|not|never|nothing|hasn|haven|wasn|isn|didn)\b|ما|لا|لم|مافي|يوجد/i;
const RESOLVED_GATE = /resolv|fix|over|restor|normal|online|thank|mortem|final|حل|صلح|رجع|شكر/i;
/** A clause break, as the matcher reads it (SPEC: phrases never match across one). */
const CLAUSE_BREAK = /[.!?؟;؛\n]/;

/**
 * Whether a P0 keyword is denied (a denial word right before it: "no data leak", "ما فيه
 * تسريب") or reported as over (a resolved word near it, in its clause and not itself negated:
 * "the outage is resolved", but not "the leak hasn't been fixed"); with the words that say so.
 * Reads only the few words around the keyword in the source text, and only for P0 keywords:
 * the matcher's hot path is untouched.
 */
function calmedBy(
  k: Hit,
  source: string,
): { why: 'denied' | 'resolved'; word: string } | undefined {
  let before = source.slice(Math.max(0, k.srcStart - CALM_READ_BEFORE), k.srcStart);
  let after = source.slice(k.srcEnd, k.srcEnd + CALM_READ_AFTER);
  const lastBreak = lastIndexOfBreak(before);
  if (lastBreak >= 0) before = before.slice(lastBreak + 1);
  const nextBreak = after.search(CLAUSE_BREAK);
  if (nextBreak >= 0) after = after.slice(0, nextBreak);
  // Cheap gates on the raw text first: most P0 keywords have neither kind of word near them.
  const mayDeny = DENIAL_GATE.test(before.slice(-24));
  const mayResolve = RESOLVED_GATE.test(before) || RESOLVED_GATE.test(after);
  if (!mayDeny && !mayResolve) return undefined;
  const pre = tokenize(before);
  const concept = k.data.concept;
  if (mayDeny && !(concept && UNDENIABLE_CONCEPTS.has(concept.id))) {
    for (let n = 1; n <= 3 && n <= pre.length; n++) {
      const words = pre.slice(pre.length - n).join(' ');
      if (DENIAL_SEQUENCES.has(words)) return { why: 'denied', word: words };
    }
  }
  if (!mayResolve) return undefined;
  // Resolved words: ending at most RESOLVED_WINDOW.before words before the keyword, or
  // starting at most RESOLVED_WINDOW.after words after it.
  const post = tokenize(after);
  for (const words of [pre, post]) {
    for (const seq of RESOLVED_SEQUENCES) {
      const at = indexOfSequence(words, seq);
      if (at < 0) continue;
      const gap = words === pre ? pre.length - (at + seq.length) : at;
      if (gap > (words === pre ? RESOLVED_WINDOW.before : RESOLVED_WINDOW.after)) continue;
      const prev = words[at - 1];
      const prev2 = words[at - 2];
      if (prev !== undefined && RESOLVED_NEGATIONS.has(prev)) continue;
      if (prev2 !== undefined && RESOLVED_NEGATIONS.has(prev2)) continue;
      // "fixed yesterday but it's down again", "تم حل المشكلة لكن النظام طايح": a contrast or
      // a recurrence after the resolved word says the incident is back — it still decides.
      const later =
        words === pre
          ? [...pre.slice(at + seq.length), ...post]
          : [...post.slice(0, at), ...post.slice(at + seq.length)];
      if (later.some((w) => RESOLVED_CONTRASTS.has(w))) continue;
      return { why: 'resolved', word: seq.join(' ') };
    }
  }
  return undefined;
}

function lastIndexOfBreak(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) if (CLAUSE_BREAK.test(text[i]!)) return i;
  return -1;
}

function indexOfSequence(words: readonly string[], seq: readonly string[]): number {
  outer: for (let i = 0; i + seq.length <= words.length; i++) {
    for (let j = 0; j < seq.length; j++) if (words[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

function isNegated(a: Hit, negations: readonly Hit[]): boolean {
  for (const n of negations) {
    if (n.clause === a.clause && n.end <= a.start && a.start - n.end <= NEGATION_REACH) return true;
  }
  return false;
}

/** Decides each approval/wrong-send phrase by what surrounds it in its clause. */
function evaluateContext(
  rules: readonly ContextRule[],
  hits: readonly Hit[],
  source: string,
  found: Found[],
  suppressed: Suppressed[],
): void {
  const negations: Hit[] = [];
  for (const h of hits) if (h.data.role === 'negation') negations.push(h);
  const decided: Hit[] = []; // triggers that made a P0 through an action word
  const fallbacks: Array<{ trigger: Hit; found: Found }> = [];
  let order = 10_000;

  for (let ruleIndex = 0; ruleIndex < rules.length; ruleIndex++) {
    const rule = rules[ruleIndex]!;
    const bit = 1 << ruleIndex;
    for (const t of hits) {
      if (t.data.role !== 'trigger' || (t.data.ruleMask! & bit) === 0) continue;
      const lo = t.start - rule.window.before;
      const hi = t.end + rule.window.after;
      let done: Hit | undefined;
      let action: Hit | undefined;
      let pending: Hit | undefined;
      let question: Hit | undefined;
      let blocker: Hit | undefined;
      let negatedSend: Hit | undefined; // "never sends", "ما يرسل": a send that did not happen
      for (const h of hits) {
        if (
          ((h.data.ruleMask ?? 0) & bit) === 0 ||
          h.clause !== t.clause ||
          h.start < lo ||
          h.end > hi
        ) {
          continue;
        }
        const role = h.data.role;
        if (role === 'done' || role === 'action') {
          if (isNegated(h, negations)) negatedSend ??= h;
          else if (role === 'done') done ??= h;
          else action ??= h;
        } else if (role === 'pending' && !pending) pending = h;
        else if (role === 'question' && !question) question = h;
        else if (role === 'blocker' && !blocker) blocker = h;
      }
      if (blocker) continue; // the customer's own send
      const triggerText = t.display;
      const chosen = done ?? (!pending && !question ? action : undefined);
      if (chosen) {
        decided.push(t);
        found.push({
          priority: rule.priority,
          keyword: triggerText,
          rule: `context:${rule.id}`,
          start: Math.min(t.start, chosen.start),
          srcStart: Math.min(t.srcStart, chosen.srcStart),
          srcEnd: Math.max(t.srcEnd, chosen.srcEnd),
          actionText: source.slice(chosen.srcStart, chosen.srcEnd),
          order: order++,
        });
        continue;
      }
      if (pending || question) {
        const by = (pending ?? question)!;
        suppressed.push({
          trigger: triggerText,
          text: source.slice(t.srcStart, t.srcEnd),
          why: pending ? 'pending' : 'question',
          word: source.slice(by.srcStart, by.srcEnd),
        });
        continue;
      }
      if (t.data.firstPerson && rule.firstPersonRuleId) {
        if (negatedSend) {
          // "make sure the bot never sends anything without our approval": no send happened.
          suppressed.push({
            trigger: triggerText,
            text: source.slice(t.srcStart, t.srcEnd),
            why: 'negated',
            word: source.slice(negatedSend.srcStart, negatedSend.srcEnd),
          });
          continue;
        }
        fallbacks.push({
          trigger: t,
          found: {
            priority: rule.priority,
            keyword: triggerText,
            rule: `context:${rule.firstPersonRuleId}`,
            start: t.start,
            srcStart: t.srcStart,
            srcEnd: t.srcEnd,
            order: order++ + 5_000, // after action-based decisions on the same words
          },
        });
      }
    }
  }
  // A first-person fallback is redundant where an action already decided overlapping words.
  for (const { trigger, found: f } of fallbacks) {
    if (!decided.some((d) => d.start < trigger.end && trigger.start < d.end)) found.push(f);
  }
}

const PRIORITY_LABELS: Record<PriorityId, { ar: string; en: string }> = {
  P0: labelsOf('P0'),
  P1: labelsOf('P1'),
  P2: labelsOf('P2'),
  P3: labelsOf('P3'),
};

function labelsOf(p: PriorityId): { ar: string; en: string } {
  const info = getPriority(p);
  return { ar: `${p} (${info.labelAr})`, en: `${p} (${info.labelEn})` };
}

function priorityLabels(p: PriorityId): { ar: string; en: string } {
  return PRIORITY_LABELS[p];
}

function explain(
  best: Found,
  matchedText: string,
  rules: readonly ContextRule[],
): { reasonAr: string; reasonEn: string } {
  const p = priorityLabels(best.priority);
  if (best.entry !== undefined) {
    // A keyword: its explanation, with the words in the text when they differ from it.
    best.entry.reasons ??= keywordReasons(best);
    const r = best.entry.reasons;
    if (matchedText === best.keyword || sameIgnoringCase(matchedText, r.keywordLower)) {
      return { reasonAr: r.ar, reasonEn: r.en };
    }
    return {
      reasonAr: `${r.arBefore} (في النص: «${matchedText}»)${r.arAfter}`,
      reasonEn: `${r.enBefore} (in the text: "${matchedText}")${r.enAfter}`,
    };
  }
  // context rules
  const ruleId = best.rule.slice('context:'.length);
  const rule = rules.find((r) => r.id === ruleId);
  if (best.actionText !== undefined && rule) {
    return {
      reasonAr: `الأولوية ${p.ar}: «${best.keyword}» مع فعل «${best.actionText}» في نفس الجملة (في النص: «${matchedText}») — ${rule.labelAr} (قاعدة السياق ${rule.id}).`,
      reasonEn: `Priority ${p.en}: "${best.keyword}" next to "${best.actionText}" in the same sentence (in the text: "${matchedText}") — ${rule.labelEn} (context rule ${rule.id}).`,
    };
  }
  return {
    reasonAr: `الأولوية ${p.ar}: «${best.keyword}» بصيغة المتكلم (في النص: «${matchedText}») — شكوى من إجراء تم بدون موافقة العميل (قاعدة السياق ${ruleId}).`,
    reasonEn: `Priority ${p.en}: "${best.keyword}" in the first person (in the text: "${matchedText}") — a complaint that something happened without the customer's approval (context rule ${ruleId}).`,
  };
}

function keywordReasons(f: Found): KeywordReasons {
  const p = priorityLabels(f.priority);
  const c = f.concept;
  const k = f.keyword;
  let parts: [string, string, string, string];
  if (f.rule === 'policy_keyword') {
    parts = [
      `الأولوية ${p.ar}: تطابقت كلمة مفتاحية من سياسة الفريق «${k}»`,
      '.',
      `Priority ${p.en}: matched policy keyword "${k}"`,
      '.',
    ];
  } else if (f.rule === 'keyword') {
    parts = [
      `الأولوية ${p.ar}: تطابقت الكلمة المفتاحية «${k}»`,
      ` — ${c?.labelAr}.`,
      `Priority ${p.en}: matched keyword "${k}"`,
      ` — ${c?.labelEn}.`,
    ];
  } else {
    parts = [
      `الأولوية ${p.ar}: تطابقت العبارة «${k}»`,
      `، وهي بمعنى «${c?.labelAr}».`,
      `Priority ${p.en}: matched "${k}"`,
      `, a synonym of "${c?.labelEn}".`,
    ];
  }
  const [arBefore, arAfter, enBefore, enAfter] = parts;
  return {
    keywordLower: k.toLowerCase(),
    ar: arBefore + arAfter,
    en: enBefore + enAfter,
    arBefore,
    arAfter,
    enBefore,
    enAfter,
  };
}

/** `text.toLowerCase() === lower`, without lowercasing when the lengths tell (lowercasing
 *  keeps a text's length, but for İ). */
function sameIgnoringCase(text: string, lower: string): boolean {
  if (text.length !== lower.length && !text.includes('\u0130')) return false;
  return text.toLowerCase() === lower;
}

function emptyResult(): TicketClassification {
  const p = priorityLabels('P3');
  return {
    priority: 'P3',
    matchedRule: 'empty',
    reasonAr: `الأولوية ${p.ar}: النص فارغ (أو لا يحوي إلا إشارات وتنسيق Slack) — لا شيء لتصنيفه.`,
    reasonEn: `Priority ${p.en}: the text is empty (or only Slack mentions and formatting) — nothing to classify.`,
    matches: [],
  };
}

const P3_LABELS = priorityLabels('P3');
const DEFAULT_REASON_AR = `الأولوية ${P3_LABELS.ar}: لم تتطابق أي كلمة مفتاحية أو قاعدة لـ P0 أو P1 أو P2 — سؤال عام أو تحسين (الافتراضي).`;
const DEFAULT_REASON_EN = `Priority ${P3_LABELS.en}: no P0, P1 or P2 keyword or rule matched — a general question or improvement (the default).`;

function defaultResult(suppressed: Suppressed | null): TicketClassification {
  const p = P3_LABELS;
  if (suppressed?.why === 'denied' || suppressed?.why === 'resolved') {
    const denied = suppressed.why === 'denied';
    return {
      priority: 'P3',
      matchedRule: denied ? 'context:incident_denied' : 'context:incident_resolved',
      reasonAr: denied
        ? `الأولوية ${p.ar}: «${suppressed.text}» مسبوقة بالنفي «${suppressed.word}» — العميل ينفي الحادثة ولا يبلّغ عنها؛ ولا تطابق أي كلمة أخرى لـ P0–P2 (الافتراضي).`
        : `الأولوية ${p.ar}: «${suppressed.text}» جاءت مع «${suppressed.word}» — حادثة انتهت أو حُلّت وليست قائمة؛ ولا تطابق أي كلمة أخرى لـ P0–P2 (الافتراضي).`,
      reasonEn: denied
        ? `Priority ${p.en}: "${suppressed.text}" is denied by "${suppressed.word}" — the customer says it did not happen; no other P0–P2 keyword matched (default).`
        : `Priority ${p.en}: "${suppressed.text}" comes with "${suppressed.word}" — an incident reported as over, not an ongoing one; no other P0–P2 keyword matched (default).`,
      matches: [],
    };
  }
  if (suppressed) {
    const whyAr =
      suppressed.why === 'pending'
        ? 'مسودات تنتظر الموافقة'
        : suppressed.why === 'negated'
          ? 'إرسالاً لم يحدث (طلب أو تأكيد)'
          : 'سؤال أو طلب ميزة';
    const whyEn =
      suppressed.why === 'pending'
        ? 'drafts still waiting for approval'
        : suppressed.why === 'negated'
          ? 'a send that did not happen (a request or a check)'
          : 'a how-to question or a feature request';
    return {
      priority: 'P3',
      matchedRule: 'context:approval_not_a_send',
      reasonAr: `الأولوية ${p.ar}: «${suppressed.text}» جاءت مع «${suppressed.word}» فهي تصف ${whyAr} وليست إرسالاً تم بدون موافقة؛ ولا تطابق أي كلمة أخرى لـ P0–P2 (الافتراضي).`,
      reasonEn: `Priority ${p.en}: "${suppressed.text}" comes with "${suppressed.word}", so it describes ${whyEn}, not a send that happened without approval; no other P0–P2 keyword matched (default).`,
      matches: [],
    };
  }
  return {
    priority: 'P3',
    matchedRule: 'default',
    reasonAr: DEFAULT_REASON_AR,
    reasonEn: DEFAULT_REASON_EN,
    matches: [],
  };
}

// The default classifier (built-in keywords only), compiled once, on first use: processes
// that never classify (workers) don't pay for building it.
let defaultClassifier: ReturnType<typeof createTicketClassifier> | undefined;

/** Classifies a ticket with the built-in keywords (SPEC §1.1). */
export function classifyTicketPriority(text: string): TicketClassification {
  defaultClassifier ??= createTicketClassifier();
  return defaultClassifier.classify(text);
}
