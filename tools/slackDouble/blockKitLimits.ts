/**
 * Checks what the bot sent to Slack against Block Kit's documented limits (the table lives
 * in src/slack/limits.ts, where the builders clip to it). Returns every violation found, as
 * a path and what is wrong, so a failing test names the exact string.
 */
import { BLOCK_KIT_LIMITS as L } from '../../src/slack/kit/limits.js';
import type { SlackCall } from './double.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const length = (text: unknown) => (typeof text === 'string' ? Array.from(text).length : 0);

class Checker {
  readonly problems: string[] = [];

  max(path: string, value: unknown, limit: number): void {
    if (typeof value === 'string' && length(value) > limit) this.problems.push(`${path}: ${length(value)} characters (limit ${limit})`);
    if (Array.isArray(value) && value.length > limit) this.problems.push(`${path}: ${value.length} items (limit ${limit})`);
  }

  textObject(path: string, value: unknown, limit: number): void {
    if (value === undefined) return;
    if (!isObject(value) || typeof value.text !== 'string') return void this.problems.push(`${path}: not a text object`);
    if (value.text.length === 0) this.problems.push(`${path}: empty text`);
    this.max(`${path}.text`, value.text, limit);
  }

  option(path: string, option: unknown): void {
    if (!isObject(option)) return;
    this.textObject(`${path}.text`, option.text, L.optionText);
    this.max(`${path}.value`, option.value, L.optionValue);
    this.textObject(`${path}.description`, option.description, L.optionDescription);
  }

  element(path: string, element: unknown): void {
    if (!isObject(element)) return;
    this.max(`${path}.action_id`, element.action_id, L.actionId);
    this.textObject(`${path}.placeholder`, element.placeholder, L.placeholder);
    if (isObject(element.confirm)) {
      this.textObject(`${path}.confirm.title`, element.confirm.title, L.confirmTitle);
      this.textObject(`${path}.confirm.text`, element.confirm.text, L.confirmText);
      this.textObject(`${path}.confirm.confirm`, element.confirm.confirm, L.confirmButton);
      this.textObject(`${path}.confirm.deny`, element.confirm.deny, L.confirmButton);
    }
    switch (element.type) {
      case 'button':
        this.textObject(`${path}.text`, element.text, L.buttonText);
        this.max(`${path}.value`, element.value, L.buttonValue);
        break;
      case 'static_select':
        this.max(`${path}.options`, element.options, L.selectOptions);
        (element.options as unknown[] | undefined)?.forEach((option, index) => this.option(`${path}.options[${index}]`, option));
        if (Array.isArray(element.options) && element.options.length === 0) this.problems.push(`${path}.options: empty`);
        break;
      case 'radio_buttons':
        this.max(`${path}.options`, element.options, L.radioOptions);
        (element.options as unknown[] | undefined)?.forEach((option, index) => this.option(`${path}.options[${index}]`, option));
        break;
      case 'plain_text_input': {
        const maxLength = typeof element.max_length === 'number' ? element.max_length : L.plainTextInputMaxLength;
        if (maxLength > L.plainTextInputMaxLength)
          this.problems.push(`${path}.max_length: ${maxLength} (limit ${L.plainTextInputMaxLength})`);
        this.max(`${path}.initial_value`, element.initial_value, maxLength);
        break;
      }
      case 'datepicker':
        if (element.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(element.initial_date)))
          this.problems.push(`${path}.initial_date: not YYYY-MM-DD`);
        break;
    }
  }

  block(path: string, block: unknown): void {
    if (!isObject(block)) return void this.problems.push(`${path}: not a block`);
    this.max(`${path}.block_id`, block.block_id, L.blockId);
    switch (block.type) {
      case 'section':
        this.textObject(`${path}.text`, block.text, L.sectionText);
        this.max(`${path}.fields`, block.fields, L.sectionFields);
        (block.fields as unknown[] | undefined)?.forEach((field, index) =>
          this.textObject(`${path}.fields[${index}]`, field, L.sectionFieldText),
        );
        if (block.text === undefined && block.fields === undefined) this.problems.push(`${path}: a section needs text or fields`);
        this.element(`${path}.accessory`, block.accessory);
        break;
      case 'header':
        this.textObject(`${path}.text`, block.text, L.headerText);
        break;
      case 'context':
        this.max(`${path}.elements`, block.elements, L.contextElements);
        (block.elements as unknown[] | undefined)?.forEach((element, index) =>
          this.textObject(`${path}.elements[${index}]`, element, L.textObject),
        );
        break;
      case 'actions':
        this.max(`${path}.elements`, block.elements, L.actionsElements);
        (block.elements as unknown[] | undefined)?.forEach((element, index) => this.element(`${path}.elements[${index}]`, element));
        break;
      case 'input':
        this.textObject(`${path}.label`, block.label, L.inputLabel);
        this.textObject(`${path}.hint`, block.hint, L.inputHint);
        this.element(`${path}.element`, block.element);
        break;
      case 'divider':
        break;
      default:
        this.problems.push(`${path}: block type ${String(block.type)} is not one the bot should send`);
    }
  }

  blocks(path: string, blocks: unknown, limit: number): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return void this.problems.push(`${path}: not an array`);
    this.max(path, blocks, limit);
    const ids = blocks.map((block) => (isObject(block) ? block.block_id : undefined)).filter((id) => id !== undefined);
    if (new Set(ids).size !== ids.length) this.problems.push(`${path}: duplicate block_id`);
    blocks.forEach((block, index) => this.block(`${path}[${index}]`, block));
  }

  message(path: string, message: Json): void {
    this.max(`${path}.text`, message.text, L.messageText);
    this.blocks(`${path}.blocks`, message.blocks, L.blocksPerMessage);
  }

  view(path: string, view: unknown): void {
    if (!isObject(view)) return void this.problems.push(`${path}: not a view`);
    if (view.type === 'modal') {
      this.textObject(`${path}.title`, view.title, L.viewTitle);
      this.textObject(`${path}.submit`, view.submit, L.viewSubmit);
      this.textObject(`${path}.close`, view.close, L.viewClose);
      const hasInput = Array.isArray(view.blocks) && view.blocks.some((block) => isObject(block) && block.type === 'input');
      if (hasInput && view.submit === undefined) this.problems.push(`${path}: a modal with inputs needs a submit button`);
    }
    this.max(`${path}.callback_id`, view.callback_id, L.callbackId);
    this.max(`${path}.private_metadata`, view.private_metadata, L.privateMetadata);
    this.blocks(`${path}.blocks`, view.blocks, L.blocksPerView);
  }
}

/** Everything wrong with one call the bot made (empty when it is within limits). */
export function blockKitViolations(call: SlackCall): string[] {
  const checker = new Checker();
  const where = call.method;
  if (call.method.startsWith('views.')) checker.view(`${where}.view`, call.body.view);
  else if (call.method.startsWith('chat.') || call.method === 'response_url') checker.message(where, call.body);
  return checker.problems;
}

/** Everything wrong with an acknowledgement body (`response_action: update | push | errors`). */
export function ackViolations(body: unknown): string[] {
  const checker = new Checker();
  if (!isObject(body)) return [];
  if (body.response_action === 'update' || body.response_action === 'push') checker.view('ack.view', body.view);
  if (body.response_action === 'errors' && isObject(body.errors)) {
    for (const [blockId, message] of Object.entries(body.errors)) {
      checker.max(`ack.errors.${blockId} (block id)`, blockId, L.blockId);
      checker.max(`ack.errors.${blockId}`, message, L.fieldError);
    }
  }
  return checker.problems;
}
