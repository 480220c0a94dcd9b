/**
 * Realistic bilingual support tickets with the priority a careful operator would give them
 * (SPEC §1.1). Informal Saudi Arabic (often without hamza, diacritics or ة), English, both in
 * one message, and Slack markup. `variant` names the difficulty each ticket exercises.
 */
import type { PriorityId } from '../../src/domain/priorities.ts';

export type TicketVariant =
  | 'reference_keyword' // a reference keyword written as the reference expects
  | 'alef_forms' // ا for أ / إ / آ
  | 'taa_marbuta' // ه for ة
  | 'alef_maqsura' // ى for ي
  | 'hamza_yaa' // ئ / ىء / ي
  | 'diacritics' // tashkeel
  | 'tatweel' // ـــ
  | 'prefix' // attached و ف ب ل ال …
  | 'suffix' // attached ات نا ي ها …
  | 'english_inflection' // leaked, failing, outages …
  | 'synonym_en'
  | 'synonym_ar'
  | 'word_boundary' // secretary, authorize, بأمان …
  | 'context_trap' // approval words that are NOT an unapproved send
  | 'context_send' // approval words next to a send / charge that happened
  | 'slack_markup' // mentions, *bold*, links, emoji
  | 'code_switched' // Arabic and English in one message
  | 'arabic_digits'
  | 'plain'; // an ordinary ticket

export interface CorpusTicket {
  id: string;
  text: string;
  expected: PriorityId;
  variant: TicketVariant;
}

export const TICKET_CORPUS: readonly CorpusTicket[] = [
  // ───────────── P0 ─────────────
  {
    id: 'p0-01',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'تسريب بيانات العملاء في التقرير الأسبوعي',
  },
  {
    id: 'p0-02',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'عندنا مشكلة أمان في لوحة التحكم، أي موظف يشوف كل الحسابات',
  },
  { id: 'p0-03', expected: 'P0', variant: 'diacritics', text: 'صار تَسْرِيب لأرقام جوالات العملاء' },
  { id: 'p0-04', expected: 'P0', variant: 'tatweel', text: 'فيه تســـريب واضح لبيانات العملاء!!' },
  { id: 'p0-05', expected: 'P0', variant: 'prefix', text: 'والتسريب صار من رابط التقرير المشترك' },
  { id: 'p0-06', expected: 'P0', variant: 'suffix', text: 'لاحظنا تسريبات في ملفات التصدير' },
  {
    id: 'p0-07',
    expected: 'P0',
    variant: 'alef_forms',
    text: 'فيه مشكلة في الامان، اي احد يقدر يفتح الرابط بدون تسجيل دخول',
  },
  {
    id: 'p0-08',
    expected: 'P0',
    variant: 'alef_forms',
    text: 'النظام سوى ارسال خاطئ لقائمة العملاء كاملة',
  },
  { id: 'p0-09', expected: 'P0', variant: 'hamza_yaa', text: 'صار إرسال خاطىء لعميل ثاني' },
  {
    id: 'p0-10',
    expected: 'P0',
    variant: 'taa_marbuta',
    text: 'انرسلت رساله بدون موافقه لعميلنا الكبير',
  },
  {
    id: 'p0-11',
    expected: 'P0',
    variant: 'alef_forms',
    text: 'البوت ارسل رساله بدون موافقتنا للعميل',
  },
  {
    id: 'p0-12',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'أرسل رسالة بدون ما أوافق عليها',
  },
  {
    id: 'p0-13',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'تم الإرسال بدون موافقتي على النص',
  },
  { id: 'p0-14', expected: 'P0', variant: 'alef_maqsura', text: 'انرسلت الحملة بدون موافقتى' },
  {
    id: 'p0-15',
    expected: 'P0',
    variant: 'context_send',
    text: 'The bot sent a WhatsApp message to our biggest client without approval',
  },
  {
    id: 'p0-16',
    expected: 'P0',
    variant: 'context_send',
    text: 'Someone posted on our LinkedIn page without our permission',
  },
  {
    id: 'p0-17',
    expected: 'P0',
    variant: 'context_send',
    text: 'Messages went out to 40 leads without my approval this morning',
  },
  {
    id: 'p0-18',
    expected: 'P0',
    variant: 'context_send',
    text: 'You charged our card twice without consent',
  },
  {
    id: 'p0-19',
    expected: 'P0',
    variant: 'synonym_ar',
    text: 'خصمتوا مبلغ من بطاقتنا بدون موافقة',
  },
  { id: 'p0-20', expected: 'P0', variant: 'synonym_ar', text: 'سحب مبلغ بدون إذن من حساب الشركة' },
  {
    id: 'p0-21',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'our API secret is visible in the shared dashboard',
  },
  {
    id: 'p0-22',
    expected: 'P0',
    variant: 'english_inflection',
    text: 'Customer data leaked to another workspace',
  },
  {
    id: 'p0-23',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'We think there was a data breach last night',
  },
  {
    id: 'p0-24',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'Our account was hacked and someone changed the templates',
  },
  {
    id: 'p0-25',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'The admin token was exposed in a public link',
  },
  {
    id: 'p0-26',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'Major outage — nobody can log in',
  },
  {
    id: 'p0-27',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'Sanad is completely down for all our users',
  },
  {
    id: 'p0-28',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'The whole platform is down since 9am',
  },
  { id: 'p0-29', expected: 'P0', variant: 'synonym_en', text: 'Everything is down, nothing loads' },
  { id: 'p0-30', expected: 'P0', variant: 'synonym_ar', text: 'اختراق في حساب الشركة على المنصة' },
  { id: 'p0-31', expected: 'P0', variant: 'synonym_ar', text: 'حسابنا مخترق واحد غير كلمة المرور' },
  {
    id: 'p0-32',
    expected: 'P0',
    variant: 'synonym_ar',
    text: 'انكشفت البيانات حقت العملاء في رابط عام',
  },
  {
    id: 'p0-33',
    expected: 'P0',
    variant: 'synonym_ar',
    text: 'بيانات العملاء مكشوفة لأي أحد عنده الرابط',
  },
  { id: 'p0-34', expected: 'P0', variant: 'synonym_ar', text: 'عطل كامل في النظام من الصبح' },
  { id: 'p0-35', expected: 'P0', variant: 'synonym_ar', text: 'النظام واقف ولا أحد يقدر يدخل' },
  {
    id: 'p0-36',
    expected: 'P0',
    variant: 'diacritics',
    text: 'المنصة متوقفة تماماً عند جميع الموظفين',
  },
  {
    id: 'p0-37',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'unauthorized login from an unknown IP address',
  },
  {
    id: 'p0-38',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'We see unauthorised access to our CRM data',
  },
  {
    id: 'p0-39',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'live charge went through on a test invoice',
  },
  { id: 'p0-40', expected: 'P0', variant: 'code_switched', text: 'charge بدون موافقة على البطاقة' },
  {
    id: 'p0-41',
    expected: 'P0',
    variant: 'slack_markup',
    text: '<@U02ABCDEF> *URGENT* customer data _leaked_ to another tenant :rotating_light:',
  },
  {
    id: 'p0-42',
    expected: 'P0',
    variant: 'slack_markup',
    text: '<!here> 🚨 the system is down for all customers 🚨',
  },
  {
    id: 'p0-43',
    expected: 'P0',
    variant: 'slack_markup',
    text: 'Hey <@U024BE7LH>, an email was *sent to the wrong customer* :scream:',
  },
  {
    id: 'p0-44',
    expected: 'P0',
    variant: 'code_switched',
    text: 'صار leak لداتا العملاء في الـ export',
  },
  {
    id: 'p0-45',
    expected: 'P0',
    variant: 'code_switched',
    text: 'الـ dashboard عندنا completely down من الصبح',
  },
  {
    id: 'p0-46',
    expected: 'P0',
    variant: 'code_switched',
    text: 'البوت sent رسالة للعميل without approval!!',
  },
  {
    id: 'p0-47',
    expected: 'P0',
    variant: 'code_switched',
    text: 'في security issue بالـ API keys لازم تشوفونها',
  },
  {
    id: 'p0-48',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'we found a vulnerability in the export endpoint',
  },
  {
    id: 'p0-49',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'the Proof Pack got sent to the wrong client',
  },
  { id: 'p0-50', expected: 'P0', variant: 'synonym_ar', text: 'انرسلت الفاتورة لعميل غلط' },
  { id: 'p0-51', expected: 'P0', variant: 'synonym_ar', text: 'ارسلتوا العرض بالغلط لشركة ثانية' },
  {
    id: 'p0-52',
    expected: 'P0',
    variant: 'context_send',
    text: 'تم ارسال ايميل للعملاء قبل موافقتي',
  },
  {
    id: 'p0-53',
    expected: 'P0',
    variant: 'context_send',
    text: 'the campaign was published before we approved it',
  },
  {
    id: 'p0-54',
    expected: 'P0',
    variant: 'context_send',
    text: 'Someone replied to a lead w/o approval from our side',
  },
  {
    id: 'p0-55',
    expected: 'P0',
    variant: 'arabic_digits',
    text: '٣ رسائل راحت للعملاء بدون موافقه',
  },
  {
    id: 'p0-56',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'Double charged on our Moyasar invoice this month',
  },
  { id: 'p0-57', expected: 'P0', variant: 'synonym_ar', text: 'انخصم المبلغ مرتين من بطاقتنا' },
  {
    id: 'p0-58',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'إرسال بدون موافقة من الأدمن، من سمح بهذا؟',
  },
  {
    id: 'p0-59',
    expected: 'P0',
    variant: 'taa_marbuta',
    text: 'ارسال بدون موافقه صار اليوم الصبح',
  },
  {
    id: 'p0-60',
    expected: 'P0',
    variant: 'context_send',
    text: 'بدون موافقتي تغيرت إعدادات الحساب',
  },
  {
    id: 'p0-61',
    expected: 'P0',
    variant: 'english_inflection',
    text: 'Possible data leakage through the CSV export',
  },
  {
    id: 'p0-62',
    expected: 'P0',
    variant: 'english_inflection',
    text: 'We keep seeing short outages every evening',
  },
  {
    id: 'p0-63',
    expected: 'P0',
    variant: 'english_inflection',
    text: 'Our signing secrets are printed on the error page',
  },
  {
    id: 'p0-64',
    expected: 'P0',
    variant: 'reference_keyword',
    text: 'Is there an outage right now? Nothing opens',
  },
  {
    id: 'p0-65',
    expected: 'P0',
    variant: 'prefix',
    text: 'وبالاختراق اللي صار أمس تغيرت كل الإعدادات',
  },
  {
    id: 'p0-66',
    expected: 'P0',
    variant: 'suffix',
    text: 'اكتشفنا ملف العملاء على رابط عام وتسريبه صار من أسبوع',
  },
  { id: 'p0-67', expected: 'P0', variant: 'tatweel', text: 'اختـــراق في حساب الأدمن' },
  {
    id: 'p0-68',
    expected: 'P0',
    variant: 'english_inflection',
    text: 'Our CRM data was breached, please call us',
  },
  {
    id: 'p0-69',
    expected: 'P0',
    variant: 'slack_markup',
    text: 'Our status page <https://status.sanad.sa/incidents/42|shows an outage> and we cannot send anything',
  },
  {
    id: 'p0-70',
    expected: 'P0',
    variant: 'code_switched',
    text: 'النظام down بالكامل عندنا، system is down من ساعة',
  },

  {
    id: 'p0-71',
    expected: 'P0',
    variant: 'context_send',
    text: 'Hi, your system emailed our entire customer list a draft we never approved',
  },
  {
    id: 'p0-72',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'someone from another company can see our leads in their dashboard',
  },
  {
    id: 'p0-73',
    expected: 'P0',
    variant: 'context_send',
    text: 'العملاء وصلتهم رسالة ما اعتمدناها',
  },
  {
    id: 'p0-74',
    expected: 'P0',
    variant: 'synonym_ar',
    text: 'الموقع كله واقف ولا نقدر نخدم العملاء',
  },
  {
    id: 'p0-75',
    expected: 'P0',
    variant: 'context_send',
    text: 'You billed us for 3 extra seats we never ordered',
  },
  {
    id: 'p0-76',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'A client received a message in English meant for another client',
  },
  {
    id: 'p0-77',
    expected: 'P0',
    variant: 'synonym_en',
    text: 'the admin password was shared in the ticket thread',
  },

  // ───────────── P1 ─────────────
  {
    id: 'p1-01',
    expected: 'P1',
    variant: 'reference_keyword',
    text: 'service down since the morning for our whole team',
  },
  { id: 'p1-02', expected: 'P1', variant: 'reference_keyword', text: 'خدمة معطلة عندنا من أمس' },
  { id: 'p1-03', expected: 'P1', variant: 'taa_marbuta', text: 'خدمه معطله من ساعتين' },
  { id: 'p1-04', expected: 'P1', variant: 'diacritics', text: 'الخدمة مُعَطَّلة من الصبح' },
  { id: 'p1-05', expected: 'P1', variant: 'tatweel', text: 'خدمة التقارير معطـــلة' },
  { id: 'p1-06', expected: 'P1', variant: 'prefix', text: 'فالخدمة معطلة ومحد رد علينا' },
  { id: 'p1-07', expected: 'P1', variant: 'suffix', text: 'خدماتنا معطلة كلها من بعد التحديث' },
  {
    id: 'p1-08',
    expected: 'P1',
    variant: 'reference_keyword',
    text: 'service failed again during the nightly run',
  },
  {
    id: 'p1-09',
    expected: 'P1',
    variant: 'english_inflection',
    text: 'The reporting service keeps failing',
  },
  {
    id: 'p1-10',
    expected: 'P1',
    variant: 'english_inflection',
    text: 'The export crashed twice today',
  },
  { id: 'p1-11', expected: 'P1', variant: 'synonym_en', text: 'The inbox sync is down' },
  {
    id: 'p1-12',
    expected: 'P1',
    variant: 'synonym_en',
    text: 'Dashboard not working after the update',
  },
  { id: 'p1-13', expected: 'P1', variant: 'synonym_en', text: "the app isn't working on Safari" },
  {
    id: 'p1-14',
    expected: 'P1',
    variant: 'reference_keyword',
    text: 'Pilot stopped yesterday without any notice',
  },
  {
    id: 'p1-15',
    expected: 'P1',
    variant: 'english_inflection',
    text: 'our pilot has stopped sending drafts',
  },
  { id: 'p1-16', expected: 'P1', variant: 'code_switched', text: 'الـ Pilot توقف فجأة' },
  {
    id: 'p1-17',
    expected: 'P1',
    variant: 'reference_keyword',
    text: 'Proof Pack مفقود لهذا الأسبوع',
  },
  {
    id: 'p1-18',
    expected: 'P1',
    variant: 'synonym_en',
    text: "The Proof Pack is missing from this week's report",
  },
  {
    id: 'p1-19',
    expected: 'P1',
    variant: 'code_switched',
    text: 'ما وصلنا الـ Proof Pack هالأسبوع',
  },
  { id: 'p1-20', expected: 'P1', variant: 'synonym_ar', text: 'البوت ما يشتغل من أمس' },
  { id: 'p1-21', expected: 'P1', variant: 'synonym_ar', text: 'النظام يطلع خطأ ولا يعمل' },
  { id: 'p1-22', expected: 'P1', variant: 'synonym_ar', text: 'تعطلت الرسائل التلقائية فجأة' },
  { id: 'p1-23', expected: 'P1', variant: 'synonym_ar', text: 'فشل ربط التقارير مع النظام' },
  { id: 'p1-24', expected: 'P1', variant: 'synonym_ar', text: 'السيرفر طايح من ساعة' },
  {
    id: 'p1-25',
    expected: 'P1',
    variant: 'slack_markup',
    text: '*Pilot stopped* :warning: <@U1ABCDE> please check',
  },
  {
    id: 'p1-26',
    expected: 'P1',
    variant: 'synonym_en',
    text: 'The reports page throws a 500 error',
  },
  { id: 'p1-27', expected: 'P1', variant: 'alef_forms', text: 'الموقع ما يفتح عندنا ابدا' },
  { id: 'p1-28', expected: 'P1', variant: 'code_switched', text: 'الـ inbox not loading من الصبح' },
  { id: 'p1-29', expected: 'P1', variant: 'suffix', text: 'خدمتنا متوقفة من البارح' },
  { id: 'p1-30', expected: 'P1', variant: 'synonym_ar', text: 'الحملة وقفت فجأة بدون سبب' },

  {
    id: 'p1-31',
    expected: 'P1',
    variant: 'synonym_en',
    text: "reports aren't loading for anyone on our team",
  },
  {
    id: 'p1-32',
    expected: 'P1',
    variant: 'synonym_en',
    text: 'the bot is not replying to any message since yesterday',
  },
  { id: 'p1-33', expected: 'P1', variant: 'synonym_ar', text: 'الردود التلقائية ما توصل للعملاء' },

  // ───────────── P2 ─────────────
  {
    id: 'p2-01',
    expected: 'P2',
    variant: 'reference_keyword',
    text: 'Gmail connector disconnected again',
  },
  {
    id: 'p2-02',
    expected: 'P2',
    variant: 'reference_keyword',
    text: 'Need help with the WhatsApp setup',
  },
  {
    id: 'p2-03',
    expected: 'P2',
    variant: 'reference_keyword',
    text: 'Moyasar invoice not generated for March',
  },
  {
    id: 'p2-04',
    expected: 'P2',
    variant: 'reference_keyword',
    text: 'Calendar invites are not syncing',
  },
  {
    id: 'p2-05',
    expected: 'P2',
    variant: 'reference_keyword',
    text: 'Can we connect Google Sheets to the pipeline report?',
  },
  {
    id: 'p2-06',
    expected: 'P2',
    variant: 'word_boundary',
    text: 'How do I send a Calendar invite from Sanad?',
  },
  { id: 'p2-07', expected: 'P2', variant: 'synonym_ar', text: 'مشكلة في ربط الواتساب' },
  { id: 'p2-08', expected: 'P2', variant: 'synonym_ar', text: 'اعداد الواتس ما اكتمل' },
  { id: 'p2-09', expected: 'P2', variant: 'synonym_ar', text: 'الموصل حق التقويم فاصل' },
  { id: 'p2-10', expected: 'P2', variant: 'synonym_ar', text: 'جيميل ما يتزامن مع حسابنا' },
  { id: 'p2-11', expected: 'P2', variant: 'synonym_ar', text: 'فاتورة ميسر ما وصلت للعميل' },
  { id: 'p2-12', expected: 'P2', variant: 'code_switched', text: 'Proof Pack متأخر هالأسبوع' },
  {
    id: 'p2-13',
    expected: 'P2',
    variant: 'synonym_en',
    text: 'The Proof Pack for this week is late again',
  },
  {
    id: 'p2-14',
    expected: 'P2',
    variant: 'synonym_en',
    text: 'The OAuth token expired for Google Calendar',
  },
  { id: 'p2-15', expected: 'P2', variant: 'synonym_ar', text: 'نبغى نربط قوقل شيت مع التقارير' },
  {
    id: 'p2-16',
    expected: 'P2',
    variant: 'synonym_en',
    text: 'The Gmail integration keeps asking us to reconnect',
  },
  {
    id: 'p2-17',
    expected: 'P2',
    variant: 'word_boundary',
    text: 'We authorized the Gmail connector but it still shows pending',
  },
  { id: 'p2-18', expected: 'P2', variant: 'code_switched', text: 'الـCalendar مو متزامن مع حسابي' },
  {
    id: 'p2-19',
    expected: 'P2',
    variant: 'synonym_en',
    text: "Please send me last month's invoice",
  },
  {
    id: 'p2-20',
    expected: 'P2',
    variant: 'english_inflection',
    text: 'الـ connectors كلها طالعة not_started',
  },
  { id: 'p2-21', expected: 'P2', variant: 'synonym_ar', text: 'ربط واتساب بزنس ما اكتمل' },
  {
    id: 'p2-22',
    expected: 'P2',
    variant: 'slack_markup',
    text: '<@U1ABCDE> can you check the *Sheets* export? :pray:',
  },
  {
    id: 'p2-23',
    expected: 'P2',
    variant: 'synonym_en',
    text: 'setup WhatsApp number for the Riyadh branch',
  },
  { id: 'p2-24', expected: 'P2', variant: 'prefix', text: 'وبالتقويم ما تظهر المواعيد الجديدة' },
  { id: 'p2-25', expected: 'P2', variant: 'alef_forms', text: 'ابي اعداد واتساب للفرع الجديد' },
  { id: 'p2-26', expected: 'P2', variant: 'suffix', text: 'فواتيرنا في ميسر ناقصة' },

  {
    id: 'p2-27',
    expected: 'P2',
    variant: 'synonym_en',
    text: 'How do I connect our Instagram account?',
  },
  {
    id: 'p2-28',
    expected: 'P2',
    variant: 'english_inflection',
    text: 'LinkedIn lead forms are not importing new leads',
  },

  // ───────────── P3 ─────────────
  { id: 'p3-01', expected: 'P3', variant: 'plain', text: 'ممكن تضيفون تقرير أسبوعي بالعربي؟' },
  {
    id: 'p3-02',
    expected: 'P3',
    variant: 'plain',
    text: 'How do I add a new user to our workspace?',
  },
  {
    id: 'p3-03',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'Our secretary will send the signed contract tomorrow',
  },
  {
    id: 'p3-04',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'Can the secretariat team get read-only access?',
  },
  {
    id: 'p3-05',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'How do I authorize a new teammate to approve drafts?',
  },
  {
    id: 'p3-06',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'Who is authorized to approve P0 replies?',
  },
  {
    id: 'p3-07',
    expected: 'P3',
    variant: 'context_trap',
    text: 'We have 20 drafts waiting without approval, is that normal?',
  },
  {
    id: 'p3-08',
    expected: 'P3',
    variant: 'context_trap',
    text: 'عندنا ٢٠ مسودة تنتظر بدون موافقة، طبيعي؟',
  },
  {
    id: 'p3-09',
    expected: 'P3',
    variant: 'context_trap',
    text: 'How do I send without approval for low-risk replies?',
  },
  {
    id: 'p3-10',
    expected: 'P3',
    variant: 'context_trap',
    text: 'هل ممكن نرسل بدون موافقة للردود البسيطة؟',
  },
  {
    id: 'p3-11',
    expected: 'P3',
    variant: 'context_trap',
    text: 'المسودات معلقة بدون موافقتي من يوم الأحد، مين المسؤول؟',
  },
  {
    id: 'p3-12',
    expected: 'P3',
    variant: 'context_trap',
    text: 'Is there a setting to auto-send replies without approval?',
  },
  {
    id: 'p3-13',
    expected: 'P3',
    variant: 'context_trap',
    text: 'Can we let the bot post without approval on weekends?',
  },
  { id: 'p3-14', expected: 'P3', variant: 'context_trap', text: 'ابغى ارسل رسالة بدون مرفق، كيف؟' },
  { id: 'p3-15', expected: 'P3', variant: 'plain', text: 'شكراً على سرعة الرد 🙏' },
  { id: 'p3-16', expected: 'P3', variant: 'plain', text: 'وش أفضل طريقة نصدر التقارير الشهرية؟' },
  {
    id: 'p3-17',
    expected: 'P3',
    variant: 'plain',
    text: 'Can you change the Proof Pack logo to our new one?',
  },
  { id: 'p3-18', expected: 'P3', variant: 'plain', text: 'نبي نغير لغة الواجهة للإنجليزي' },
  {
    id: 'p3-19',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'هل البيانات محفوظة بأمان عندكم؟',
  },
  {
    id: 'p3-20',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'I downloaded the report but the chart colors are off',
  },
  {
    id: 'p3-21',
    expected: 'P3',
    variant: 'word_boundary',
    text: "We had an SLA breach on last week's ticket, can we review it?",
  },
  {
    id: 'p3-22',
    expected: 'P3',
    variant: 'plain',
    text: 'The leaderboard in the dashboard shows old numbers',
  },
  { id: 'p3-23', expected: 'P3', variant: 'plain', text: 'Can you add a dark mode?' },
  { id: 'p3-24', expected: 'P3', variant: 'alef_forms', text: 'ابغى اعرف كيف اضيف مستخدم جديد' },
  {
    id: 'p3-25',
    expected: 'P3',
    variant: 'plain',
    text: 'Thanks, the new Arabic templates look great',
  },
  {
    id: 'p3-26',
    expected: 'P3',
    variant: 'slack_markup',
    text: '<@U1ABCDE> quick question: can we export tickets to CSV? :thinking_face:',
  },
  { id: 'p3-27', expected: 'P3', variant: 'plain', text: 'ممكن ترسلون لي دليل الاستخدام؟' },
  { id: 'p3-28', expected: 'P3', variant: 'word_boundary', text: 'هل فيه خصم للاشتراك السنوي؟' },
  { id: 'p3-29', expected: 'P3', variant: 'arabic_digits', text: 'نحتاج تقرير عن الأداء لشهر ٣' },
  {
    id: 'p3-30',
    expected: 'P3',
    variant: 'context_trap',
    text: 'Nothing was sent without approval, right? Just checking the audit log',
  },
  {
    id: 'p3-31',
    expected: 'P3',
    variant: 'slack_markup',
    text: 'see <https://docs.example.com/secret-sharing-guide> for the onboarding doc',
  },
  {
    id: 'p3-32',
    expected: 'P3',
    variant: 'code_switched',
    text: 'ممكن نضيف field جديد في الـ form حق التسجيل؟',
  },
  { id: 'p3-33', expected: 'P3', variant: 'diacritics', text: 'شُكْرًا لَكُم عَلَى المُتَابَعَة' },
  {
    id: 'p3-34',
    expected: 'P3',
    variant: 'context_trap',
    text: 'كيف أخلي الردود البسيطة تطلع بدون موافقة؟',
  },
  {
    id: 'p3-35',
    expected: 'P3',
    variant: 'plain',
    text: 'Please write to sara@gmail.com when the report is ready',
  },
  {
    id: 'p3-36',
    expected: 'P3',
    variant: 'plain',
    text: 'I sent the wrong attachment in my last message, here is the right one',
  },
  { id: 'p3-37', expected: 'P3', variant: 'plain', text: 'the meeting is down to 30 minutes now' },
  {
    id: 'p3-38',
    expected: 'P3',
    variant: 'plain',
    text: 'Prices went down, can we get a discount?',
  },
  {
    id: 'p3-39',
    expected: 'P3',
    variant: 'plain',
    text: 'We sent you the signed contract yesterday',
  },
  {
    id: 'p3-40',
    expected: 'P3',
    variant: 'word_boundary',
    text: 'Can I get a copy of the security questionnaire?',
  },
  { id: 'p3-41', expected: 'P3', variant: 'plain', text: 'ارسلت لكم العقد امس، وصل؟' },
];
