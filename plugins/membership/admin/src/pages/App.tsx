import { Route, Routes } from 'react-router-dom';
import { Page } from '@strapi/strapi/admin';
import { IMPORT_PERMISSIONS } from '../index';
import { ImportPage } from './ImportPage';

const App = () => (
  <Page.Protect permissions={IMPORT_PERMISSIONS}>
    <Routes>
      <Route index element={<ImportPage />} />
      <Route path=":id" element={<ImportPage />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
