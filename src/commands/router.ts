/**
 * Sanad's listeners register here, with Bolt's own signatures, and reach Bolt as one listener
 * per kind of request (actions, views, commands, shortcuts, events) that dispatches by id.
 *
 * Why: Bolt runs every registered listener's middleware chain for every request (it copies
 * each chain and makes a promise for each). With Sanad's sixty-odd listeners that was a fifth
 * of the app's allocations under load, and the garbage collector's pauses showed in the ack
 * latency tail. A look-up by id costs the same for one listener or a hundred.
 *
 * Matching is Bolt's: a string is the exact id, a RegExp is tested against it, and every
 * matching listener runs (together; one failure reaches `app.error` as Bolt's would).
 */
import type {
  App,
  Middleware,
  SlackAction,
  SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs,
  SlackEventMiddlewareArgs,
  SlackShortcut,
  SlackShortcutMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';

type Constraint = string | RegExp;
// biome-ignore lint/suspicious/noExplicitAny: each route keeps its own listener's argument type
type AnyListener = Middleware<any>;
interface Route {
  constraint: Constraint;
  /** Shortcuts only: global (`shortcut`) or on a message (`message_action`). */
  type?: string;
  listener: AnyListener;
}

export type ShortcutConstraint =
  | Constraint
  | { callback_id: Constraint; type?: SlackShortcut['type'] };

/** The registration surface the listener modules use (a subset of Bolt's `App`). */
export interface ListenerRegistry {
  action<A extends SlackAction = SlackAction>(
    actionId: Constraint,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void;
  view<V extends SlackViewAction = SlackViewAction>(
    callbackId: Constraint,
    listener: Middleware<SlackViewMiddlewareArgs<V>>,
  ): void;
  command(name: Constraint, listener: Middleware<SlackCommandMiddlewareArgs>): void;
  shortcut<S extends SlackShortcut = SlackShortcut>(
    constraint: ShortcutConstraint,
    listener: Middleware<SlackShortcutMiddlewareArgs<S>>,
  ): void;
  event<E extends string = string>(
    type: E,
    listener: Middleware<SlackEventMiddlewareArgs<E>>,
  ): void;
}

const ANY = /[\s\S]*/;

function matches(constraint: Constraint, id: string): boolean {
  return typeof constraint === 'string' ? constraint === id : constraint.test(id);
}

export class ListenerRouter implements ListenerRegistry {
  private readonly actions: Route[] = [];
  private readonly views: Route[] = [];
  private readonly commands: Route[] = [];
  private readonly shortcuts: Route[] = [];
  private readonly events: Route[] = [];

  action<A extends SlackAction = SlackAction>(
    actionId: Constraint,
    listener: Middleware<SlackActionMiddlewareArgs<A>>,
  ): void {
    this.actions.push({ constraint: actionId, listener });
  }

  view<V extends SlackViewAction = SlackViewAction>(
    callbackId: Constraint,
    listener: Middleware<SlackViewMiddlewareArgs<V>>,
  ): void {
    this.views.push({ constraint: callbackId, listener });
  }

  command(name: Constraint, listener: Middleware<SlackCommandMiddlewareArgs>): void {
    this.commands.push({ constraint: name, listener });
  }

  shortcut<S extends SlackShortcut = SlackShortcut>(
    constraint: ShortcutConstraint,
    listener: Middleware<SlackShortcutMiddlewareArgs<S>>,
  ): void {
    if (typeof constraint === 'string' || constraint instanceof RegExp) {
      this.shortcuts.push({ constraint, listener });
    } else {
      this.shortcuts.push({ constraint: constraint.callback_id, type: constraint.type, listener });
    }
  }

  event<E extends string = string>(
    type: E,
    listener: Middleware<SlackEventMiddlewareArgs<E>>,
  ): void {
    this.events.push({ constraint: type, listener });
  }

  /** Registers one Bolt listener per kind that has routes. */
  mount(app: App): void {
    if (this.actions.length > 0) {
      app.action(ANY, (args) => {
        const action = args.action as { action_id?: string };
        return dispatch(this.actions, action.action_id ?? '', args);
      });
    }
    if (this.views.length > 0) {
      app.view(ANY, (args) => dispatch(this.views, args.view.callback_id, args));
    }
    if (this.commands.length > 0) {
      app.command(ANY, (args) => dispatch(this.commands, args.command.command, args));
    }
    if (this.shortcuts.length > 0) {
      app.shortcut(ANY, (args) =>
        dispatch(this.shortcuts, args.shortcut.callback_id, args, args.shortcut.type),
      );
    }
    if (this.events.length > 0) {
      app.event(ANY, (args) => dispatch(this.events, args.event.type, args));
    }
  }
}

async function dispatch(
  routes: readonly Route[],
  id: string,
  args: Parameters<AnyListener>[0],
  type?: string,
) {
  const hits = routes.filter(
    (r) => matches(r.constraint, id) && (r.type === undefined || r.type === type),
  );
  if (hits.length === 1) return hits[0]!.listener(args);
  const results = await Promise.allSettled(hits.map((r) => r.listener(args)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) throw failed[0]!.reason;
}
