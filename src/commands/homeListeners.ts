/**
 * The App Home: published when a user opens it (app_home_opened → views.publish) and after
 * their own changes; its buttons open the ticket, incident, customer, onboarding, connector
 * and metrics modals, expand or collapse a section, and (approvers) run the customer-success
 * jobs on demand.
 */
import type { BlockAction, ButtonAction, OverflowAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isTeamMember } from '../services/context.ts';
import type { CustomerOpsService } from '../services/customerOpsService.ts';
import type { HomeService } from '../services/homeService.ts';
import type { CustomerOpsStore } from '../store/customerOpsStore.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { OPS_ACTION } from '../views/customerOpsIds.ts';
import {
  HOME_SECTIONS,
  type HomeSection,
  parseCustomerMenuValue,
} from '../views/customerOpsViews.ts';
import { type Lang, pick } from '../views/format.ts';
import { idPattern } from '../views/incidentIds.ts';
import { buildDeclareIncidentModal } from '../views/incidentViews.ts';
import { buildIntakeModal } from '../views/ticketViews.ts';
import { type CustomerOpsListenerDeps, openCustomerOpsModal } from './customerOpsListeners.ts';
import type { LanguageResolver } from './language.ts';
import { refusalText, tellUser } from './replies.ts';
import type { ListenerRegistry } from './router.ts';

export interface HomeListenerDeps extends CustomerOpsListenerDeps {
  homes: HomeService;
  customerOps: CustomerOpsService;
  opsStore: CustomerOpsStore;
  store: SanadStore;
  languageOf: LanguageResolver;
}

export function registerHomeListeners(app: ListenerRegistry, deps: HomeListenerDeps): void {
  const { homes, languageOf, logger } = deps;

  async function publish(client: WebClient, userId: string, lang?: Lang): Promise<void> {
    await homes.publish(client, userId, lang ?? (await languageOf(userId, client)));
  }

  /** The Home's buttons are the team's: an outsider's Home has none, and a press is refused. */
  async function insider(client: WebClient, userId: string): Promise<boolean> {
    if (await homes.isInsider(client, userId)) return true;
    const lang = await languageOf(userId, client);
    await tellUser(
      client,
      undefined,
      userId,
      pick(lang, '⛔ هذا الإجراء متاح لفريق سند فقط.', '⛔ This is only for the Sanad team.'),
    ).catch(() => undefined);
    return false;
  }

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    try {
      await deps.opsStore.rememberHomeUser(event.user);
      await publish(client, event.user);
    } catch (error) {
      logger.error({ err: error }, 'could not publish the App Home');
    }
  });

  app.action(OPS_ACTION.homeRefresh, async ({ ack, body, client }) => {
    await ack();
    await publish(client, body.user.id);
  });

  async function toggle(body: BlockAction, action: ButtonAction, client: WebClient, on: boolean) {
    const section = action.value ?? '';
    if (!(HOME_SECTIONS as readonly string[]).includes(section)) return;
    await homes.setExpanded(body.user.id, section as HomeSection, on);
    await publish(client, body.user.id);
  }
  app.action<BlockAction<ButtonAction>>(
    idPattern(OPS_ACTION.homeShowMore),
    async ({ ack, body, action, client }) => {
      await ack();
      await toggle(body, action, client, true);
    },
  );
  app.action<BlockAction<ButtonAction>>(
    idPattern(OPS_ACTION.homeShowLess),
    async ({ ack, body, action, client }) => {
      await ack();
      await toggle(body, action, client, false);
    },
  );
  // Link buttons still send an action: acknowledge it.
  app.action(idPattern(OPS_ACTION.homeOpenApproval), async ({ ack }) => {
    await ack();
  });

  app.action<BlockAction<ButtonAction>>(OPS_ACTION.homeNewTicket, async ({ ack, body, client }) => {
    await ack();
    if (!(await insider(client, body.user.id))) return;
    const lang = await languageOf(body.user.id, client);
    const customers = await deps.store.listCustomers();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildIntakeModal({ lang, customers, privateMetadata: JSON.stringify({}) }),
    });
  });

  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.homeDeclareIncident,
    async ({ ack, body, client }) => {
      await ack();
      if (!(await insider(client, body.user.id))) return;
      const lang = await languageOf(body.user.id, client);
      // Declaring can freeze customers: the team's call (founders, approvers, on-call).
      if (!isTeamMember(deps.policy, body.user.id)) {
        await tellUser(
          client,
          undefined,
          body.user.id,
          pick(
            lang,
            '⛔ إعلان الحوادث متاح لفريق سند فقط (المؤسسون والمعتمدون والمناوبون).',
            '⛔ Declaring an incident is only for the Sanad team (founders, approvers and on-call).',
          ),
        ).catch(() => undefined);
        return;
      }
      const customers = await deps.store.listCustomers();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildDeclareIncidentModal({
          lang,
          customers: customers.map((c) => ({ id: c.id, name: c.name })),
        }),
      });
    },
  );

  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.homeAddCustomer,
    async ({ ack, body, client }) => {
      await ack();
      if (!(await insider(client, body.user.id))) return;
      const lang = await languageOf(body.user.id, client);
      try {
        await openCustomerOpsModal(deps, client, body.trigger_id, body.user.id, lang, 'add');
      } catch (error) {
        const text = refusalText(error, lang);
        if (!text) logger.error({ err: error }, 'could not open the customer form');
        await tellUser(
          client,
          undefined,
          body.user.id,
          text ?? pick(lang, '⚠️ تعذّر فتح النموذج.', '⚠️ Could not open the form.'),
        ).catch(() => undefined);
      }
    },
  );

  app.action<BlockAction<OverflowAction>>(
    idPattern(OPS_ACTION.homeCustomerMenu),
    async ({ ack, body, action, client }) => {
      await ack();
      if (!(await insider(client, body.user.id))) return;
      const userId = body.user.id;
      const lang = await languageOf(userId, client);
      const choice = parseCustomerMenuValue(action.selected_option?.value ?? '');
      if (!choice) return;
      try {
        await openCustomerOpsModal(
          deps,
          client,
          body.trigger_id,
          userId,
          lang,
          choice.menu,
          choice.customerId,
        );
      } catch (error) {
        const text = refusalText(error, lang);
        if (!text) logger.error({ err: error }, 'could not open a customer-ops modal');
        await tellUser(
          client,
          undefined,
          userId,
          text ?? pick(lang, '⚠️ تعذّر فتح النموذج.', '⚠️ Could not open the form.'),
        ).catch(() => undefined);
      }
    },
  );

  async function run(
    body: BlockAction,
    client: WebClient,
    kind: 'weekly-check-ins' | 'at-risk-scan',
  ) {
    const userId = body.user.id;
    const lang = await languageOf(userId, client);
    const channel = deps.policy.channels.customerSuccess ?? deps.policy.channels.ops;
    try {
      await deps.customerOps.requestRun(kind, userId);
      await tellUser(
        client,
        undefined,
        userId,
        kind === 'weekly-check-ins'
          ? pick(
              lang,
              `📝 جارٍ إعداد مسودات المتابعة الأسبوعية في <#${channel}> (لكل عميل له مؤشرات)؛ سأخبرك هنا بما أُعدّ.`,
              `📝 Preparing weekly check-in drafts in <#${channel}> (for each customer with metrics); I'll tell you here what was drafted.`,
            )
          : pick(
              lang,
              `⚠️ جارٍ فحص العملاء المعرّضين للخطر؛ التنبيهات المتوسطة والمرتفعة تصل كمسودات إلى <#${channel}>، وسأخبرك هنا بالنتيجة.`,
              `⚠️ Running the at-risk scan; medium and high alerts arrive as drafts in <#${channel}>, and I'll tell you here how it went.`,
            ),
      );
    } catch (error) {
      const text = refusalText(error, lang);
      if (!text) throw error;
      await tellUser(client, undefined, userId, text);
    }
  }
  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.homeRunWeeklyCheckIns,
    async ({ ack, body, client }) => {
      await ack();
      await run(body, client, 'weekly-check-ins');
    },
  );
  app.action<BlockAction<ButtonAction>>(
    OPS_ACTION.homeRunAtRiskScan,
    async ({ ack, body, client }) => {
      await ack();
      await run(body, client, 'at-risk-scan');
    },
  );
}
