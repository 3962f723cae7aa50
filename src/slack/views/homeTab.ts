import { actions, button, header, section } from '../blocks.js';
import { ACTIONS } from '../ids.js';
import type { Voice } from '../voice.js';

/** App Home: what the bot is and a way in. (The approval issue adds the person's requests.) */
export function homeTab(voice: Voice) {
  const { t } = voice;
  return voice.home([
    header(t.home.title),
    section(t.home.intro),
    section(t.home.howTo),
    actions('home_actions', [button({ text: t.home.lookUpButton, actionId: ACTIONS.homeLookUp, style: 'primary' })]),
    section(t.usage),
  ]);
}
