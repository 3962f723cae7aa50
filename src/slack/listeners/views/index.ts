import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { dispatchById } from '../../interactions/dispatch.js';
import { VIEWS } from '../../kit/ids.js';
import { OPERATION_LIST } from '../../changeForms/index.js';
import { changeSubmission } from './changeSubmission.js';
import { lineCheckSubmission } from './lineCheckSubmission.js';
import { lineLookupSubmission } from './lineLookupSubmission.js';
import { operationPickerSubmission } from './operationPickerSubmission.js';
import { rejectionSubmission } from './rejectionSubmission.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(
    { type: 'view_submission' },
    dispatchById<SlackViewMiddlewareArgs<ViewSubmitAction>>('view', ({ view }) => view.callback_id, {
      ...Object.fromEntries(OPERATION_LIST.map((operation) => [operation.callbackId, changeSubmission(deps, operation)])),
      [VIEWS.operationPicker]: operationPickerSubmission(deps),
      [VIEWS.lineLookup]: lineLookupSubmission(deps),
      [VIEWS.rejectRequest]: rejectionSubmission(deps),
      [VIEWS.lineCheck]: lineCheckSubmission(deps),
    }),
  );
}
