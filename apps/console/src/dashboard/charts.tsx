import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { STAGES } from '@sentinel/contracts';
import { NEUTRAL_COLOR, SLA_STATE_COLORS, STAGE_COLORS } from '../common/palette';
import type { ChartRow } from './dashboardData';

const AXIS_TICK = { fontSize: 12, fill: '#5b6475' };
const AXIS_TITLE = { fontSize: 11, fill: '#5b6475' };

export const StackedOpenByStageChart = ({
  data,
  names,
  xLabel,
}: {
  data: Array<{ label: string; onTrack: number; warning: number; breached: number }>;
  names: { onTrack: string; warning: string; breached: string };
  xLabel: string;
}) => (
  <ResponsiveContainer width="100%" height={260}>
    <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 12 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} label={{ value: xLabel, position: 'insideBottom', offset: -8, style: AXIS_TITLE }} />
      <YAxis type="category" dataKey="label" width={136} tick={AXIS_TICK} interval={0} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12, paddingTop: 14 }} itemSorter={null} />
      <Bar dataKey="onTrack" stackId="a" name={names.onTrack} fill={SLA_STATE_COLORS.on_track} isAnimationActive={false} />
      <Bar dataKey="warning" stackId="a" name={names.warning} fill={SLA_STATE_COLORS.warning} isAnimationActive={false} />
      <Bar dataKey="breached" stackId="a" name={names.breached} fill={SLA_STATE_COLORS.breached} radius={[0, 4, 4, 0]} isAnimationActive={false} />
    </BarChart>
  </ResponsiveContainer>
);

export interface StageChartProps {
  data: ChartRow[];
  stageNames: Record<string, string>;
  /** Title of the value axis, with its unit ("Breach rate (%)"). */
  yLabel: string;
  /** A value as the tooltip shows it, with its unit ("25 %", "1.5 h"). */
  formatValue: (v: number) => string;
  /** A bucket as the axis shows it ("11-23"), and as the tooltip names it ("Week of 2026-11-23"). */
  formatTick: (bucket: string) => string;
  formatBucket: (bucket: string) => string;
  /** Upper bound of the value axis (100 for percentages), else automatic. */
  yMax?: number;
}

const valueAxis = ({ yLabel, formatValue, yMax }: StageChartProps) => (
  <YAxis
    tick={AXIS_TICK}
    width={64}
    domain={yMax != null ? [0, yMax] : [0, 'auto']}
    tickFormatter={(v: number) => formatValue(v)}
    label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 4, style: { ...AXIS_TITLE, textAnchor: 'middle' } }}
  />
);

const tooltip = ({ formatValue, formatBucket }: StageChartProps) => (
  <Tooltip
    labelFormatter={(label) => formatBucket(String(label))}
    formatter={(v) => (typeof v === 'number' ? formatValue(v) : '—')}
  />
);

/** Grouped bars: one bar per stage in each bucket (weeks), in the stage colours. */
export const StageBarsChart = (props: StageChartProps) => (
  <ResponsiveContainer width="100%" height={270}>
    <BarChart data={props.data} margin={{ top: 8, right: 16, left: 4, bottom: 0 }} barCategoryGap="18%" barGap={1}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="bucket" tick={AXIS_TICK} tickFormatter={props.formatTick} />
      {valueAxis(props)}
      {tooltip(props)}
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      {STAGES.map((s) => (
        <Bar key={s} dataKey={s} name={props.stageNames[s]} fill={STAGE_COLORS[s]} radius={[2, 2, 0, 0]} isAnimationActive={false} />
      ))}
    </BarChart>
  </ResponsiveContainer>
);

/** One smoothed line per stage (day buckets over a trailing window), in the stage colours. */
export const StageLinesChart = (props: StageChartProps) => (
  <ResponsiveContainer width="100%" height={270}>
    <LineChart data={props.data} margin={{ top: 8, right: 16, left: 4, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="bucket" tick={AXIS_TICK} tickFormatter={props.formatTick} minTickGap={24} />
      {valueAxis(props)}
      {tooltip(props)}
      <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
      {STAGES.map((s) => (
        <Line key={s} type="monotone" dataKey={s} name={props.stageNames[s]} stroke={STAGE_COLORS[s]} strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
      ))}
    </LineChart>
  </ResponsiveContainer>
);

export const LoadChart = ({
  data,
  names,
  xLabel,
}: {
  data: Array<{ name: string; open: number; overdue: number }>;
  names: { open: string; overdue: string };
  xLabel: string;
}) => (
  <ResponsiveContainer width="100%" height={Math.max(220, data.length * 34 + 80)}>
    <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 12 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} label={{ value: xLabel, position: 'insideBottom', offset: -8, style: AXIS_TITLE }} />
      <YAxis type="category" dataKey="name" width={110} tick={AXIS_TICK} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12, paddingTop: 14 }} itemSorter={null} />
      <Bar dataKey="open" name={names.open} fill={NEUTRAL_COLOR} stackId="l" isAnimationActive={false} />
      <Bar dataKey="overdue" name={names.overdue} fill={SLA_STATE_COLORS.breached} stackId="l" radius={[0, 4, 4, 0]} isAnimationActive={false} />
    </BarChart>
  </ResponsiveContainer>
);
