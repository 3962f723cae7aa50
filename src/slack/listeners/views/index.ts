import type { App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { SlackDeps } from '../../deps.js';
import { dispatchById } from '../../dispatch.js';
import { VIEWS } from '../../ids.js';
import { cancellationSubmission } from './cancellationSubmission.js';
import { contractChangeSubmission } from './contractChangeSubmission.js';
import { lineLookupSubmission } from './lineLookupSubmission.js';
import { operationPickerSubmission } from './operationPickerSubmission.js';
import { registrationSubmission } from './registrationSubmission.js';
import { rejectionSubmission } from './rejectionSubmission.js';

export function registerViews(app: App, deps: SlackDeps): void {
  app.view(
    { type: 'view_submission' },
    dispatchById<SlackViewMiddlewareArgs<ViewSubmitAction>>('view', ({ view }) => view.callback_id, {
      [VIEWS.cancellation]: cancellationSubmission(deps),
      [VIEWS.contractChange]: contractChangeSubmission(deps),
      [VIEWS.registration]: registrationSubmission(deps),
      [VIEWS.operationPicker]: operationPickerSubmission(deps),
      [VIEWS.lineLookup]: lineLookupSubmission(deps),
      [VIEWS.rejectRequest]: rejectionSubmission(deps),
    }),
  );
}
