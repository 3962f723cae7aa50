import { context, homeView, message, modal, section, type Block, type HomeView, type MessageBody, type ModalView } from './blocks.js';
import { BLOCKS } from './ids.js';
import type { Catalog } from '../i18n/index.js';
import { esc, md, type Mrkdwn } from '../i18n/mrkdwn.js';

/**
 * How the bot speaks to one person: in their language, and, when Freebit is the embedded
 * sandbox, with SANDBOX on everything it posts or shows (README.md, "Sandbox mode"), so a
 * screenshot of a sandbox card can never be mistaken for a real line.
 */
export class Voice {
  constructor(
    readonly t: Catalog,
    readonly sandbox: boolean,
  ) {}

  /** A message: the blocks given, or the text as one section. */
  message(text: Mrkdwn, blocks?: readonly Block[]): MessageBody {
    const body = blocks ?? [section(text)];
    if (!this.sandbox) return message(text, body);
    return message(md`${esc(this.t.sandboxTag)} ${text}`, [this.banner(), ...body]);
  }

  modal(options: { callbackId: string; title: string; submit?: string; blocks: readonly Block[]; privateMetadata?: string }): ModalView {
    const blocks = this.sandbox ? [this.banner(), ...options.blocks] : options.blocks;
    return modal({ ...options, close: this.t.close, blocks });
  }

  home(blocks: readonly Block[]): HomeView {
    return homeView(this.sandbox ? [this.banner(), ...blocks] : blocks);
  }

  private banner(): Block {
    return context([this.t.sandboxBanner], BLOCKS.sandboxBanner);
  }
}
