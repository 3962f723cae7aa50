/**
 * The ids Slack sends back to us: the builders put them into blocks and views, the listeners
 * are registered on them, and manifest.yml repeats the shortcut callback ids and the command
 * (a test checks that it does). A change operation's modal and card button may carry ids of
 * their own, named in its descriptor (src/slack/changeForms/<name>.ts); the first three
 * operations' are here. test/slack/kit/ids.test.ts holds them all distinct.
 */
export const COMMAND = '/freebit';

export const SHORTCUTS = {
  /** Global shortcut "Look up a line". */
  lookUpLine: 'look_up_line',
  /** Message shortcut "Look up numbers in this message". */
  lookUpNumbersInMessage: 'look_up_numbers_in_message',
} as const;

export const ACTIONS = {
  shareCard: 'line_card_share',
  refreshCard: 'line_card_refresh',
  requestCancellation: 'line_card_request_cancellation',
  requestContractChange: 'line_card_request_contract_change',
  homeLookUp: 'home_look_up',
  /** The approval message's buttons (also on App Home); the value is the request's id, nothing more. */
  approveRequest: 'approval_approve',
  rejectRequest: 'approval_reject',
  withdrawRequest: 'approval_withdraw',
  /** The pre-flight summary of several lines: back to the form, filled in again. */
  lineCheckBack: 'line_check_back',
  /** Under the message shortcut's cards: a request form for every number of the message (the value lists them). */
  requestForNumbers: 'message_numbers_request',
} as const;

export const VIEWS = {
  cancellation: 'cancellation_request',
  contractChange: 'contract_change_request',
  registration: 'registration_request',
  operationPicker: 'operation_picker',
  lineLookup: 'line_lookup',
  /** A modal that only shows something (a card, a sentence); it has no submit. */
  lineCard: 'line_card_view',
  /** The approver's reason for a rejection. */
  rejectRequest: 'approval_reject_reason',
  /** A request form of several numbers once submitted: "Checking…", then the pre-flight's summary (its submit requests the lines). */
  lineCheck: 'line_check',
} as const;

/** Input blocks of the modals: `block` is what `response_action: errors` names, `action` where the value sits. */
export const FIELDS = {
  phone: { block: 'phone', action: 'phone_value' },
  runDate: { block: 'run_date', action: 'run_date_value' },
  contractLine: { block: 'contract_line', action: 'contract_line_value' },
  productNumber: { block: 'product_number', action: 'product_number_value' },
  planCode: { block: 'plan_code', action: 'plan_code_value' },
  startDate: { block: 'start_date', action: 'start_date_value' },
  reason: { block: 'reason', action: 'reason_value' },
  operation: { block: 'operation', action: 'operation_value' },
  rejectionReason: { block: 'rejection_reason', action: 'rejection_reason_value' },
} as const;

export type FieldName = keyof typeof FIELDS;

export const BLOCKS = {
  sandboxBanner: 'sandbox_banner',
  /** App Home's own buttons (Look up a line). */
  homeActions: 'home_actions',
  cardActions: 'line_card_actions',
  /** A sentence for the person under a card's buttons in a modal (a refusal, a form that would not open). */
  cardNotice: 'line_card_notice',
  /** Prefix: one per request (`approval_actions_FR-7K3Q`), so a Home tab can list several. */
  approvalActions: 'approval_actions',
  approvalStatus: 'approval_status',
  lineCheckActions: 'line_check_actions',
  messageNumbersActions: 'message_numbers_actions',
} as const;
