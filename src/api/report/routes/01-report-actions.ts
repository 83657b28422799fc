import { jsonBody } from '../../../infra/openapi-shapes';
import { createReportBody, reportResponse } from '../../review/contracts';

/**
 * POST /reports (contract: Support tickets → reports): signed-in customers and vendors flag a review, a venue or a
 * message. Moderators resolve or dismiss reports through the moderation service (src/api/review/services/moderation.ts).
 */
export default {
  routes: [
    {
      method: 'POST',
      path: '/reports',
      handler: 'report-actions.create',
      request: { body: jsonBody(createReportBody) },
      response: reportResponse,
    },
  ],
};
