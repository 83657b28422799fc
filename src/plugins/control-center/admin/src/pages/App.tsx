import * as React from 'react';
import { Layouts, Page, SubNav, useAuth } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Navigate, Route, Routes } from 'react-router-dom';
import { actionId } from '../../../server/src/permissions';
import { areaPermissions } from '../permissions';
import { t } from '../pluginId';
import { PAGES } from './registry';

/** The side navigation lists only the pages whose area action the signed-in admin holds. */
const useAllowedPages = () => {
  const permissions = useAuth('ControlCenter', (state) => state.permissions);
  const held = new Set(permissions.map((permission) => permission.action));
  return PAGES.filter((page) => held.has(actionId(page.area)));
};

const SideNav = () => {
  const { formatMessage } = useIntl();
  const pages = useAllowedPages();
  return (
    <SubNav.Main aria-label={formatMessage({ id: t('plugin.name'), defaultMessage: 'Control center' })}>
      <SubNav.Header label={formatMessage({ id: t('plugin.name'), defaultMessage: 'Control center' })} />
      <SubNav.Content>
        {pages.map((page) => (
          <SubNav.Link key={page.path} to={page.path} label={formatMessage(page.label)} />
        ))}
      </SubNav.Content>
    </SubNav.Main>
  );
};

const Landing = () => {
  const [first] = useAllowedPages();
  return first ? <Navigate to={first.path} replace /> : <Page.NoPermissions />;
};

/**
 * Every page route exists for everyone and is wrapped in Page.Protect: a direct URL to another area's page shows
 * Strapi's "no permission" page (the server refuses the data anyway).
 */
const App = () => (
  <Layouts.Root sideNav={<SideNav />}>
    <React.Suspense fallback={<Page.Loading />}>
      <Routes>
        <Route index element={<Landing />} />
        {PAGES.map(({ path, area, Component }) => (
          <Route
            key={path}
            path={`${path}/*`}
            element={
              <Page.Protect permissions={areaPermissions(area)}>
                <Component />
              </Page.Protect>
            }
          />
        ))}
        <Route path="*" element={<Page.Error />} />
      </Routes>
    </React.Suspense>
  </Layouts.Root>
);

export default App;
