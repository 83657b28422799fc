import listing from './listing';
import operations from './operations';
import workspace from '../workspace/overview';

export default { ...listing, ...operations, workspace };
