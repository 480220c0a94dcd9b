/**
 * Assertions shared by the view-builder tests: Slack's own limits (through the stand-in's
 * validator), unique ids, and that user text is escaped wherever mrkdwn shows it.
 */
import type { KnownBlock, View } from '@slack/types';
import { expect } from 'vitest';
import { formatProblems, validateMessage, validateView } from '../../src/standin/blockKit.ts';

/** User text with a broadcast, a fake link and a mention: none may survive unescaped. */
export const NASTY = 'Hi <!channel> see <https://x|y> & <@U999>';

export function expectValidMessage(msg: { text: string; blocks: KnownBlock[] }): void {
  expect(formatProblems(validateMessage(msg))).toEqual([]);
  expect(msg.blocks.length).toBeLessThanOrEqual(50);
}

export function expectValidModal(view: View): void {
  expect(formatProblems(validateView(view, { types: ['modal'] }))).toEqual([]);
  expect(view.type).toBe('modal');
  if (view.type === 'modal') expect(view.title.text.length).toBeLessThanOrEqual(24);
  expect(view.blocks.length).toBeLessThanOrEqual(100);
}

/** Every mrkdwn text object anywhere in the value. */
export function mrkdwnTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) mrkdwnTexts(v, out);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o['type'] === 'mrkdwn' && typeof o['text'] === 'string') out.push(o['text']);
    for (const v of Object.values(o)) mrkdwnTexts(v, out);
  }
  return out;
}

/** Every string value under `key` anywhere in the value. */
export function collect(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, key, out);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o[key] === 'string') out.push(o[key] as string);
    for (const v of Object.values(o)) collect(v, key, out);
  }
  return out;
}

export function expectUniqueIds(value: unknown): void {
  const actionIds = collect(value, 'action_id');
  expect(new Set(actionIds).size).toBe(actionIds.length);
  const blockIds = collect(value, 'block_id');
  expect(new Set(blockIds).size).toBe(blockIds.length);
}

export function expectEscaped(value: unknown): void {
  const texts = mrkdwnTexts(value).join('\n');
  expect(texts).not.toContain('<!channel>');
  expect(texts).not.toContain('<https://x|y>');
  expect(texts).not.toContain('<@U999>');
  expect(texts).toContain('&lt;!channel&gt;');
}
