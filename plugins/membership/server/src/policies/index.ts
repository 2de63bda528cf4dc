import authorize from './authorize';

export default { authorize };
