import due from './due';
import federation from './federation';
import me from './me';
import member from './member';
import memberAdmin from './member-admin';
import section from './section';

export default { due, federation, me, member, 'member-admin': memberAdmin, section };
