import type { types } from '@slack/bolt';
import type { Mrkdwn } from '../i18n/mrkdwn.js';
import { BLOCK_KIT_LIMITS as LIMITS, clip, type BlockKitLimit } from './limits.js';

/**
 * The only place Block Kit JSON is spelled out. Every string that reaches Slack goes through
 * `clip` here, against the table in `limits.ts`, so a long plan name or reason can shorten a
 * line of the card but never make Slack refuse the whole message.
 */
export type Block = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** What a message carries, whether posted, sent through a response_url or used to update. */
export interface MessageBody {
  /** The notification and accessibility text. */
  text: Mrkdwn | string;
  blocks: Block[];
}

export function plainText(text: string, limit: BlockKitLimit = 'textObject'): types.PlainTextElement {
  return { type: 'plain_text', text: clip(text, LIMITS[limit]), emoji: true };
}

/** Mrkdwn only (i18n/mrkdwn.ts): data from Freebit or a person reaches a mrkdwn block escaped, or not at all. */
export function mrkdwnText(text: Mrkdwn, limit: BlockKitLimit = 'textObject'): types.MrkdwnElement {
  return { type: 'mrkdwn', text: clip(text, LIMITS[limit]) };
}

export function header(text: string, blockId?: string): types.HeaderBlock {
  return { type: 'header', ...(blockId ? { block_id: blockId } : {}), text: plainText(text, 'headerText') };
}

export function section(text: Mrkdwn, options: { blockId?: string; accessory?: types.Button } = {}): types.SectionBlock {
  return {
    type: 'section',
    ...(options.blockId ? { block_id: options.blockId } : {}),
    text: mrkdwnText(text, 'sectionText'),
    ...(options.accessory ? { accessory: options.accessory } : {}),
  };
}

/** Two columns of `*label*\nvalue`; Slack allows ten per section, so longer lists become several sections. */
export function fieldSections(fields: ReadonlyArray<{ label: Mrkdwn; value: Mrkdwn }>, blockIdPrefix?: string): types.SectionBlock[] {
  const sections: types.SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += LIMITS.sectionFields) {
    const chunk = fields.slice(start, start + LIMITS.sectionFields);
    sections.push({
      type: 'section',
      ...(blockIdPrefix ? { block_id: `${blockIdPrefix}_${sections.length}` } : {}),
      fields: chunk.map((field) => mrkdwnText(`*${field.label}*\n${field.value}` as Mrkdwn, 'sectionFieldText')),
    });
  }
  return sections;
}

export function context(texts: readonly Mrkdwn[], blockId?: string): types.ContextBlock {
  return {
    type: 'context',
    ...(blockId ? { block_id: blockId } : {}),
    elements: texts.slice(0, LIMITS.contextElements).map((text) => mrkdwnText(text)),
  };
}

export function divider(): types.DividerBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: types.Button[]): types.ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) };
}

/** Slack's own "are you sure?" dialog, shown before the click is sent at all. */
export interface Confirmation {
  title: string;
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export function button(options: {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
  confirm?: Confirmation;
}): types.Button {
  const confirm = options.confirm;
  return {
    type: 'button',
    action_id: options.actionId,
    text: plainText(options.text, 'buttonText'),
    ...(options.value !== undefined ? { value: clip(options.value, LIMITS.buttonValue) } : {}),
    ...(options.style ? { style: options.style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plainText(confirm.title, 'confirmTitle'),
            text: plainText(confirm.text, 'confirmText'),
            confirm: plainText(confirm.confirm, 'confirmButton'),
            deny: plainText(confirm.deny, 'confirmButton'),
            ...(confirm.style ? { style: confirm.style } : {}),
          },
        }
      : {}),
  };
}

export function input(options: {
  blockId: string;
  label: string;
  element: types.InputBlock['element'];
  optional?: boolean;
  hint?: string;
}): types.InputBlock {
  return {
    type: 'input',
    block_id: options.blockId,
    label: plainText(options.label, 'inputLabel'),
    element: options.element,
    optional: options.optional ?? false,
    ...(options.hint ? { hint: plainText(options.hint, 'inputHint') } : {}),
  };
}

export function textInput(options: {
  actionId: string;
  initialValue?: string;
  placeholder?: string;
  multiline?: boolean;
  maxLength?: number;
}): types.PlainTextInput {
  const maxLength = Math.min(options.maxLength ?? LIMITS.plainTextInputMaxLength, LIMITS.plainTextInputMaxLength);
  return {
    type: 'plain_text_input',
    action_id: options.actionId,
    ...(options.initialValue ? { initial_value: clip(options.initialValue, maxLength) } : {}),
    ...(options.placeholder ? { placeholder: plainText(options.placeholder, 'placeholder') } : {}),
    multiline: options.multiline ?? false,
    max_length: maxLength,
  };
}

/** `initialDate` is `YYYY-MM-DD`, as the date picker reads and writes it. */
export function datePicker(options: { actionId: string; initialDate?: string; placeholder?: string }): types.Datepicker {
  return {
    type: 'datepicker',
    action_id: options.actionId,
    ...(options.initialDate ? { initial_date: options.initialDate } : {}),
    ...(options.placeholder ? { placeholder: plainText(options.placeholder, 'placeholder') } : {}),
  };
}

export interface Choice {
  text: string;
  value: string;
  description?: string;
}

function option(choice: Choice): types.PlainTextOption {
  return {
    text: plainText(choice.text, 'optionText'),
    value: clip(choice.value, LIMITS.optionValue),
    ...(choice.description ? { description: plainText(choice.description, 'optionDescription') } : {}),
  };
}

export function staticSelect(options: {
  actionId: string;
  choices: readonly Choice[];
  initialValue?: string;
  placeholder?: string;
}): types.StaticSelect {
  const choices = options.choices.slice(0, LIMITS.selectOptions).map(option);
  const initial = choices.find((choice) => choice.value === options.initialValue);
  return {
    type: 'static_select',
    action_id: options.actionId,
    options: choices,
    ...(initial ? { initial_option: initial } : {}),
    ...(options.placeholder ? { placeholder: plainText(options.placeholder, 'placeholder') } : {}),
  };
}

export function radioButtons(options: { actionId: string; choices: readonly Choice[]; initialValue?: string }): types.RadioButtons {
  const choices = options.choices.slice(0, LIMITS.radioOptions).map(option);
  const initial = choices.find((choice) => choice.value === options.initialValue);
  return { type: 'radio_buttons', action_id: options.actionId, options: choices, ...(initial ? { initial_option: initial } : {}) };
}

export function message(text: Mrkdwn, blocks: readonly Block[]): MessageBody {
  return { text: clip(text, LIMITS.messageText), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

export function modal(options: {
  callbackId: string;
  title: string;
  submit?: string;
  close: string;
  blocks: readonly Block[];
  privateMetadata?: string;
}): ModalView {
  return {
    type: 'modal',
    callback_id: options.callbackId,
    title: plainText(options.title, 'viewTitle'),
    ...(options.submit ? { submit: plainText(options.submit, 'viewSubmit') } : {}),
    close: plainText(options.close, 'viewClose'),
    blocks: options.blocks.slice(0, LIMITS.blocksPerView),
    // Metadata that does not fit would be corrupted by clipping: the caller keeps it small.
    ...(options.privateMetadata ? { private_metadata: options.privateMetadata } : {}),
  };
}

export function homeView(blocks: readonly Block[]): HomeView {
  return { type: 'home', blocks: blocks.slice(0, LIMITS.blocksPerView) };
}
