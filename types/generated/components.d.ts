import type { Schema, Struct } from '@strapi/strapi';

export interface AvailabilityDateOverride extends Struct.ComponentSchema {
  collectionName: 'components_availability_date_overrides';
  info: {
    description: 'Special hours or a closed day on one venue-local date; replaces the weekly hours of that date';
    displayName: 'Date override';
    icon: 'calendar';
  };
  attributes: {
    closed: Schema.Attribute.Boolean & Schema.Attribute.DefaultTo<false>;
    closes: Schema.Attribute.String;
    date: Schema.Attribute.Date & Schema.Attribute.Required;
    note: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 255;
      }>;
    opens: Schema.Attribute.String;
  };
}

export interface AvailabilityWeeklyHours extends Struct.ComponentSchema {
  collectionName: 'components_availability_weekly_hours';
  info: {
    description: 'One opening range on a weekday, venue-local wall-clock time; closes <= opens means the range runs past midnight';
    displayName: 'Weekly hours';
    icon: 'clock';
  };
  attributes: {
    closes: Schema.Attribute.String & Schema.Attribute.Required;
    opens: Schema.Attribute.String & Schema.Attribute.Required;
    weekday: Schema.Attribute.Enumeration<['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']> & Schema.Attribute.Required;
  };
}

export interface VenueLocation extends Struct.ComponentSchema {
  collectionName: 'components_venue_locations';
  info: {
    description: 'Street address and coordinates of a venue';
    displayName: 'Location';
    icon: 'pinMap';
  };
  attributes: {
    address: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 255;
      }>;
    city: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 120;
      }>;
    country: Schema.Attribute.String &
      Schema.Attribute.Required &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 2;
        minLength: 2;
      }>;
    lat: Schema.Attribute.Float &
      Schema.Attribute.SetMinMax<
        {
          max: 90;
          min: -90;
        },
        number
      >;
    lng: Schema.Attribute.Float &
      Schema.Attribute.SetMinMax<
        {
          max: 180;
          min: -180;
        },
        number
      >;
    postal_code: Schema.Attribute.String &
      Schema.Attribute.SetMinMaxLength<{
        maxLength: 20;
      }>;
  };
}

declare module '@strapi/strapi' {
  export namespace Public {
    export interface ComponentSchemas {
      'availability.date-override': AvailabilityDateOverride;
      'availability.weekly-hours': AvailabilityWeeklyHours;
      'venue.location': VenueLocation;
    }
  }
}
