/**
 * The Slack stand-in: a local fake Slack workspace for integration tests and offline runs.
 * See standIn.ts for the class and blockKit.ts for the reusable Block Kit validator.
 *
 * ```ts
 * const standIn = new SlackStandIn({ signingSecret, botToken, users, channels });
 * await standIn.start();                       // before `new App()`: Bolt calls auth.test at once
 * const app = new App({ signingSecret, token: botToken, clientOptions: { slackApiUrl: standIn.apiUrl } });
 * const server = await app.start(0);           // HTTPReceiver → node http.Server on a free port
 * standIn.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
 * await standIn.sendSlashCommand({ command: '/ticket', text: 'leak', userId, channelId });
 * const card = await standIn.waitForMessage(triageId, (m) => m.text.includes('P0'));
 * await standIn.clickButton({ userId, channelId: triageId, messageTs: card.ts, actionId: 'approve' });
 * ```
 */
export {
  BLOCK_KIT_LIMITS,
  type BlockKitProblem,
  type BlockSurface,
  formatProblems,
  validateBlocks,
  validateMessage,
  validateView,
} from './blockKit.ts';
export {
  type ClickOptions,
  type CloseViewOptions,
  type GlobalShortcutOptions,
  type MessageShortcutOptions,
  type SelectOptionOptions,
  type SendEventOptions,
  SlackStandIn,
  type SlashCommandOptions,
  StandInError,
  type SubmitViewOptions,
  type ViewInputValues,
} from './standIn.ts';
export { StandInStateFile } from './stateFile.ts';
export type * from './types.ts';
export { API_METHODS, channelNameError } from './webApi.ts';
export type { WorkspaceState } from './workspace.ts';
