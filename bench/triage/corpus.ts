/**
 * A generated bilingual ticket corpus for the triage benchmark: seeded, so every run classifies
 * the same 100k texts. Tickets read like the ones customers write in a Slack Connect channel:
 * informal Saudi Arabic (mostly without hamza, ه for ة, sometimes diacritics or tatweel),
 * English, both in one message, Slack markup (mentions, links, *bold*, `code`, :emoji:),
 * one to five sentences, sometimes followed by thread replies pasted under the first message.
 * The intended priority mix is roughly P0 8 %, P1 17 %, P2 25 %, P3 50 %.
 */

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const chance = (r: Rand, p: number) => r() < p;

const GREETINGS_AR = [
  'السلام عليكم',
  'هلا والله',
  'مرحبا',
  'صباح الخير',
  'مساء الخير يا شباب',
  'الله يعطيكم العافيه',
  'هلا فريق سند',
  'السلام عليكم ورحمة الله',
];
const GREETINGS_EN = ['Hi team', 'Hello', 'Hey all', 'Good morning', 'Hi there', 'Hey folks'];

const FILLER_AR = [
  'عندنا عميل كبير ينتظر الرد',
  'الموضوع مستعجل شوي',
  'ارفقت لكم صوره من الشاشه',
  'تقدرون تشيكون عليها؟',
  'جربنا نسجل خروج وندخل مره ثانيه',
  'صارت معنا اليوم الصبح بعد التحديث',
  'من امس والوضع نفسه',
  'مشكورين مقدما',
  'الله يعافيكم',
  'نبي حل اليوم لو سمحتوا',
  'فريق المبيعات يسال عنها',
  'هذا ثاني مره يصير',
  'حاولنا من جوال ومن لابتوب',
  'المدير يسال عن الموضوع',
  'عطونا خبر اول ما تشوفونها',
  'الساعه ١٠ الصبح بالضبط',
  'عندنا عرض للعميل بكره',
];
const FILLER_EN = [
  'we have a demo with a big client tomorrow',
  'this is a bit urgent for us',
  'see the screenshot attached',
  'can you take a look please?',
  'we tried logging out and back in',
  'it started this morning after the update',
  'same thing since yesterday',
  'thanks in advance',
  'our sales team keeps asking about it',
  'this is the second time this week',
  'we tried on mobile and on desktop',
  'let us know once you have an update',
  'happened around 10:30 our time',
  'my manager is asking for an ETA',
  'appreciate the quick help as always',
];

// Problem sentences by intended priority. Each is a template; {x} slots are filled below.
const P0_AR = [
  'فيه تسريب بيانات للعملاء في التقرير الاسبوعي',
  'صار تَسْرِيب لارقام جوالات العملاء',
  'فيه تســريب واضح لبيانات العملاء',
  'والتسريب صار من رابط التقرير المشترك',
  'لاحظنا تسريبات في ملفات التصدير',
  'فيه مشكله في الامان، اي احد يقدر يفتح الرابط بدون تسجيل دخول',
  'النظام ارسل رساله بدون موافقتنا للعميل',
  'انرسلت رساله بدون موافقه لعميلنا الكبير',
  'صار ارسال خاطئ لقائمة العملاء كامله',
  'البوت ارسل رسايل واتساب لعملائنا بدون موافقتنا',
  'انخصم مبلغ من بطاقتنا بدون موافقه',
  'خصم مرتين على نفس الفاتوره',
  'نشوف بيانات عميل ثاني في لوحة التحكم',
  'حسابنا انخترق والباسورد تغير',
  'فيه ثغره امنيه في صفحة الدخول',
  'النظام متوقف بالكامل من الصبح',
  'المنصه واقفه تماما ولا شي يشتغل',
];
const P0_EN = [
  'we think there is a data leak in the export',
  'customer data leaked through the shared report link',
  'the dashboard is completely down for everyone',
  'full outage since 9am, nothing works',
  'someone hacked our admin account',
  'our api key was posted publicly in the channel',
  'there was an unauthorized charge on our card',
  'the bot sent a message to our client without approval',
  'a reply was sent to the wrong recipient',
  'we were charged twice for the same invoice',
  'other customers can see our pipeline data',
  'this looks like a security issue to me',
  'a password was shared in the public thread',
];
const P1_AR = [
  'الخدمه معطله من الصبح',
  'خدمة معطلة عند فرع الرياض',
  'التقارير ما تشتغل عندنا',
  'صفحة العملاء طايحه من ساعه',
  'الارسال توقف فجاه',
  'الـpilot توقف امس بدون سبب',
  'Proof Pack مفقود من تقرير الشهر',
  'البروف باك ما وصلنا للحين',
  'النظام يعلق كل ما نفتح الطلبات',
  'التطبيق فشل في تحميل البيانات',
];
const P1_EN = [
  'the inbox is not loading for our agents',
  'service down for our Jeddah branch',
  'the reports page keeps timing out',
  'we get a 500 error when saving a lead',
  'the pilot stopped yesterday evening',
  'service failed when we tried to publish the campaign',
  'the mobile app crashed twice today',
  'the proof pack is missing from the monthly report',
  'campaign scheduling is broken since the update',
];
const P2_AR = [
  'ربط Gmail ما اكتمل عندنا',
  'مشكله في ربط التقويم مع الحجوزات',
  'الشيت ما يتحدث تلقائي',
  'اعداد الواتساب ما كمل، ناقصه خطوة التحقق',
  'فاتورة ميسر فيها مبلغ غلط',
  'الموصل حق انستقرام انفصل',
  'المزامنه مع جوجل شيت متاخره',
  'نبي نربط الـCRM حقنا',
];
const P2_EN = [
  'the Gmail connector keeps asking us to sign in again',
  'Calendar invites are not syncing with our bookings',
  'the Sheets export is missing two columns',
  'WhatsApp setup is stuck at number verification',
  'the Moyasar invoice shows the wrong VAT',
  'our instagram integration got disconnected',
  'the token expired for the CRM integration',
  'the payment link in the invoice goes to an old page',
];
const P3_AR = [
  'كيف اغير لغة الواجهه؟',
  'ممكن تضيفون خيار تصدير PDF؟',
  'ودنا نعرف كم مستخدم نقدر نضيف',
  'وش الفرق بين الباقات؟',
  'ابغى اغير اسم الشركه في الحساب',
  'هل فيه تطبيق للايفون؟',
  'نبي تدريب للفريق الجديد الاسبوع الجاي',
  'متى ينزل التحديث الجديد؟',
  'عندي سؤال عن صلاحيات المستخدمين',
  'المسودات تنتظر موافقتي، كيف اعتمدها كلها مره وحده؟',
  'وين القى تقرير الشهر الماضي؟',
];
const P3_EN = [
  "how do we export last month's report as a CSV?",
  'can we add another user to our workspace?',
  'is there a dark mode on the roadmap?',
  'where can I change the company logo?',
  'quick question about the pricing tiers',
  'feature request: let us filter leads by city',
  'can you share the onboarding guide again?',
  'what time zone do the weekly reports use?',
  'how do I approve all pending drafts at once?',
  'we would like a training session for new hires',
  'is it possible to rename a pipeline stage?',
  'my secretary needs access to the dashboard',
];

const REPLIES_AR = [
  'تحديث: المشكله لا زالت موجوده',
  'جربنا مره ثانيه ونفس الشي',
  'تمام، ننتظركم',
  'اي شي جديد؟',
  'شكرا على المتابعه',
  'العميل يسال مره ثانيه',
];
const REPLIES_EN = [
  'update: still happening',
  'any news on this?',
  'just tried again, same result',
  'thanks, waiting for your reply',
  'adding my colleague to the thread',
  'the client asked again this morning',
];

const MENTIONS = ['<@U0ONCALL>', '<@U0APPROVER|omar>', '<!here>', '<#C0OPS|sanad-ops>'];
const LINKS = [
  '<https://app.sanad.example/reports/4821|the report>',
  '<https://app.sanad.example/leads?page=3>',
  'https://status.sanad.example/incidents/77',
  '<mailto:ops@acme.example|ops@acme.example>',
];
const EMOJI = [':pray:', ':warning:', ':fire:', '🙏', '😅', ':eyes:', '⚠️'];
const CODES = ['`ERR_TIMEOUT`', '`HTTP 502`', '`lead_id=8812`', '```status: failed\nretry: 3```'];

/** Informal spelling: drop hamza, ه for ة, ي/ى swaps, the odd diacritic or tatweel. */
function informalArabic(r: Rand, s: string): string {
  let out = s;
  if (chance(r, 0.7)) out = out.replace(/[أإآ]/g, 'ا');
  if (chance(r, 0.5)) out = out.replace(/ة/g, 'ه');
  else if (chance(r, 0.3)) out = out.replace(/ه(\s|$)/g, 'ة$1');
  if (chance(r, 0.15)) out = out.replace(/ي(\s|$)/g, 'ى$1');
  if (chance(r, 0.08)) out = out.replace(/([بتسشرع])/, '$1َ');
  if (chance(r, 0.06)) out = out.replace(/([بتسشكل])([اوي])/, '$1ـــ$2');
  return out;
}

function decorate(r: Rand, s: string, english: boolean): string {
  let out = s;
  if (english && chance(r, 0.15)) out = out.charAt(0).toUpperCase() + out.slice(1);
  if (chance(r, 0.08)) {
    const words = out.split(' ');
    const i = Math.floor(r() * words.length);
    if (words[i] && /^[\p{L}]/u.test(words[i]!)) words[i] = `*${words[i]}*`;
    out = words.join(' ');
  }
  if (chance(r, 0.06)) out += ` ${pick(r, LINKS)}`;
  if (chance(r, 0.05)) out += ` ${pick(r, CODES)}`;
  if (chance(r, 0.12)) out += ` ${pick(r, EMOJI)}`;
  return out;
}

function problem(r: Rand, tier: 0 | 1 | 2 | 3, arabic: boolean): string {
  const lists = [
    [P0_AR, P0_EN],
    [P1_AR, P1_EN],
    [P2_AR, P2_EN],
    [P3_AR, P3_EN],
  ] as const;
  const [ar, en] = lists[tier];
  return arabic ? informalArabic(r, pick(r, ar)) : pick(r, en);
}

function sentence(r: Rand, arabic: boolean): string {
  return arabic ? informalArabic(r, pick(r, FILLER_AR)) : pick(r, FILLER_EN);
}

/** One ticket text; `tier` is the priority the text is written to have (0 = P0). */
export function generateTicket(r: Rand): { text: string; tier: 0 | 1 | 2 | 3 } {
  const x = r();
  const tier: 0 | 1 | 2 | 3 = x < 0.08 ? 0 : x < 0.25 ? 1 : x < 0.5 ? 2 : 3;
  const lang = r();
  // 45 % Arabic, 35 % English, 20 % code-switched (sentences in both).
  const mode = lang < 0.45 ? 'ar' : lang < 0.8 ? 'en' : 'mixed';
  const isArabic = () => (mode === 'ar' ? true : mode === 'en' ? false : chance(r, 0.5));
  const parts: string[] = [];
  if (chance(r, 0.25)) parts.push(pick(r, MENTIONS));
  if (chance(r, 0.55)) parts.push(isArabic() ? pick(r, GREETINGS_AR) : pick(r, GREETINGS_EN));
  const sentences = 1 + Math.floor(r() * 5); // 1–5 sentences, one of them the problem
  const at = Math.floor(r() * sentences);
  for (let i = 0; i < sentences; i++) {
    const ar = isArabic();
    const s = i === at ? problem(r, tier, ar) : sentence(r, ar);
    parts.push(decorate(r, s, !ar));
  }
  let text = parts.join(mode === 'en' ? '. ' : chance(r, 0.5) ? '، ' : '\n');
  // Thread replies pasted under the first message (a quarter of the tickets).
  if (chance(r, 0.25)) {
    const replies = 1 + Math.floor(r() * 3);
    for (let i = 0; i < replies; i++) {
      const ar = isArabic();
      text += `\n${chance(r, 0.3) ? '> ' : ''}${ar ? informalArabic(r, pick(r, REPLIES_AR)) : pick(r, REPLIES_EN)}`;
    }
  }
  return { text, tier };
}

/**
 * `count` ticket texts. They go through a JSON round trip so each is one flat string, as a
 * text parsed from Slack's HTTP request is (built-up strings are ropes, slower to index).
 */
export function generateCorpus(count: number, seed = 20260508): string[] {
  const r = prng(seed);
  const out: string[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = generateTicket(r).text;
  return JSON.parse(JSON.stringify(out)) as string[];
}
