import { Badge } from '@strapi/design-system';

const TONE: Record<string, { text: string; background: string }> = {
  good: { text: 'success700', background: 'success100' },
  warn: { text: 'warning700', background: 'warning100' },
  bad: { text: 'danger700', background: 'danger100' },
  neutral: { text: 'neutral700', background: 'neutral150' },
};
const STATUS_TONE: Record<string, keyof typeof TONE> = {
  approved: 'good',
  published: 'good',
  active: 'good',
  resolved: 'good',
  ok: 'good',
  up: 'good',
  pending: 'warn',
  pending_approval: 'warn',
  pending_staff: 'warn',
  open: 'warn',
  degraded: 'warn',
  high: 'warn',
  rejected: 'bad',
  suspended: 'bad',
  blocked: 'bad',
  hidden: 'bad',
  urgent: 'bad',
  down: 'bad',
  failed: 'bad',
};

/** A status value as a coloured badge (the raw value: statuses are identifiers shared with the API). */
export const StatusBadge = ({ status }: { status: string }) => {
  const tone = TONE[STATUS_TONE[status] ?? 'neutral'];
  return (
    <Badge textColor={tone.text} backgroundColor={tone.background}>
      {status.replace(/_/g, ' ')}
    </Badge>
  );
};
