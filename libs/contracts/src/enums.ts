/** Enumerations of the domain (docs/domain.md / docs/api.md words), shared by api, worker, console and sandbox. */

export const ROLES = ['analyst', 'supervisor', 'auditor', 'admin', 'intake'] as const;
export type Role = (typeof ROLES)[number];
/** Roles that may hold (be assigned) cases. */
export const CASE_HOLDER_ROLES: readonly Role[] = ['analyst', 'supervisor'];

export const STAGES = ['freeze', 'police_report', 'merchant_contact', 'evidence', 'review'] as const;
export type Stage = (typeof STAGES)[number];

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const OUTCOMES = ['confirmed_misuse', 'no_misuse', 'duplicate'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const EARLY_CLOSE_OUTCOMES = ['no_misuse', 'duplicate'] as const;
export type EarlyCloseOutcome = (typeof EARLY_CLOSE_OUTCOMES)[number];

export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CHANNELS = ['merchant_call', 'cardholder', 'bank_alert', 'internal_monitoring', 'partner_api'] as const;
export type ReportChannel = (typeof CHANNELS)[number];

export const MISUSE_TYPES = [
  'cloned_terminal',
  'sn_leak_laundering',
  'lost_or_stolen',
  'unauthorised_use',
  'relocation',
  'mcc_tampering',
  'skimming_tampering',
  'sn_hijack',
  'cash_out',
  'other',
] as const;
export type MisuseType = (typeof MISUSE_TYPES)[number];

export const REPORTER_RELATIONSHIPS = ['merchant', 'service_provider', 'cardholder', 'issuer', 'police', 'internal'] as const;
export type ReporterRelationship = (typeof REPORTER_RELATIONSHIPS)[number];

export const ENTRY_MODES = ['chip', 'contactless', 'magstripe', 'chip_fallback', 'manual', 'ecommerce', 'other'] as const;
export type EntryMode = (typeof ENTRY_MODES)[number];

export const EVIDENCE_TYPES = [
  'transaction_records',
  'account_statement',
  'police_receipt',
  'merchant_statement',
  'terminal_photo',
  'device_location_log',
  'provider_correspondence',
  'other',
] as const;
export type EvidenceType = (typeof EVIDENCE_TYPES)[number];

export const CASE_ACTIONS = [
  'claim',
  'assign',
  'release',
  'request_freeze',
  'confirm_freeze',
  'record_freeze_notice',
  'record_freeze_rejection',
  'record_police_report',
  'log_merchant_contact',
  'submit_for_review',
  'waive_stage',
  'resolve',
  'return_to_analyst',
  'close_early',
  'reopen',
  'set_priority',
  'add_note',
  'place_hold',
  'renew_hold',
  'release_hold',
  'start_regulatory_clock',
  'record_regulatory_filing',
  'cancel_regulatory_clock',
  'record_terminal_replacement',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];
/** Not an action endpoint, but listed in allowedActions when the caller may upload/remove evidence. */
export const EVIDENCE_ACTIONS = ['add_evidence', 'remove_evidence'] as const;
export type EvidenceAction = (typeof EVIDENCE_ACTIONS)[number];
export type AllowedAction = CaseAction | EvidenceAction;
/** Every value `allowedActions` may hold. */
export const ALLOWED_ACTIONS: readonly AllowedAction[] = [...CASE_ACTIONS, ...EVIDENCE_ACTIONS];

export const CONTACT_CHANNELS = ['phone', 'email', 'visit', 'sms', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_OUTCOMES = ['reached', 'no_answer', 'refused', 'wrong_contact'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];

export const NOTICE_CHANNELS = ['phone', 'sms', 'email', 'letter', 'visit', 'app', 'other'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const NOTIFIED_BY = ['bank', 'us'] as const;
export type NotifiedBy = (typeof NOTIFIED_BY)[number];

export const CLOCK_STATES = ['on_track', 'warning', 'breached', 'met', 'waived', 'cancelled'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];
export const SLA_STATES = ['on_track', 'warning', 'breached'] as const;
export type SlaState = (typeof SLA_STATES)[number];

export const NOTIFICATION_TYPES = ['freeze.requested', 'unfreeze.requested', 'case.closed', 'hold.placed', 'hold.released'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export const NOTIFICATION_STATUSES = ['pending', 'delivering', 'delivered', 'dead', 'cancelled'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const CALLBACK_TYPES = ['freeze.confirmed', 'freeze.rejected', 'unfreeze.confirmed'] as const;
export type CallbackType = (typeof CALLBACK_TYPES)[number];

export const ALERT_TYPES = [
  'sla.warning',
  'sla.breached',
  'notification.dead',
  'freeze.rejected',
  'freeze_notice.missing',
  'case.unassigned',
  'case.returned',
  'hold.expiring',
  'hold.expired',
  'regulatory.warning',
  'regulatory.breached',
  'watchlist.hit',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

export const FREEZE_SCOPES = ['terminal', 'settlement'] as const;
export type FreezeScope = (typeof FREEZE_SCOPES)[number];

/** docs/api.md "Holds and police orders": the acquirer's own controls and the police's orders. */
export const HOLD_KINDS = ['acquirer_suspension', 'settlement_delay', 'police_stop_payment', 'police_freeze'] as const;
export type HoldKind = (typeof HOLD_KINDS)[number];
export const HOLD_BASES = ['acquirer_control', 'police_instruction'] as const;
export type HoldBasis = (typeof HOLD_BASES)[number];
export const HOLD_STATUSES = ['active', 'expired', 'released'] as const;
export type HoldStatus = (typeof HOLD_STATUSES)[number];
/** docs/api.md "Regulatory clocks": deadlines owed to the PBoC and the card schemes. */
export const REGULATORY_KINDS = ['pboc_major_event', 'mastercard_adc', 'visa_compromise'] as const;
export type RegulatoryKind = (typeof REGULATORY_KINDS)[number];
export const REGULATORY_STATES = ['on_track', 'warning', 'breached', 'met', 'cancelled'] as const;
export type RegulatoryState = (typeof REGULATORY_STATES)[number];

/** docs/api.md "Aftercare and watchlist": what a watchlist entry watches. */
export const WATCHLIST_KINDS = ['sn', 'mid'] as const;
export type WatchlistKind = (typeof WATCHLIST_KINDS)[number];

/** Hold kinds placed by the acquirer itself: the bank is told (`hold.placed` / `hold.released`). */
export const ACQUIRER_HOLD_KINDS: readonly HoldKind[] = ['acquirer_suspension', 'settlement_delay'];

export const PERMISSIONS = [
  'reports:create',
  'cases:read',
  'cases:act',
  'cases:supervise',
  'users:read',
  'users:manage',
  'banks:manage',
  'teams:manage',
  'queues:manage',
  'terminals:edit',
  'settings:read',
  'sla:manage',
  'sla:read',
  'audit:export',
  'alerts:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Role -> permissions (docs/api.md "Who may do what"). */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  analyst: ['reports:create', 'cases:read', 'cases:act', 'settings:read', 'sla:read', 'alerts:read'],
  supervisor: [
    'reports:create',
    'cases:read',
    'cases:act',
    'cases:supervise',
    'users:read',
    'queues:manage',
    'terminals:edit',
    'settings:read',
    'sla:read',
    'alerts:read',
  ],
  auditor: ['cases:read', 'users:read', 'settings:read', 'sla:read', 'audit:export', 'alerts:read'],
  admin: [
    'users:read',
    'users:manage',
    'banks:manage',
    'teams:manage',
    'queues:manage',
    'terminals:edit',
    'settings:read',
    'sla:manage',
    'audit:export',
    'alerts:read',
  ],
  intake: ['reports:create'],
};
