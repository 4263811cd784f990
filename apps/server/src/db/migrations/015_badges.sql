-- Open Badges 3.0 credentials (issue 12, item 5). A facility signs with one current Ed25519 key
-- (valid_until NULL); a rotated key keeps its row, its validity period and its revocation list, so
-- badges it signed still verify and can still be revoked. The secret key is stored encrypted
-- (AES-256-GCM under a key-encryption key kept outside the database: see docs/badges.md).

CREATE TABLE badge_issuer_key (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  did text NOT NULL UNIQUE,
  public_key_multibase text NOT NULL,
  secret_key_enc text NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  -- The key's Bitstring Status List: the bits (multibase GZIP base64url) and the signed credential.
  status_list_url text NOT NULL UNIQUE,
  status_list_encoded text NOT NULL,
  status_list_credential jsonb NOT NULL,
  created_by uuid REFERENCES app_user(id),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);
CREATE UNIQUE INDEX badge_issuer_key_current_idx ON badge_issuer_key (facility_id) WHERE valid_until IS NULL;

CREATE TABLE badge (
  id uuid PRIMARY KEY,
  facility_id uuid NOT NULL REFERENCES facility(id),
  key_id uuid NOT NULL REFERENCES badge_issuer_key(id),
  status_index integer NOT NULL,
  learner_id text NOT NULL,
  learner_user_id uuid REFERENCES app_user(id),
  learner_name text NOT NULL,
  achievement_id text NOT NULL,
  achievement_name text NOT NULL,
  credential jsonb NOT NULL,
  issued_at timestamptz NOT NULL,
  issued_by uuid REFERENCES app_user(id),
  revoked_at timestamptz,
  revoked_by uuid REFERENCES app_user(id),
  revoke_reason text,
  UNIQUE (key_id, status_index)
);
CREATE INDEX badge_facility_idx ON badge (facility_id, issued_at DESC);
CREATE INDEX badge_learner_user_idx ON badge (learner_user_id) WHERE learner_user_id IS NOT NULL;
