-- Charges from real encounters (issue 17): what a visit recorded becomes claim lines.
-- claim_facility_setting: the facility's BHXH code (MA_CSKCB), level, department and bank account for VietQR.
CREATE TABLE claim_facility_setting (
  facility_id uuid PRIMARY KEY REFERENCES facility(id),
  ma_cskcb text NOT NULL CHECK (ma_cskcb ~ '^[0-9A-Z]{5}$'),
  level text NOT NULL CHECK (level IN ('commune', 'district', 'provincial', 'central')),
  department text NOT NULL,
  head_code text NOT NULL,
  bank_bin text CHECK (bank_bin ~ '^[0-9]{6}$'),
  bank_account text CHECK (bank_account ~ '^[0-9A-Za-z]{1,19}$'),
  tax_code text CHECK (tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'),
  invoice_symbol text CHECK (invoice_symbol ~ '^[CK][0-9]{2}[TDLMNBGH][A-Z]{2}$'),
  updated_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL
);

-- Catalogue mapping: a LOINC lab code → the DVKT test service; an encounter type → the DVKT examination.
CREATE TABLE claim_code_map (
  facility_id uuid NOT NULL REFERENCES facility(id),
  source_system text NOT NULL CHECK (source_system IN ('loinc', 'encounter')),
  source_code text NOT NULL,
  code text NOT NULL,
  PRIMARY KEY (facility_id, source_system, source_code)
);

-- Services, drugs and supplies ordered in an encounter. A correction voids a charge with a reason (never deletes).
CREATE TABLE encounter_charge (
  id uuid PRIMARY KEY,
  encounter_id uuid NOT NULL REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  kind text NOT NULL CHECK (kind IN ('DVKT', 'THUOC', 'VTYT')),
  code text NOT NULL,
  quantity numeric(12, 3) NOT NULL CHECK (quantity > 0),
  ordered_at timestamptz NOT NULL,
  done_at timestamptz,
  result_at timestamptz,
  dosage text,
  drug_route text,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  voided_at timestamptz,
  voided_by uuid REFERENCES app_user(id),
  void_reason text,
  CHECK ((voided_at IS NULL) = (void_reason IS NULL))
);
CREATE INDEX encounter_charge_enc_idx ON encounter_charge (encounter_id);

-- What the claim needs beyond the clinical record: diagnosis, the card check at reception, route, end of visit.
CREATE TABLE encounter_billing (
  encounter_id uuid PRIMARY KEY REFERENCES encounter(id),
  facility_id uuid NOT NULL REFERENCES facility(id),
  icd10_main text NOT NULL,
  diagnosis_text text NOT NULL,
  icd10_secondary text NOT NULL DEFAULT '',
  card_valid_from date NOT NULL,
  card_valid_to date NOT NULL,
  card_registered_at text NOT NULL,
  continuous_since date,
  route text NOT NULL CHECK (route IN ('on-route', 'emergency', 'off-route')),
  ended_at timestamptz NOT NULL,
  result integer NOT NULL CHECK (result BETWEEN 1 AND 8),
  updated_by uuid REFERENCES app_user(id),
  updated_at timestamptz NOT NULL
);

ALTER TABLE claim ADD COLUMN encounter_id uuid REFERENCES encounter(id);
CREATE INDEX claim_encounter_idx ON claim (encounter_id);
