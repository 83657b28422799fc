import featuredSlots from './featured-slots';
import insights from './insights';
import operations from './operations';

export default { ...operations, ...insights, 'featured-slots': featuredSlots };
