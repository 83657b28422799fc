/** The demo marketplace: small, but spread over time zones so the booking rules have something to chew on. */
export const DEMO_PASSWORD = 'Tofimotia-demo-2026';
export const DEMO_ADMIN = { email: 'admin@tofimotia.local', password: 'Tofimotia-admin-2026' };

export const AMENITIES = [
  { name: 'Wi-Fi', slug: 'wifi', icon: 'wifi' },
  { name: 'Projector', slug: 'projector', icon: 'projector' },
  { name: 'Sound system', slug: 'sound-system', icon: 'speaker' },
  { name: 'Kitchen', slug: 'kitchen', icon: 'kitchen' },
  { name: 'Parking', slug: 'parking', icon: 'car' },
  { name: 'Step-free access', slug: 'step-free-access', icon: 'accessible' },
  { name: 'Air conditioning', slug: 'air-conditioning', icon: 'snowflake' },
  { name: 'Stage', slug: 'stage', icon: 'stage' },
];

type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const every = (days: Weekday[], opens: string, closes: string) => days.map((weekday) => ({ weekday, opens, closes }));

export interface DemoVenue {
  name: string;
  slug: string;
  description: string;
  location: { address: string; city: string; country: string; postal_code: string; lat: number; lng: number };
  timezone: string;
  capacity: number;
  price_per_hour: number;
  currency: string;
  amenities: string[];
  weekly_hours: { weekday: Weekday; opens: string; closes: string }[];
  image: 'hall.png' | 'rooftop.png';
  booking_mode: 'instant' | 'request';
  min_hours: number;
  max_hours: number;
  buffer_minutes: number;
  notice_hours: number;
  cancellation_policy: 'flexible' | 'moderate' | 'strict';
  featured: boolean;
}

export interface DemoVendor {
  username: string;
  email: string;
  business_name: string;
  description: string;
  venues: DemoVenue[];
}

export const VENDORS: DemoVendor[] = [
  {
    username: 'spree-halls',
    email: 'vendor.berlin@tofimotia.local',
    business_name: 'Spree Halls GmbH',
    description: 'Event spaces along the Spree since 2009.',
    venues: [
      {
        name: 'Spree Loft',
        slug: 'spree-loft',
        description: 'A bright loft with river views for workshops and launches.',
        location: {
          address: 'Holzmarktstraße 25',
          city: 'Berlin',
          country: 'DE',
          postal_code: '10243',
          lat: 52.5113,
          lng: 13.4244,
        },
        timezone: 'Europe/Berlin',
        capacity: 80,
        price_per_hour: 12000,
        currency: 'EUR',
        amenities: ['wifi', 'projector', 'sound-system', 'step-free-access'],
        weekly_hours: [...every(WEEKDAYS, '08:00', '22:00'), ...every(['sat'], '10:00', '23:00')],
        image: 'hall.png',
        booking_mode: 'instant',
        min_hours: 2,
        max_hours: 12,
        buffer_minutes: 30,
        notice_hours: 24,
        cancellation_policy: 'moderate',
        featured: true,
      },
      {
        name: 'Kreuzberg Night Studio',
        slug: 'kreuzberg-night-studio',
        description: 'A recording and rehearsal studio open through the night.',
        location: {
          address: 'Oranienstraße 190',
          city: 'Berlin',
          country: 'DE',
          postal_code: '10999',
          lat: 52.5009,
          lng: 13.4189,
        },
        timezone: 'Europe/Berlin',
        capacity: 12,
        price_per_hour: 4500,
        currency: 'EUR',
        amenities: ['wifi', 'sound-system'],
        weekly_hours: every(['thu', 'fri', 'sat'], '18:00', '04:00'),
        image: 'hall.png',
        booking_mode: 'request',
        min_hours: 3,
        max_hours: 10,
        buffer_minutes: 0,
        notice_hours: 12,
        cancellation_policy: 'flexible',
        featured: false,
      },
    ],
  },
  {
    username: 'hudson-rooftops',
    email: 'vendor.newyork@tofimotia.local',
    business_name: 'Hudson Rooftops LLC',
    description: 'Rooftops and lofts in Manhattan and Brooklyn.',
    venues: [
      {
        name: 'Chelsea Rooftop',
        slug: 'chelsea-rooftop',
        description: 'An open-air rooftop with skyline views for receptions.',
        location: {
          address: '245 W 17th St',
          city: 'New York',
          country: 'US',
          postal_code: '10011',
          lat: 40.7411,
          lng: -73.9991,
        },
        timezone: 'America/New_York',
        capacity: 150,
        price_per_hour: 35000,
        currency: 'USD',
        amenities: ['wifi', 'sound-system', 'kitchen', 'stage'],
        weekly_hours: [...every(['wed', 'thu', 'fri', 'sat', 'sun'], '12:00', '23:30')],
        image: 'rooftop.png',
        booking_mode: 'request',
        min_hours: 3,
        max_hours: 8,
        buffer_minutes: 60,
        notice_hours: 48,
        cancellation_policy: 'strict',
        featured: true,
      },
      {
        name: 'Brooklyn Workshop Loft',
        slug: 'brooklyn-workshop-loft',
        description: 'A flexible loft for classes, shoots and meetups.',
        location: { address: '55 Water St', city: 'New York', country: 'US', postal_code: '11201', lat: 40.7033, lng: -73.9903 },
        timezone: 'America/New_York',
        capacity: 40,
        price_per_hour: 9000,
        currency: 'USD',
        amenities: ['wifi', 'projector', 'air-conditioning', 'parking'],
        weekly_hours: every(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '07:00', '21:00'),
        image: 'hall.png',
        booking_mode: 'instant',
        min_hours: 1,
        max_hours: 10,
        buffer_minutes: 15,
        notice_hours: 2,
        cancellation_policy: 'flexible',
        featured: false,
      },
    ],
  },
  {
    username: 'bandra-spaces',
    email: 'vendor.mumbai@tofimotia.local',
    business_name: 'Bandra Spaces Pvt Ltd',
    description: 'Terraces and halls in Mumbai for celebrations and offsites.',
    venues: [
      {
        name: 'Bandra Terrace',
        slug: 'bandra-terrace',
        description: 'A sea-facing terrace for evening events.',
        location: {
          address: 'Bandstand Promenade 12',
          city: 'Mumbai',
          country: 'IN',
          postal_code: '400050',
          lat: 19.0448,
          lng: 72.8196,
        },
        timezone: 'Asia/Kolkata',
        capacity: 120,
        price_per_hour: 800000,
        currency: 'INR',
        amenities: ['sound-system', 'kitchen', 'stage', 'parking'],
        weekly_hours: every(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '16:30', '23:30'),
        image: 'rooftop.png',
        booking_mode: 'instant',
        min_hours: 2,
        max_hours: 7,
        buffer_minutes: 30,
        notice_hours: 24,
        cancellation_policy: 'moderate',
        featured: false,
      },
    ],
  },
];

export const CUSTOMER = { username: 'demo-customer', email: 'customer@tofimotia.local', first_name: 'Dana', last_name: 'Demo' };

/** Past bookings (days before today, venue-local start hour) that become completed bookings with reviews. */
export const PAST_BOOKINGS = [
  {
    venue: 'spree-loft',
    days_ago: 20,
    start_hour: 10,
    hours: 3,
    guests: 30,
    rating: 5,
    comment: 'Great light and helpful staff.',
  },
  {
    venue: 'brooklyn-workshop-loft',
    days_ago: 12,
    start_hour: 9,
    hours: 4,
    guests: 18,
    rating: 4,
    comment: 'Good space, parking was tight.',
  },
  { venue: 'bandra-terrace', days_ago: 30, start_hour: 18, hours: 3, guests: 60, rating: 5, comment: 'Perfect sunset party.' },
];

/** Upcoming confirmed bookings so calendars and availability show busy time. */
export const UPCOMING_BOOKINGS = [
  { venue: 'spree-loft', days_ahead: 9, start_hour: 14, hours: 4, guests: 40 },
  { venue: 'brooklyn-workshop-loft', days_ahead: 5, start_hour: 10, hours: 2, guests: 12 },
];

/** A second customer: writes the review a moderator hid and reports one of Dana's. */
export const GUEST = { username: 'demo-guest', email: 'guest@tofimotia.local', first_name: 'Gabriel', last_name: 'Guest' };

/** The guest's past booking; its review is hidden by moderation (the demo moderation log has an entry). */
export const GUEST_PAST_BOOKING = {
  venue: 'chelsea-rooftop',
  days_ago: 6,
  start_hour: 18,
  hours: 3,
  guests: 40,
  rating: 1,
  comment: 'Terrible!!! Call my agency on 555-0100 for a real rooftop, cheaper and better.',
  hidden_reason: 'Advertising and contact details are not allowed in reviews',
};

/** The guest reports Dana's review of this venue (an open report in the moderation queue). */
export const DEMO_REPORT = {
  venue: 'brooklyn-workshop-loft',
  reason: 'Looks like it was written by a competitor',
  details: null,
};

/** Spree Halls answers Dana's review of the Spree Loft. */
export const DEMO_REPLY = { venue: 'spree-loft', response: 'Thank you, Dana! We are glad the light worked for your workshop.' };

/** Two support tickets in different states: one answered by support, one resolved. */
export const DEMO_TICKETS = [
  {
    owner: 'customer' as const,
    type: 'payment' as const,
    subject: 'Company name on my invoice',
    body: 'Hello, could the invoice of my Brooklyn booking show my company name, Demo Ltd?',
    staff_reply: 'Hi Dana, invoices show the name on your profile: change it there and we will re-issue the invoice.',
    status: null,
    priority: 'normal' as const,
  },
  {
    owner: 'vendor.berlin@tofimotia.local',
    type: 'technical' as const,
    subject: 'Importing our Google Calendar',
    body: 'Which URL do we paste to import our Google Calendar into the Spree Loft calendar?',
    staff_reply: 'Use the secret iCal address from the Google Calendar settings; it syncs every 15 minutes.',
    status: 'resolved' as const,
    priority: 'low' as const,
  },
];
