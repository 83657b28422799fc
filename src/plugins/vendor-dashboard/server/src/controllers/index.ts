import listing from './listing';
import operations from './operations';
import workspace from '../workspace/controller';

export default { ...listing, ...operations, workspace };
