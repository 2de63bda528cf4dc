import due from './due';
import federation from './federation';
import me from './me';
import member from './member';
import section from './section';

export default { due, federation, me, member, section };
