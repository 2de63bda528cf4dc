import federation from './federation';
import section from './section';
import member from './member';
import due from './due';
import importJob from './import-job';
import importRow from './import-row';
import dataExport from './data-export';

export default { federation, section, member, due, 'import-job': importJob, 'import-row': importRow, 'data-export': dataExport };
