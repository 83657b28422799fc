import calendar from '../listing/calendar';
import media from '../listing/media';
import pricing from '../listing/pricing';
import venues from '../listing/venues';

/** Services of the listing area (venues with amenities and hours, media, pricing, calendar). */
export default { venues, media, pricing, calendar };
