-- Drone transport of samples and medicines between stations and hospitals: pads at facilities,
-- the fleet, no-fly zones (GeoJSON polygons an admin manages), flights with their plan, approval,
-- chain of custody and telemetry, and drone alerts. The planning rules are pure
-- (packages/logistics); the module apps/server/src/modules/logistics wires them.

CREATE TABLE drone_pad (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  name text NOT NULL,
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  UNIQUE (facility_id, name)
);

CREATE TABLE drone (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9._-]{1,64}$'), -- the drone's own id, as in its MQTT topic
  facility_id uuid NOT NULL REFERENCES facility(id),          -- home base
  model text NOT NULL,
  max_payload_kg double precision NOT NULL CHECK (max_payload_kg > 0),
  empty_mass_kg double precision NOT NULL CHECK (empty_mass_kg > 0),
  battery_wh double precision NOT NULL CHECK (battery_wh > 0),
  cruise_power_w double precision NOT NULL CHECK (cruise_power_w > 0),
  cruise_speed_mps double precision NOT NULL CHECK (cruise_speed_mps > 0),
  range_km double precision NOT NULL CHECK (range_km > 0),
  max_wind_mps double precision NOT NULL CHECK (max_wind_mps >= 0),
  max_rain_mm_h double precision NOT NULL CHECK (max_rain_mm_h >= 0),
  battery_pct double precision NOT NULL DEFAULT 100 CHECK (battery_pct BETWEEN 0 AND 100),
  status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'in_flight', 'maintenance')),
  created_at timestamptz NOT NULL
);

-- Airspace is not a facility's: any facility admin manages zones; every change is audited.
CREATE TABLE no_fly_zone (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('defence', 'government', 'airport', 'hospital', 'event', 'other')),
  coordinates jsonb NOT NULL,                 -- GeoJSON Polygon coordinates
  buffer_m double precision CHECK (buffer_m IS NULL OR (buffer_m >= 0 AND buffer_m <= 50000)),
  active boolean NOT NULL DEFAULT true,
  note text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE drone_flight (
  id uuid PRIMARY KEY,
  from_facility_id uuid NOT NULL REFERENCES facility(id),
  to_facility_id uuid NOT NULL REFERENCES facility(id),
  from_pad_id uuid NOT NULL REFERENCES drone_pad(id),
  to_pad_id uuid NOT NULL REFERENCES drone_pad(id),
  patient_id uuid REFERENCES patient(id),
  referral_id uuid REFERENCES referral_transfer(id),
  order_ref text,
  cargo text NOT NULL CHECK (cargo IN ('sample', 'medicine', 'blood_product', 'vaccine', 'other')),
  priority text NOT NULL CHECK (priority IN ('routine', 'urgent', 'emergency')),
  contents text NOT NULL,
  weight_kg double precision NOT NULL CHECK (weight_kg > 0 AND weight_kg <= 1000),
  temp_min_c double precision,
  temp_max_c double precision,
  box_code text NOT NULL UNIQUE,
  state text NOT NULL CHECK (state IN ('requested', 'approved', 'in_flight', 'landed', 'delivered', 'cancelled')),
  drone_id text REFERENCES drone(id),
  plan jsonb,                                 -- the last plan: checks, route, ETA, road ETA, inputs
  plan_ok boolean,
  planned_at timestamptz,
  planned_by uuid REFERENCES app_user(id),
  approved_by uuid REFERENCES app_user(id),
  approved_at timestamptz,
  launched_at timestamptz,
  landed_at timestamptz,
  delivered_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text,
  custody_break boolean NOT NULL DEFAULT false,
  requested_by uuid REFERENCES app_user(id),
  requested_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  last_at timestamptz,
  last_lat double precision,
  last_lon double precision,
  last_alt_m double precision,
  last_speed_mps double precision,
  last_battery_pct double precision,
  last_temp_c double precision,
  CHECK (temp_min_c IS NULL OR temp_max_c IS NULL OR temp_min_c <= temp_max_c),
  CHECK (from_facility_id <> to_facility_id)
);
CREATE INDEX drone_flight_from_idx ON drone_flight(from_facility_id, requested_at);
CREATE INDEX drone_flight_to_idx ON drone_flight(to_facility_id, requested_at);
-- One flight in the air per drone.
CREATE UNIQUE INDEX drone_flight_active_drone_uq ON drone_flight(drone_id) WHERE state = 'in_flight';

-- Hand-overs: scanned and signed; sig = sha256(previous sig || canonical event), a tamper-evident chain.
CREATE TABLE drone_custody_event (
  id uuid PRIMARY KEY,
  flight_id uuid NOT NULL REFERENCES drone_flight(id),
  step text NOT NULL CHECK (step IN ('packed', 'loaded', 'launched', 'landed', 'received')),
  scanned_code text NOT NULL,
  signed_by uuid NOT NULL REFERENCES app_user(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  at timestamptz NOT NULL,
  temp_c double precision,
  breaks text[] NOT NULL,
  note text,
  sig text NOT NULL,
  UNIQUE (flight_id, step)
);

CREATE TABLE drone_track (
  flight_id uuid NOT NULL REFERENCES drone_flight(id),
  at timestamptz NOT NULL,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  alt_m double precision NOT NULL,
  speed_mps double precision NOT NULL,
  battery_pct double precision NOT NULL,
  temp_c double precision,
  PRIMARY KEY (flight_id, at)
);

CREATE TABLE drone_alert (
  id uuid PRIMARY KEY,
  flight_id uuid NOT NULL REFERENCES drone_flight(id),
  drone_id text NOT NULL REFERENCES drone(id),
  kind text NOT NULL CHECK (kind IN ('corridor', 'geofence', 'battery', 'temperature', 'altitude', 'custody')),
  message text NOT NULL,
  message_vi text NOT NULL,
  detail jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'acknowledged')),
  created_at timestamptz NOT NULL,
  acknowledged_by uuid REFERENCES app_user(id),
  acknowledged_at timestamptz
);
-- One open alert per flight and kind (no alert storm at 5 Hz).
CREATE UNIQUE INDEX drone_alert_open_uq ON drone_alert(flight_id, kind) WHERE status = 'open';
