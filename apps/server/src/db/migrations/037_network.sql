-- The network registry and dashboard (issue 18 items 1 and 4). One row per facility that belongs to
-- the network: its level, its province (code of the 2025 list, see packages/sync/src/network), its
-- catchment population by the age bands the coverage indicators use, and who supervises it.
CREATE TABLE network_facility (
  facility_id uuid PRIMARY KEY REFERENCES facility(id),
  level text NOT NULL CHECK (level IN ('commune_station', 'regional_centre', 'provincial_hospital', 'central_hospital')),
  province_code text NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
  commune_code text,
  supervised_by uuid REFERENCES facility(id),
  population integer NOT NULL DEFAULT 0 CHECK (population >= 0),
  pop_adult40 integer NOT NULL DEFAULT 0 CHECK (pop_adult40 >= 0 AND pop_adult40 <= population),
  pop_under5 integer NOT NULL DEFAULT 0 CHECK (pop_under5 >= 0 AND pop_under5 <= population),
  lat double precision CHECK (lat BETWEEN -90 AND 90),
  lon double precision CHECK (lon BETWEEN -180 AND 180)
);
CREATE INDEX network_facility_province_idx ON network_facility(province_code);

-- What a station tells the province when it pulls: how many changes wait in its outbox.
ALTER TABLE sync_station ADD COLUMN queue_depth integer;
ALTER TABLE sync_station ADD COLUMN last_pull_at timestamptz;

-- The dashboard counts per facility over a period.
CREATE INDEX encounter_facility_started_idx ON encounter(facility_id, started_at);
CREATE INDEX suggestion_facility_created_idx ON suggestion(facility_id, created_at);
CREATE INDEX alert_facility_created_idx ON alert(facility_id, created_at);
CREATE INDEX referral_facility_created_idx ON referral(facility_id, created_at);
CREATE INDEX observation_facility_code_idx ON observation(facility_id, code, effective_at);
