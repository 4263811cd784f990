-- Cashier (issue 17): shifts (cash drawer close-out), payments and refunds with receipts; monthly reports
-- with a drafted narrative that a person accepts or edits.
CREATE TABLE cashier_shift (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  cashier_id uuid NOT NULL REFERENCES app_user(id),
  opened_at timestamptz NOT NULL,
  opening_float numeric(15, 2) NOT NULL CHECK (opening_float >= 0),
  closed_at timestamptz,
  counted_cash numeric(15, 2),
  expected_cash numeric(15, 2),
  difference numeric(15, 2),
  close_note text
);
-- One open shift per cashier and facility.
CREATE UNIQUE INDEX cashier_shift_open_uq ON cashier_shift (facility_id, cashier_id) WHERE closed_at IS NULL;

CREATE TABLE cashier_payment (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  encounter_id uuid NOT NULL REFERENCES encounter(id),
  patient_id uuid NOT NULL REFERENCES patient(id),
  shift_id uuid NOT NULL REFERENCES cashier_shift(id),
  receipt_no integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('payment', 'refund')),
  method text NOT NULL CHECK (method IN ('cash', 'card', 'vietqr')),
  amount numeric(15, 2) NOT NULL CHECK (amount > 0),
  reason text,
  refund_of uuid REFERENCES cashier_payment(id),
  created_by uuid NOT NULL REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  UNIQUE (facility_id, receipt_no),
  CHECK (kind = 'payment' OR reason IS NOT NULL)
);
CREATE INDEX cashier_payment_enc_idx ON cashier_payment (encounter_id);
CREATE INDEX cashier_payment_shift_idx ON cashier_payment (shift_id);

CREATE TABLE facility_report (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  month text NOT NULL CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
  figures jsonb NOT NULL,
  draft text NOT NULL,
  draft_provenance text NOT NULL,
  final_text text,
  status text NOT NULL CHECK (status IN ('draft', 'approved')),
  edited boolean NOT NULL DEFAULT false,
  created_by uuid REFERENCES app_user(id),
  created_at timestamptz NOT NULL,
  decided_by uuid REFERENCES app_user(id),
  decided_at timestamptz,
  UNIQUE (facility_id, month)
);
