import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

export const ALL = 'all';

/** A filter select whose first option means "no filter" (value ''). */
export const FilterSelect = ({
  label,
  name,
  value,
  options,
  allLabel,
  onChange,
}: {
  label: string;
  name: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  allLabel?: string;
  onChange: (value: string) => void;
}) => (
  <Field.Root name={name} width="20rem">
    <Field.Label>{label}</Field.Label>
    <SingleSelect
      value={value || ALL}
      onChange={(next: string | number) => onChange(String(next) === ALL ? '' : String(next))}
      aria-label={label}
    >
      {allLabel !== undefined && <SingleSelectOption value={ALL}>{allLabel}</SingleSelectOption>}
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Field.Root>
);
