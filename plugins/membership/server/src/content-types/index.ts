import federation from './federation';
import section from './section';
import member from './member';
import due from './due';

export default { federation, section, member, due };
