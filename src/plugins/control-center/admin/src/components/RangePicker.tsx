import { Field, Flex, TextInput } from '@strapi/design-system';
import type * as React from 'react';
import type { Interval } from '../api';
import { useMessages } from './i18n';
import { FilterSelect } from './Select';

export interface Range {
  from: string;
  to: string;
  interval: Interval;
}

/** From/to calendar days and the series step. */
export const RangePicker = ({ value, onChange }: { value: Range; onChange: (next: Range) => void }) => {
  const { m } = useMessages();
  return (
    <Flex gap={4} alignItems="flex-end" wrap="wrap">
      <Field.Root name="from" width="18rem">
        <Field.Label>{m('range.from', 'From')}</Field.Label>
        <TextInput
          type="date"
          value={value.from}
          max={value.to}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => e.target.value && onChange({ ...value, from: e.target.value })}
        />
      </Field.Root>
      <Field.Root name="to" width="18rem">
        <Field.Label>{m('range.to', 'To')}</Field.Label>
        <TextInput
          type="date"
          value={value.to}
          min={value.from}
          onChange={(e: React.ChangeEvent<HTMLInputElement>) => e.target.value && onChange({ ...value, to: e.target.value })}
        />
      </Field.Root>
      <FilterSelect
        name="interval"
        label={m('range.interval', 'Step')}
        value={value.interval}
        options={[
          { value: 'day', label: m('range.day', 'Day') },
          { value: 'week', label: m('range.week', 'Week') },
          { value: 'month', label: m('range.month', 'Month') },
        ]}
        onChange={(interval) => onChange({ ...value, interval: (interval || 'day') as Interval })}
      />
    </Flex>
  );
};
