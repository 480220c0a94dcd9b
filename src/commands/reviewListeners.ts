/**
 * Listeners for the weekly SLA review message: lift the live-action freeze (founders only)
 * and open an incident from a critical review.
 */
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlaReviewService } from '../services/slaReviewService.ts';
import type { SanadStore } from '../store/redisStore.ts';
import { pick } from '../views/format.ts';
import { ACTION } from '../views/ids.ts';
import { buildDeclareIncidentModal } from '../views/incidentViews.ts';
import type { LanguageResolver } from './language.ts';
import { refusalText } from './replies.ts';
import type { ListenerRegistry } from './router.ts';

export interface ReviewListenerDeps {
  reviews: SlaReviewService;
  store: SanadStore;
  languageOf: LanguageResolver;
}

export function registerReviewListeners(app: ListenerRegistry, deps: ReviewListenerDeps): void {
  app.action<BlockAction<ButtonAction>>(
    ACTION.liftFreeze,
    async ({ ack, body, action, client }) => {
      await ack();
      const userId = body.user.id;
      const lang = await deps.languageOf(userId, client);
      const channel = body.channel?.id;
      try {
        const lifted = await deps.reviews.liftFreeze(action.value ?? '*', userId);
        if (channel) {
          await client.chat.postMessage({
            channel,
            ...(body.message?.ts ? { thread_ts: body.message.ts } : {}),
            text: lifted
              ? pick(
                  lang,
                  `🔓 رفع <@${userId}> تجميد الإجراءات الحية.`,
                  `🔓 <@${userId}> lifted the live-action freeze.`,
                )
              : pick(lang, 'لا يوجد تجميد قائم.', 'There is no freeze in place.'),
          });
        }
      } catch (error) {
        const text = refusalText(error, lang);
        if (!text) throw error;
        if (channel) await client.chat.postEphemeral({ channel, user: userId, text });
      }
    },
  );

  app.action<BlockAction<ButtonAction>>(
    ACTION.openIncidentFromReview,
    async ({ ack, body, client }) => {
      await ack();
      const lang = await deps.languageOf(body.user.id, client);
      const customers = await deps.store.listCustomers();
      await client.views.open({
        trigger_id: body.trigger_id,
        view: buildDeclareIncidentModal({
          lang,
          initialTitle: pick(
            lang,
            'تجاوزات الاتفاقية الأسبوعية حرجة',
            'Critical weekly SLA breaches',
          ),
          customers: customers.map((c) => ({ id: c.id, name: c.name })),
        }),
      });
    },
  );
}
