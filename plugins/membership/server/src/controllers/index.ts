import due from './due';
import federation from './federation';
import importController from './import';
import me from './me';
import member from './member';
import section from './section';

export default { due, federation, import: importController, me, member, section };
