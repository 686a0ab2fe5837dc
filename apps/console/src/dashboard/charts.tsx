import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { STAGES, type Stage } from '@sentinel/contracts';

export const STAGE_COLORS: Record<Stage, string> = {
  freeze: '#6a1b9a',
  police_report: '#1565c0',
  merchant_contact: '#00838f',
  evidence: '#2e7d32',
  review: '#ef6c00',
};

export const StackedOpenByStageChart = ({
  data,
  names,
}: {
  data: Array<{ label: string; onTrack: number; warning: number; breached: number }>;
  names: { onTrack: string; warning: string; breached: string };
}) => (
  <ResponsiveContainer width="100%" height={260}>
    <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
      <YAxis type="category" dataKey="label" width={118} tick={{ fontSize: 12 }} interval={0} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar dataKey="onTrack" stackId="a" name={names.onTrack} fill="#4f78b3" isAnimationActive={false} />
      <Bar dataKey="warning" stackId="a" name={names.warning} fill="#e07800" isAnimationActive={false} />
      <Bar dataKey="breached" stackId="a" name={names.breached} fill="#c62828" radius={[0, 4, 4, 0]} isAnimationActive={false} />
    </BarChart>
  </ResponsiveContainer>
);

/** One line per stage over the buckets of GET /api/sla/summary `series`. */
export const StageLinesChart = ({
  data,
  stageNames,
  unit,
  yLabel,
}: {
  data: Array<Record<string, number | string | null>>;
  stageNames: Record<string, string>;
  unit?: string;
  yLabel: string;
}) => (
  <ResponsiveContainer width="100%" height={260}>
    <LineChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="bucket" tick={{ fontSize: 12 }} />
      <YAxis tick={{ fontSize: 12 }} unit={unit} label={{ value: yLabel, angle: -90, position: 'insideLeft', style: { fontSize: 11, fill: '#5b6475' } }} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      {STAGES.map((s) => (
        <Line key={s} type="linear" dataKey={s} name={stageNames[s]} stroke={STAGE_COLORS[s]} strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
      ))}
    </LineChart>
  </ResponsiveContainer>
);

export const LoadChart = ({ data, names }: { data: Array<{ name: string; open: number; overdue: number }>; names: { open: string; overdue: string } }) => (
  <ResponsiveContainer width="100%" height={Math.max(200, data.length * 34 + 60)}>
    <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, left: 8, bottom: 0 }}>
      <CartesianGrid strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
      <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
      <Tooltip />
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Bar dataKey="open" name={names.open} fill="#4f78b3" stackId="l" isAnimationActive={false} />
      <Bar dataKey="overdue" name={names.overdue} fill="#c62828" stackId="l" radius={[0, 4, 4, 0]} isAnimationActive={false} />
    </BarChart>
  </ResponsiveContainer>
);
