import type { CatalogSource, ErrorCatalog } from '../catalog.js';
import { md } from '../mrkdwn.js';

export const errors: CatalogSource<ErrorCatalog> = {
  lineNotFound: (phone) =>
    md`Freebit has no line with the number ${phone}. Check the number; if it is right, the line was never registered here.`,
  freebitTimeout: (seconds) =>
    md`Freebit did not answer within ${seconds} s. Try again in a minute; if it keeps happening, Freebit may be down.`,
  freebitUnreachable: 'Freebit could not be reached (the connection failed or was dropped). Try again in a minute.',
  freebitBadAnswer: 'Freebit answered something the bot could not read. Try again in a minute; if it persists, tell the bot’s operator.',
  freebitCredentialsRefused:
    'Freebit refused the bot’s OEM credentials, so the bot cannot reach any line. Tell the bot’s operator (FREEBIT_OEM_ID, FREEBIT_OEM_KEY).',
  freebitAuthKeyRefused: 'Freebit refused the bot’s authentication key. Try again; if it persists, tell the bot’s operator.',
  freebitUnexpected: 'Freebit had an unexpected error on its side (detail code 900). Try again in a few minutes.',
  // The spec tables' refusals (PA02-01, PA02-04, PA03-02, PA05-38), in a support agent's words.
  detailCodes: {
    200: 'Freebit refused the request: the service type (kind) is not valid.',
    201: 'Freebit refused the phone number as a parameter. Check the number and try again.',
    202: 'Freebit refused the password parameter.',
    204: 'Freebit refused a parameter of the request (for example a date in the wrong format or in the past).',
    205: 'Freebit refused the bot’s authentication key. The bot renews it by itself; if this persists, check FREEBIT_OEM_ID and FREEBIT_OEM_KEY.',
    208: 'That phone number is already registered at Freebit.',
    210: 'Freebit has no line with that phone number.',
    211: 'The line’s current state does not allow this request at Freebit.',
    212: 'Freebit refused the request because of an error on another account linked to it.',
    220: 'That plan code does not exist at Freebit. Pick one of the configured plans.',
    226: 'Freebit refused the displayPass parameter.',
    227: 'Freebit refused the request data (requestDatas).',
    228: 'Freebit refused the authentication key parameter. If this persists, check the OEM credentials.',
    230: 'The line has another change waiting at Freebit. Wait until it completes, then try again.',
    233: 'Freebit does not provide that service for this account.',
    236: 'Freebit refused the version parameter.',
    266: 'Freebit refused the product number: it must be two capital letters and 13 digits.',
    360: 'Freebit refused the contract line type: it must be 4G or 5G.',
    361: 'The line is already on that contract line type; there is nothing to change.',
    362: 'The line already has a contract line change in progress at Freebit (it takes about 30 minutes and cannot be cancelled).',
    900: 'Freebit had an unexpected error on its side. Try again in a few minutes.',
  },
  operationDetailCodes: {
    cancelLine: { 101: 'The line was already cancelled at Freebit.' },
    registerLine: { 210: 'Freebit could not find an account the registration depends on.' },
  },
  unknownDetailCode: (code) => md`Freebit refused the request with detail code ${code}.`,
  withDetailCode: (sentence, code) => md`${sentence} (Freebit detail code ${code})`,
  botProblem: (reference) =>
    md`Something went wrong inside the bot. Try again; if it happens again, give the bot’s operator this reference: ${reference}.`,
  storeDidNotAnswer:
    'The bot’s own storage did not answer in time, so nothing was changed. Try again in a few seconds; if it keeps happening, tell the bot’s operator.',
  notInChannel: 'The bot is not a member of this channel, so it cannot post here. Invite it with `/invite @freebit-ops`, then try again.',
  formExpired: 'Slack took too long to open the form. Try again.',
  slackBusy: (seconds) => md`Slack is asking the bot to slow down right now. Try again in ${seconds} seconds.`,
};
