import analytics from './insights/analytics';
import analyticsRollups from './insights/rollups';
import systemHealth from './insights/health';

/** Services of the insights area: reports over daily rollups, the rollup job, system health. */
export default { analytics, analyticsRollups, systemHealth };
