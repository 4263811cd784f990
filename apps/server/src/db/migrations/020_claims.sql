-- BHYT claims (issue 17): the facility's priced catalogue and the claim work list.
-- A catalogue import replaces the facility's catalogue in one transaction (nothing half-imported).
CREATE TABLE claim_catalogue_item (
  facility_id uuid NOT NULL REFERENCES facility(id),
  kind text NOT NULL CHECK (kind IN ('DVKT', 'THUOC', 'VTYT')),
  code text NOT NULL,
  name text NOT NULL,
  unit text NOT NULL,
  group_code integer NOT NULL,
  price_bh numeric(15, 3) NOT NULL,
  price_bv numeric(15, 3) NOT NULL,
  rate_bh integer NOT NULL,
  scope integer NOT NULL,
  valid_from text NOT NULL,
  valid_to text,
  imported_by uuid REFERENCES app_user(id),
  imported_at timestamptz NOT NULL,
  PRIMARY KEY (facility_id, code, valid_from)
);

-- One row per visit claim (MA_LK unique in the facility). state: ready | blocked | exported | accepted | rejected.
CREATE TABLE claim (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  ma_lk text NOT NULL,
  state text NOT NULL CHECK (state IN ('ready', 'blocked', 'exported', 'accepted', 'rejected')),
  patient_name text NOT NULL,
  visit_date text NOT NULL,
  total_bv numeric(15, 2) NOT NULL,
  fund_share numeric(15, 2) NOT NULL,
  tables jsonb NOT NULL,
  errors jsonb NOT NULL,
  answer_reason text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (facility_id, ma_lk)
);
CREATE INDEX claim_state_idx ON claim (facility_id, state, visit_date);
