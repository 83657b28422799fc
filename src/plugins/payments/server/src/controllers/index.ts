import payments from './payments';

export default { payments };
