import * as React from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * Filters and page of a list, starting from the URL's query (dashboard figures link to filtered lists: `?status=`);
 * the value `all` in the URL means no filter. Changing a filter returns to page 1.
 */
export const useFilters = <F extends Record<string, string>>(defaults: F) => {
  const [params] = useSearchParams();
  const [filters, setAll] = React.useState<F>(() => {
    const initial = { ...defaults };
    for (const key of Object.keys(defaults) as Array<keyof F & string>) {
      const value = params.get(key);
      if (value !== null) initial[key] = (value === 'all' ? '' : value) as F[typeof key];
    }
    return initial;
  });
  const [page, setPage] = React.useState(1);
  const setFilter = (key: keyof F, value: string) => {
    setAll((previous) => ({ ...previous, [key]: value }));
    setPage(1);
  };
  return { filters, setFilter, page, setPage, key: JSON.stringify({ filters, page }) };
};
