import { Button, Flex, Typography } from '@strapi/design-system';
import type { Pagination } from '../api';
import { useMessages } from './i18n';

/** Previous/next paging under a table, with the page position and the total count. */
export const Pager = ({ pagination, onPage }: { pagination: Pagination; onPage: (page: number) => void }) => {
  const { m } = useMessages();
  const { page, pageCount, total } = pagination;
  return (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography variant="pi" textColor="neutral600">
        {m('pager.summary', 'Page {page} of {pages} · {total} in total', { page, pages: Math.max(pageCount, 1), total })}
      </Typography>
      <Flex gap={2}>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {m('pager.previous', 'Previous')}
        </Button>
        <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
          {m('pager.next', 'Next')}
        </Button>
      </Flex>
    </Flex>
  );
};
