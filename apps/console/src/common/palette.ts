import type { ClockState, NotificationStatus, Priority, Stage } from '@sentinel/contracts';

/**
 * The console's colours, in one place, so a colour means one thing everywhere.
 *
 * - Stages have hues of their own (purple, blue, teal, magenta, slate), kept away from the traffic-light hues,
 *   and are the same in chips, the stepper and every chart.
 * - SLA states use the traffic lights only: green on track / met, amber warning, red breached, grey when the
 *   clock no longer runs. Charts of SLA states never use a stage colour, and stage charts never use these.
 * - Counts that are neither (a person's open cases) are neutral grey-blue.
 */
export const STAGE_COLORS: Record<Stage, string> = {
  freeze: '#6a1b9a',
  police_report: '#1565c0',
  merchant_contact: '#00838f',
  evidence: '#ad1457',
  review: '#455a64',
};

export const SLA_STATE_COLORS = {
  on_track: '#2e7d32',
  warning: '#ef8f00',
  breached: '#c62828',
  ended: '#8a94a6',
} as const;

/** Neutral colour for counts that carry no state (open cases of a person). */
export const NEUTRAL_COLOR = '#90a4ae';

export interface ChipColors {
  bg: string;
  fg: string;
}

const CLOCK_CHIP_COLORS: Record<string, ChipColors> = {
  on_track: { bg: '#e7f4ea', fg: '#1e6b2a' },
  met: { bg: '#e7f4ea', fg: '#1e6b2a' },
  warning: { bg: '#fff3e0', fg: '#a34e00' },
  breached: { bg: '#fdecea', fg: '#b71c1c' },
  waived: { bg: '#eef0f3', fg: '#4a5568' },
  cancelled: { bg: '#eef0f3', fg: '#4a5568' },
};

/** Chip colours of an SLA or clock state (`on_track`, `warning`, `breached`, `met`, `waived`, `cancelled`). */
export const clockChipColors = (state: ClockState | string | null | undefined): ChipColors =>
  CLOCK_CHIP_COLORS[state ?? ''] ?? CLOCK_CHIP_COLORS.cancelled;

export const PRIORITY_COLORS: Record<Priority, ChipColors> = {
  p1: { bg: '#fde8e8', fg: '#b71c1c' },
  p2: { bg: '#fff1e0', fg: '#a34e00' },
  p3: { bg: '#e8f0fb', fg: '#1f4e8c' },
  p4: { bg: '#eef0f3', fg: '#4a5568' },
};

export const NOTIFICATION_COLORS: Record<NotificationStatus, ChipColors> = {
  pending: { bg: '#eef0f3', fg: '#4a5568' },
  delivering: { bg: '#e8f0fb', fg: '#1f4e8c' },
  delivered: { bg: '#e7f4ea', fg: '#1e6b2a' },
  dead: { bg: '#fdecea', fg: '#b71c1c' },
  cancelled: { bg: '#eef0f3', fg: '#6b7280' },
};
