-- OAuth 2.0 client credentials (RFC 6749 §4.4) for integrations (PACS, vendor AI, HIS, gateways).
-- A client belongs to one facility and holds scopes; secrets and tokens are stored only as SHA-256
-- hashes (both are 256-bit random values, so a fast hash is enough: nothing to brute-force).
-- Revoking a client (revoked_at) refuses its live tokens at once: every token lookup joins the client.

CREATE TABLE oauth_client (
  id uuid PRIMARY KEY,                    -- the actor id written to audit_log.user_id for the client's requests
  client_id text NOT NULL UNIQUE,
  name text NOT NULL,
  secret_hash text NOT NULL,
  facility_id uuid NOT NULL REFERENCES facility(id),
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL,
  created_by uuid,
  revoked_at timestamptz
);

CREATE TABLE oauth_token (
  token_hash text PRIMARY KEY,
  client_id uuid NOT NULL REFERENCES oauth_client(id),
  scopes text[] NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX oauth_token_client_idx ON oauth_token(client_id);
