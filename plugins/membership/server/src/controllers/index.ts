import due from './due';
import federation from './federation';
import importController, { importScreen } from './import';
import me from './me';
import member from './member';
import memberAdmin from './member-admin';
import section from './section';

export default { due, federation, import: importController, 'import-screen': importScreen, me, member, 'member-admin': memberAdmin, section };
