import { Field, TextInput } from '@strapi/design-system';
import * as React from 'react';

/** A text filter applied on Enter or when the field loses focus. */
export const SearchBox = ({ label, value, onSearch }: { label: string; value: string; onSearch: (value: string) => void }) => {
  const [text, setText] = React.useState(value);
  return (
    <Field.Root name="q" width="28rem">
      <Field.Label>{label}</Field.Label>
      <TextInput
        type="search"
        value={text}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)}
        onKeyDown={(e: React.KeyboardEvent<HTMLInputElement>) => e.key === 'Enter' && onSearch(text.trim())}
        onBlur={() => text.trim() !== value && onSearch(text.trim())}
      />
    </Field.Root>
  );
};
