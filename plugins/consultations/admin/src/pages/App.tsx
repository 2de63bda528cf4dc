import { Route, Routes } from 'react-router-dom';
import { Page } from '@strapi/strapi/admin';
import { WORKBENCH_PERMISSIONS } from '../index';
import { ConsultationList } from './ConsultationList';
import { Results } from './Results';
import { Workbench } from './Workbench';

const App = () => (
  <Page.Protect permissions={WORKBENCH_PERMISSIONS}>
    <Routes>
      <Route index element={<ConsultationList />} />
      <Route path=":id" element={<Workbench />} />
      <Route path=":id/results" element={<Results />} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
