import { useParams } from 'react-router-dom';
import { useApi } from '@portal/hooks';
import { ApiView, Page } from '@portal/ui';
import { paths, ProfileFields, type ProfileView } from './shared';

/** A member's profile as I may see it (404 in French when it is not shown to me). */
export default function ProfilePage() {
  const { id = '' } = useParams();
  const profile = useApi<ProfileView>(`/skills/profiles/${encodeURIComponent(id)}`);
  return (
    <Page title={profile.data?.name ?? 'Fiche compétences'} back={{ to: paths.directory, label: 'Annuaire des compétences' }}>
      <ApiView state={profile} lines={4}>
        {(p) => <ProfileFields profile={p} />}
      </ApiView>
    </Page>
  );
}
