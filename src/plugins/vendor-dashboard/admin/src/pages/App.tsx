import * as React from 'react';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Navigate, Route, Routes } from 'react-router-dom';
import { WORKSPACE_PERMISSIONS } from '../permissions';
import { t } from '../pluginId';
import BookingsPage from './BookingsPage';
import OverviewPage from './OverviewPage';
import { VenuePage, VenuesPage } from './VenuesPage';

const NAV = [
  { to: 'overview', id: 'nav.overview', label: 'Overview' },
  { to: 'bookings', id: 'nav.bookings', label: 'Booking requests' },
  { to: 'venues', id: 'nav.venues', label: 'Venues' },
];

const SideNav = () => {
  const { formatMessage } = useIntl();
  const name = formatMessage({ id: t('plugin.name'), defaultMessage: 'Vendor workspace' });
  return (
    <SubNav.Main aria-label={name}>
      <SubNav.Header label={name} />
      <SubNav.Content>
        {NAV.map((item) => (
          <SubNav.Link key={item.to} to={item.to} label={formatMessage({ id: t(item.id), defaultMessage: item.label })} />
        ))}
      </SubNav.Content>
    </SubNav.Main>
  );
};

/** The workspace app: every page behind Page.Protect with the workspace action (the server checks it too). */
const App = () => (
  <Layouts.Root sideNav={<SideNav />}>
    <Page.Protect permissions={WORKSPACE_PERMISSIONS}>
      <React.Suspense fallback={<Page.Loading />}>
        <Routes>
          <Route index element={<Navigate to="overview" replace />} />
          <Route path="overview" element={<OverviewPage />} />
          <Route path="bookings" element={<BookingsPage />} />
          <Route path="venues" element={<VenuesPage />} />
          <Route path="venues/:id" element={<VenuePage />} />
          <Route path="*" element={<Page.Error />} />
        </Routes>
      </React.Suspense>
    </Page.Protect>
  </Layouts.Root>
);

export default App;
