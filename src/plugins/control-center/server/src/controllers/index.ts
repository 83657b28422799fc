import featuredSlots from './featured-slots';
import insights from './insights';
import operations from './operations';
import vendorDocuments from './vendor-documents';

export default { ...operations, ...insights, ...featuredSlots, ...vendorDocuments };
