/**
 * A Block Kit validator that follows Slack's published limits closely enough that a message or
 * view it accepts is accepted by Slack, and one it rejects would be rejected by Slack with
 * `invalid_blocks` (messages) or `invalid_arguments` (views).
 *
 * Pure functions, no I/O: the Slack stand-in uses them to answer the Web API, and our own view
 * tests can call them directly (`expect(validateView(view)).toEqual([])`).
 *
 * Problems carry a JSON pointer (`/blocks/3/text/text`) and a message phrased like Slack's
 * (`must be less than 3001 characters`); `formatProblems` renders them the way Slack puts them in
 * `response_metadata.messages` (`[ERROR] must be less than 3001 characters [json-pointer:/blocks/3/text/text]`).
 */

export type BlockSurface = 'message' | 'modal' | 'home';

export interface BlockKitProblem {
  /** JSON pointer to the offending value, e.g. `/blocks/0/text/text` or `/view/title/text`. */
  path: string;
  message: string;
}

export const BLOCK_KIT_LIMITS = Object.freeze({
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  attachments: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  accessibilityLabel: 75,
  url: 3000,
  actionId: 255,
  blockId: 255,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  callbackId: 255,
  privateMetadata: 3000,
  externalId: 255,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  overflowOptions: 5,
  checkboxOptions: 10,
  radioOptions: 10,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  plainTextInputLength: 3000,
  imageAltText: 2000,
  imageTitle: 2000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  markdownBlockText: 12_000,
  contextText: 3000,
});

const L = BLOCK_KIT_LIMITS;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const SELECT_TYPES = [
  'static_select',
  'multi_static_select',
  'external_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
] as const;

const ACTIONS_ELEMENTS = new Set<string>([
  'button',
  ...SELECT_TYPES,
  'overflow',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'checkboxes',
  'radio_buttons',
  'workflow_button',
]);

const SECTION_ACCESSORIES = new Set<string>([
  'button',
  ...SELECT_TYPES,
  'overflow',
  'datepicker',
  'timepicker',
  'image',
  'checkboxes',
  'radio_buttons',
  'workflow_button',
]);

const INPUT_ELEMENTS = new Set<string>([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  ...SELECT_TYPES,
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'rich_text_input',
  'file_input',
]);

/** Element types whose value Slack reports in `state.values` (everything but buttons/overflow/workflow). */
export const STATEFUL_ELEMENT_TYPES: ReadonlySet<string> = new Set<string>([
  ...SELECT_TYPES,
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'timepicker',
  'datetimepicker',
  'rich_text_input',
]);

const BLOCK_PROPS: Record<string, readonly string[]> = {
  section: ['text', 'fields', 'accessory', 'expand'],
  header: ['text'],
  divider: [],
  context: ['elements'],
  actions: ['elements'],
  input: ['label', 'element', 'dispatch_action', 'hint', 'optional'],
  image: ['image_url', 'slack_file', 'alt_text', 'title'],
  rich_text: ['elements'],
  markdown: ['text'],
};

const PLACEHOLDER_FOCUS = ['placeholder', 'focus_on_load', 'confirm'] as const;
const ELEMENT_PROPS: Record<string, readonly string[]> = {
  button: ['text', 'value', 'url', 'style', 'confirm', 'accessibility_label'],
  static_select: [...PLACEHOLDER_FOCUS, 'options', 'option_groups', 'initial_option'],
  multi_static_select: [
    ...PLACEHOLDER_FOCUS,
    'options',
    'option_groups',
    'initial_options',
    'max_selected_items',
  ],
  external_select: [...PLACEHOLDER_FOCUS, 'initial_option', 'min_query_length'],
  multi_external_select: [
    ...PLACEHOLDER_FOCUS,
    'initial_options',
    'min_query_length',
    'max_selected_items',
  ],
  users_select: [...PLACEHOLDER_FOCUS, 'initial_user'],
  multi_users_select: [...PLACEHOLDER_FOCUS, 'initial_users', 'max_selected_items'],
  conversations_select: [
    ...PLACEHOLDER_FOCUS,
    'initial_conversation',
    'default_to_current_conversation',
    'response_url_enabled',
    'filter',
  ],
  multi_conversations_select: [
    ...PLACEHOLDER_FOCUS,
    'initial_conversations',
    'default_to_current_conversation',
    'max_selected_items',
    'filter',
  ],
  channels_select: [...PLACEHOLDER_FOCUS, 'initial_channel', 'response_url_enabled'],
  multi_channels_select: [...PLACEHOLDER_FOCUS, 'initial_channels', 'max_selected_items'],
  overflow: ['options', 'confirm'],
  datepicker: [...PLACEHOLDER_FOCUS, 'initial_date'],
  timepicker: [...PLACEHOLDER_FOCUS, 'initial_time', 'timezone'],
  datetimepicker: ['initial_date_time', 'focus_on_load', 'confirm'],
  checkboxes: ['options', 'initial_options', 'confirm', 'focus_on_load'],
  radio_buttons: ['options', 'initial_option', 'confirm', 'focus_on_load'],
  plain_text_input: [
    'placeholder',
    'initial_value',
    'multiline',
    'min_length',
    'max_length',
    'dispatch_action_config',
    'focus_on_load',
  ],
  number_input: [
    'placeholder',
    'is_decimal_allowed',
    'initial_value',
    'min_value',
    'max_value',
    'dispatch_action_config',
    'focus_on_load',
  ],
  email_text_input: ['placeholder', 'initial_value', 'dispatch_action_config', 'focus_on_load'],
  url_text_input: ['placeholder', 'initial_value', 'dispatch_action_config', 'focus_on_load'],
  rich_text_input: ['placeholder', 'initial_value', 'dispatch_action_config', 'focus_on_load'],
  file_input: ['filetypes', 'max_files'],
  image: ['image_url', 'slack_file', 'alt_text'],
  workflow_button: ['text', 'workflow', 'style', 'accessibility_label'],
};

const MODAL_PROPS = [
  'type',
  'title',
  'blocks',
  'close',
  'submit',
  'private_metadata',
  'callback_id',
  'clear_on_close',
  'notify_on_close',
  'external_id',
  'submit_disabled',
];
const HOME_PROPS = ['type', 'blocks', 'private_metadata', 'callback_id', 'external_id'];

class Checker {
  readonly problems: BlockKitProblem[] = [];

  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  props(v: Obj, path: string, allowed: readonly string[]): void {
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key)) this.add(path, `invalid additional property: ${key}`);
    }
  }

  /** A string field: returns true when present and valid. */
  str(
    v: Obj,
    key: string,
    path: string,
    opts: { max?: number; min?: number; required?: boolean } = {},
  ): boolean {
    const value = v[key];
    const p = `${path}/${key}`;
    if (value === undefined) {
      if (opts.required) this.add(path, `missing required field: ${key}`);
      return false;
    }
    if (typeof value !== 'string') {
      this.add(p, 'must be a string');
      return false;
    }
    const min = opts.min ?? 0;
    if (value.length < min) {
      this.add(p, `must be more than ${min - 1} characters`);
      return false;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.add(p, `must be less than ${opts.max + 1} characters`);
      return false;
    }
    return true;
  }

  bool(v: Obj, key: string, path: string): void {
    if (v[key] !== undefined && typeof v[key] !== 'boolean')
      this.add(`${path}/${key}`, 'must be a boolean');
  }

  /** A composition text object (`{ type: 'plain_text' | 'mrkdwn', text }`). */
  text(
    value: unknown,
    path: string,
    opts: { max: number; plainOnly?: boolean; required?: boolean; parent?: Obj; key?: string },
  ): void {
    if (value === undefined) {
      if (opts.required) {
        const at = path.slice(0, path.lastIndexOf('/'));
        this.add(at, `missing required field: ${path.slice(path.lastIndexOf('/') + 1)}`);
      }
      return;
    }
    if (!isObj(value)) {
      this.add(path, 'must provide an object');
      return;
    }
    const type = value['type'];
    if (type !== 'plain_text' && type !== 'mrkdwn') {
      this.add(`${path}/type`, 'must be a valid enum value (plain_text or mrkdwn)');
      return;
    }
    if (opts.plainOnly && type !== 'plain_text') {
      this.add(`${path}/type`, 'must be plain_text');
    }
    this.props(
      value,
      path,
      type === 'plain_text' ? ['type', 'text', 'emoji'] : ['type', 'text', 'verbatim'],
    );
    this.str(value, 'text', path, { max: opts.max, min: 1, required: true });
    this.bool(value, 'emoji', path);
    this.bool(value, 'verbatim', path);
  }

  arr(
    v: Obj,
    key: string,
    path: string,
    opts: { min?: number; max?: number; required?: boolean },
  ): unknown[] | undefined {
    const value = v[key];
    if (value === undefined) {
      if (opts.required) this.add(path, `missing required field: ${key}`);
      return undefined;
    }
    const p = `${path}/${key}`;
    if (!Array.isArray(value)) {
      this.add(p, 'must be an array');
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) {
      this.add(p, `must provide at least ${opts.min} item${opts.min === 1 ? '' : 's'}`);
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.add(p, `no more than ${opts.max} items allowed`);
    }
    return value;
  }

  int(
    v: Obj,
    key: string,
    path: string,
    opts: { min?: number; max?: number } = {},
  ): number | undefined {
    const value = v[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.add(`${path}/${key}`, 'must be an integer');
      return undefined;
    }
    if (opts.min !== undefined && value < opts.min) {
      this.add(`${path}/${key}`, `must be greater than or equal to ${opts.min}`);
    }
    if (opts.max !== undefined && value > opts.max) {
      this.add(`${path}/${key}`, `must be less than or equal to ${opts.max}`);
    }
    return value;
  }
}

interface SurfaceState {
  surface: BlockSurface;
  blockIds: Map<string, string>;
}

function checkConfirm(c: Checker, value: unknown, path: string): void {
  if (value === undefined) return;
  if (!isObj(value)) {
    c.add(path, 'must provide an object');
    return;
  }
  c.props(value, path, ['title', 'text', 'confirm', 'deny', 'style']);
  c.text(value['title'], `${path}/title`, { max: L.confirmTitle, plainOnly: true, required: true });
  c.text(value['text'], `${path}/text`, { max: L.confirmText, required: true });
  c.text(value['confirm'], `${path}/confirm`, {
    max: L.confirmButton,
    plainOnly: true,
    required: true,
  });
  c.text(value['deny'], `${path}/deny`, { max: L.confirmButton, plainOnly: true, required: true });
  if (value['style'] !== undefined && value['style'] !== 'primary' && value['style'] !== 'danger') {
    c.add(`${path}/style`, 'must be a valid enum value (primary or danger)');
  }
}

function checkOption(
  c: Checker,
  value: unknown,
  path: string,
  opts: { allowMrkdwn?: boolean; allowUrl?: boolean },
): Obj | undefined {
  if (!isObj(value)) {
    c.add(path, 'must provide an object');
    return undefined;
  }
  c.props(
    value,
    path,
    opts.allowUrl ? ['text', 'value', 'description', 'url'] : ['text', 'value', 'description'],
  );
  c.text(value['text'], `${path}/text`, {
    max: L.optionText,
    plainOnly: !opts.allowMrkdwn,
    required: true,
  });
  c.str(value, 'value', path, { max: L.optionValue, required: true });
  c.text(value['description'], `${path}/description`, {
    max: L.optionDescription,
    plainOnly: !opts.allowMrkdwn,
  });
  if (opts.allowUrl) c.str(value, 'url', path, { max: L.url });
  return value;
}

function optionKey(o: unknown): string | undefined {
  if (!isObj(o)) return undefined;
  const text = isObj(o['text']) ? o['text']['text'] : undefined;
  return JSON.stringify([o['value'], text]);
}

function checkOptions(
  c: Checker,
  el: Obj,
  path: string,
  opts: { min: number; max: number; allowMrkdwn?: boolean; allowUrl?: boolean; required?: boolean },
): Obj[] {
  const list = c.arr(el, 'options', path, {
    min: opts.min,
    max: opts.max,
    required: opts.required,
  });
  const out: Obj[] = [];
  list?.forEach((o, i) => {
    const opt = checkOption(c, o, `${path}/options/${i}`, opts);
    if (opt) out.push(opt);
  });
  return out;
}

function checkInitialOptions(c: Checker, el: Obj, path: string, all: Obj[], multi: boolean): void {
  const keys = new Set(all.map(optionKey));
  const match = (o: unknown, p: string): void => {
    if (!isObj(o)) {
      c.add(p, 'must provide an object');
      return;
    }
    if (!keys.has(optionKey(o))) c.add(p, 'must exactly match one of the provided options');
  };
  if (multi) {
    const init = c.arr(el, 'initial_options', path, {});
    init?.forEach((o, i) => {
      match(o, `${path}/initial_options/${i}`);
    });
  } else if (el['initial_option'] !== undefined) {
    match(el['initial_option'], `${path}/initial_option`);
  }
}

function checkSelectOptions(c: Checker, el: Obj, path: string, multi: boolean): void {
  const hasOptions = el['options'] !== undefined;
  const hasGroups = el['option_groups'] !== undefined;
  if (hasOptions === hasGroups) {
    c.add(path, 'must provide exactly one of options or option_groups');
  }
  const all: Obj[] = [];
  if (hasOptions) {
    all.push(...checkOptions(c, el, path, { min: 1, max: L.selectOptions }));
  }
  if (hasGroups) {
    const groups = c.arr(el, 'option_groups', path, { min: 1, max: L.optionGroups });
    groups?.forEach((g, i) => {
      const gp = `${path}/option_groups/${i}`;
      if (!isObj(g)) {
        c.add(gp, 'must provide an object');
        return;
      }
      c.props(g, gp, ['label', 'options']);
      c.text(g['label'], `${gp}/label`, {
        max: L.optionGroupLabel,
        plainOnly: true,
        required: true,
      });
      all.push(...checkOptions(c, g, gp, { min: 1, max: L.selectOptions, required: true }));
    });
  }
  checkInitialOptions(c, el, path, all, multi);
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
function isValidDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkNumberString(
  c: Checker,
  el: Obj,
  key: string,
  path: string,
  decimals: boolean,
): number | undefined {
  const v = el[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '' || Number.isNaN(Number(v))) {
    c.add(`${path}/${key}`, 'must be a string containing a number');
    return undefined;
  }
  const n = Number(v);
  if (!decimals && !Number.isInteger(n)) {
    c.add(`${path}/${key}`, 'must be an integer when is_decimal_allowed is false');
  }
  return n;
}

function checkElement(
  c: Checker,
  value: unknown,
  path: string,
  allowed: ReadonlySet<string>,
  where: string,
  actionIds: Set<string>,
): void {
  if (!isObj(value)) {
    c.add(path, 'must provide an object');
    return;
  }
  const type = value['type'];
  if (typeof type !== 'string') {
    c.add(`${path}/type`, 'missing required field: type');
    return;
  }
  if (!allowed.has(type)) {
    c.add(`${path}/type`, `unsupported type: ${type} is not allowed in ${where}`);
    return;
  }
  const props = ELEMENT_PROPS[type];
  if (props) c.props(value, path, ['type', ...(type === 'image' ? [] : ['action_id']), ...props]);
  if (type !== 'image' && value['action_id'] !== undefined) {
    if (c.str(value, 'action_id', path, { max: L.actionId, min: 1 })) {
      const id = value['action_id'] as string;
      if (actionIds.has(id)) c.add(`${path}/action_id`, `duplicate action_id: ${id}`);
      actionIds.add(id);
    }
  }
  if (value['confirm'] !== undefined) checkConfirm(c, value['confirm'], `${path}/confirm`);
  if (value['placeholder'] !== undefined) {
    c.text(value['placeholder'], `${path}/placeholder`, { max: L.placeholder, plainOnly: true });
  }
  const multiMax = (): void => {
    c.int(value, 'max_selected_items', path, { min: 1 });
  };

  switch (type) {
    case 'button':
      c.text(value['text'], `${path}/text`, { max: L.buttonText, plainOnly: true, required: true });
      c.str(value, 'value', path, { max: L.buttonValue });
      c.str(value, 'url', path, { max: L.url });
      c.str(value, 'accessibility_label', path, { max: L.accessibilityLabel });
      if (
        value['style'] !== undefined &&
        value['style'] !== 'primary' &&
        value['style'] !== 'danger'
      ) {
        c.add(`${path}/style`, 'must be a valid enum value (primary or danger)');
      }
      break;
    case 'static_select':
      checkSelectOptions(c, value, path, false);
      break;
    case 'multi_static_select':
      checkSelectOptions(c, value, path, true);
      multiMax();
      break;
    case 'external_select':
    case 'multi_external_select':
      c.int(value, 'min_query_length', path, { min: 0 });
      if (type === 'multi_external_select') multiMax();
      break;
    case 'users_select':
      c.str(value, 'initial_user', path, {});
      break;
    case 'multi_users_select':
      c.arr(value, 'initial_users', path, {});
      multiMax();
      break;
    case 'conversations_select':
      c.str(value, 'initial_conversation', path, {});
      c.bool(value, 'default_to_current_conversation', path);
      c.bool(value, 'response_url_enabled', path);
      break;
    case 'multi_conversations_select':
      c.arr(value, 'initial_conversations', path, {});
      c.bool(value, 'default_to_current_conversation', path);
      multiMax();
      break;
    case 'channels_select':
      c.str(value, 'initial_channel', path, {});
      c.bool(value, 'response_url_enabled', path);
      break;
    case 'multi_channels_select':
      c.arr(value, 'initial_channels', path, {});
      multiMax();
      break;
    case 'overflow':
      checkOptions(c, value, path, {
        min: 1,
        max: L.overflowOptions,
        allowUrl: true,
        required: true,
      });
      break;
    case 'datepicker': {
      const d = value['initial_date'];
      if (d !== undefined && (typeof d !== 'string' || !isValidDate(d))) {
        c.add(`${path}/initial_date`, 'must be a valid date in the format YYYY-MM-DD');
      }
      break;
    }
    case 'timepicker': {
      const t = value['initial_time'];
      if (t !== undefined && (typeof t !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(t))) {
        c.add(`${path}/initial_time`, 'must be a valid time in the format HH:mm');
      }
      break;
    }
    case 'datetimepicker':
      c.int(value, 'initial_date_time', path, { min: 0 });
      break;
    case 'checkboxes':
    case 'radio_buttons': {
      const all = checkOptions(c, value, path, {
        min: 1,
        max: type === 'checkboxes' ? L.checkboxOptions : L.radioOptions,
        allowMrkdwn: true,
        required: true,
      });
      checkInitialOptions(c, value, path, all, type === 'checkboxes');
      break;
    }
    case 'plain_text_input': {
      c.bool(value, 'multiline', path);
      const min = c.int(value, 'min_length', path, { min: 0, max: L.plainTextInputLength });
      const max = c.int(value, 'max_length', path, { min: 1, max: L.plainTextInputLength });
      if (min !== undefined && max !== undefined && min > max) {
        c.add(`${path}/min_length`, 'must be less than or equal to max_length');
      }
      if (c.str(value, 'initial_value', path, {})) {
        const len = (value['initial_value'] as string).length;
        if (len > (max ?? L.plainTextInputLength)) {
          c.add(
            `${path}/initial_value`,
            `must be less than ${(max ?? L.plainTextInputLength) + 1} characters`,
          );
        }
      }
      break;
    }
    case 'number_input': {
      const dec = value['is_decimal_allowed'];
      if (typeof dec !== 'boolean') {
        c.add(path, 'missing required field: is_decimal_allowed');
      }
      const decimals = dec === true;
      const min = checkNumberString(c, value, 'min_value', path, decimals);
      const max = checkNumberString(c, value, 'max_value', path, decimals);
      const init = checkNumberString(c, value, 'initial_value', path, decimals);
      if (min !== undefined && max !== undefined && min > max) {
        c.add(`${path}/min_value`, 'must be less than or equal to max_value');
      }
      if (
        init !== undefined &&
        ((min !== undefined && init < min) || (max !== undefined && init > max))
      ) {
        c.add(`${path}/initial_value`, 'must be between min_value and max_value');
      }
      break;
    }
    case 'email_text_input':
    case 'url_text_input':
      c.str(value, 'initial_value', path, {});
      break;
    case 'image':
      checkImage(c, value, path);
      break;
    default:
      break;
  }
}

function checkImage(c: Checker, v: Obj, path: string): void {
  const hasUrl = v['image_url'] !== undefined;
  const hasFile = v['slack_file'] !== undefined;
  if (hasUrl === hasFile) c.add(path, 'must provide exactly one of image_url or slack_file');
  if (hasUrl) c.str(v, 'image_url', path, { max: L.url, min: 1 });
  if (hasFile && !isObj(v['slack_file'])) c.add(`${path}/slack_file`, 'must provide an object');
  c.str(v, 'alt_text', path, { max: L.imageAltText, required: true });
}

function checkBlock(c: Checker, value: unknown, path: string, st: SurfaceState): void {
  if (!isObj(value)) {
    c.add(path, 'must provide an object');
    return;
  }
  const type = value['type'];
  if (typeof type !== 'string') {
    c.add(path, 'missing required field: type');
    return;
  }
  const props = BLOCK_PROPS[type];
  if (!props) {
    c.add(`${path}/type`, `unsupported type: ${type}`);
    return;
  }
  c.props(value, path, ['type', 'block_id', ...props]);
  if (
    value['block_id'] !== undefined &&
    c.str(value, 'block_id', path, { max: L.blockId, min: 1 })
  ) {
    const id = value['block_id'] as string;
    const first = st.blockIds.get(id);
    if (first !== undefined)
      c.add(`${path}/block_id`, `duplicate block_id: ${id} (first used at ${first})`);
    else st.blockIds.set(id, path);
  }
  const actionIds = new Set<string>();

  switch (type) {
    case 'section': {
      if (value['text'] === undefined && value['fields'] === undefined) {
        c.add(path, 'must provide at least one of: text, fields');
      }
      c.text(value['text'], `${path}/text`, { max: L.sectionText });
      const fields = c.arr(value, 'fields', path, { min: 1, max: L.sectionFields });
      fields?.forEach((f, i) => {
        c.text(f, `${path}/fields/${i}`, { max: L.sectionFieldText, required: true });
      });
      if (value['accessory'] !== undefined) {
        checkElement(
          c,
          value['accessory'],
          `${path}/accessory`,
          SECTION_ACCESSORIES,
          'section accessories',
          actionIds,
        );
      }
      c.bool(value, 'expand', path);
      break;
    }
    case 'header':
      c.text(value['text'], `${path}/text`, { max: L.headerText, plainOnly: true, required: true });
      break;
    case 'divider':
      break;
    case 'context': {
      const els = c.arr(value, 'elements', path, {
        min: 1,
        max: L.contextElements,
        required: true,
      });
      els?.forEach((e, i) => {
        const p = `${path}/elements/${i}`;
        if (isObj(e) && e['type'] === 'image') {
          c.props(e, p, ['type', 'image_url', 'slack_file', 'alt_text']);
          checkImage(c, e, p);
        } else {
          c.text(e, p, { max: L.contextText, required: true });
        }
      });
      break;
    }
    case 'actions': {
      const els = c.arr(value, 'elements', path, {
        min: 1,
        max: L.actionsElements,
        required: true,
      });
      els?.forEach((e, i) => {
        checkElement(c, e, `${path}/elements/${i}`, ACTIONS_ELEMENTS, 'actions blocks', actionIds);
      });
      break;
    }
    case 'input': {
      if (st.surface === 'message') {
        c.add(path, 'input blocks are only allowed in modals and Home tabs, not in messages');
      }
      c.text(value['label'], `${path}/label`, {
        max: L.inputLabel,
        plainOnly: true,
        required: true,
      });
      c.text(value['hint'], `${path}/hint`, { max: L.inputHint, plainOnly: true });
      c.bool(value, 'optional', path);
      c.bool(value, 'dispatch_action', path);
      if (value['element'] === undefined) c.add(path, 'missing required field: element');
      else
        checkElement(
          c,
          value['element'],
          `${path}/element`,
          INPUT_ELEMENTS,
          'input blocks',
          actionIds,
        );
      break;
    }
    case 'image':
      checkImage(c, value, path);
      c.text(value['title'], `${path}/title`, { max: L.imageTitle, plainOnly: true });
      break;
    case 'rich_text':
      c.arr(value, 'elements', path, { required: true });
      break;
    case 'markdown':
      if (st.surface !== 'message') c.add(path, 'markdown blocks are only allowed in messages');
      c.str(value, 'text', path, { max: L.markdownBlockText, min: 1, required: true });
      break;
    default:
      break;
  }
}

function runBlocks(c: Checker, blocks: unknown, path: string, surface: BlockSurface): void {
  if (!Array.isArray(blocks)) {
    c.add(path, 'must be an array');
    return;
  }
  const max = surface === 'message' ? L.messageBlocks : L.viewBlocks;
  if (blocks.length > max) c.add(path, `no more than ${max} items allowed`);
  const st: SurfaceState = { surface, blockIds: new Map() };
  blocks.forEach((b, i) => {
    checkBlock(c, b, `${path}/${i}`, st);
  });
}

/**
 * Validates a `blocks` array for a surface. `path` is the JSON pointer of the array itself
 * (default `/blocks`).
 */
export function validateBlocks(
  blocks: unknown,
  options: { surface: BlockSurface; path?: string } = { surface: 'message' },
): BlockKitProblem[] {
  const c = new Checker();
  runBlocks(c, blocks, options.path ?? '/blocks', options.surface);
  return c.problems;
}

/** Validates a message body as chat.postMessage / chat.update / response_url would take it. */
export function validateMessage(message: {
  text?: unknown;
  blocks?: unknown;
  attachments?: unknown;
}): BlockKitProblem[] {
  const c = new Checker();
  const { text, blocks, attachments } = message;
  if (text !== undefined && typeof text !== 'string') c.add('/text', 'must be a string');
  if (typeof text === 'string' && text.length > L.messageText) {
    c.add('/text', `must be less than ${L.messageText + 1} characters`);
  }
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if ((typeof text !== 'string' || text === '') && !hasBlocks && !hasAttachments) {
    c.add('', 'must provide text, blocks or attachments');
  }
  if (blocks !== undefined) runBlocks(c, blocks, '/blocks', 'message');
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) c.add('/attachments', 'must be an array');
    else if (attachments.length > L.attachments) {
      c.add('/attachments', `no more than ${L.attachments} items allowed`);
    }
  }
  return c.problems;
}

/** True when some input block sits in the blocks (Slack then requires a `submit` on modals). */
function hasInputBlock(blocks: unknown): boolean {
  return Array.isArray(blocks) && blocks.some((b) => isObj(b) && b['type'] === 'input');
}

/**
 * Validates a view object as views.open / views.push / views.update / views.publish take it.
 * `types` restricts the allowed view types (views.publish takes only `home`).
 */
export function validateView(
  view: unknown,
  options: { path?: string; types?: readonly ('modal' | 'home')[] } = {},
): BlockKitProblem[] {
  const c = new Checker();
  const path = options.path ?? '/view';
  const types = options.types ?? ['modal', 'home'];
  if (!isObj(view)) {
    c.add(path, 'must provide an object');
    return c.problems;
  }
  const type = view['type'];
  if (type !== 'modal' && type !== 'home') {
    c.add(`${path}/type`, 'must be a valid enum value (modal or home)');
    return c.problems;
  }
  if (!types.includes(type)) {
    c.add(`${path}/type`, `must be ${types.join(' or ')} for this method`);
  }
  c.props(view, path, type === 'modal' ? MODAL_PROPS : HOME_PROPS);
  if (type === 'modal') {
    c.text(view['title'], `${path}/title`, { max: L.modalTitle, plainOnly: true, required: true });
    c.text(view['submit'], `${path}/submit`, { max: L.modalSubmit, plainOnly: true });
    c.text(view['close'], `${path}/close`, { max: L.modalClose, plainOnly: true });
    if (view['submit'] === undefined && hasInputBlock(view['blocks'])) {
      c.add(path, 'missing required field: submit (required when the view contains input blocks)');
    }
    c.bool(view, 'clear_on_close', path);
    c.bool(view, 'notify_on_close', path);
    c.bool(view, 'submit_disabled', path);
  }
  c.str(view, 'private_metadata', path, { max: L.privateMetadata });
  c.str(view, 'callback_id', path, { max: L.callbackId });
  c.str(view, 'external_id', path, { max: L.externalId, min: 1 });
  if (view['blocks'] === undefined) c.add(path, 'missing required field: blocks');
  else runBlocks(c, view['blocks'], `${path}/blocks`, type);
  return c.problems;
}

/** Renders problems the way Slack lists them in `response_metadata.messages`. */
export function formatProblems(problems: readonly BlockKitProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.path}]`);
}
