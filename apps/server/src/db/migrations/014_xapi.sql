-- Built-in xAPI 1.0.3 Learning Record Store (issue 12, item 4). Statements are kept whole as JSONB
-- beside the columns the standard's query parameters filter on.

-- An LRS client: HTTP Basic key + argon2id-hashed secret, acting for one facility.
CREATE TABLE xapi_client (
  id          uuid PRIMARY KEY,
  key         text NOT NULL UNIQUE,
  secret_hash text NOT NULL,
  name        text NOT NULL,
  facility_id uuid NOT NULL REFERENCES facility(id),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE xapi_statement (
  -- seq orders statements by storage and makes `more` cursors stable.
  seq              bigserial,
  id               uuid PRIMARY KEY,
  facility_id      uuid NOT NULL REFERENCES facility(id),
  client_id        uuid NOT NULL REFERENCES xapi_client(id),
  stored           timestamptz NOT NULL,
  verb_id          text NOT NULL,
  -- "type|ifi" keys: actor/object agents (agent=) and all related agents (related_agents=true);
  -- agents ⊆ related_agents, so one GIN index on related_agents serves both filters.
  agents           text[] NOT NULL,
  related_agents   text[] NOT NULL,
  activity_id      text,
  related_activities text[] NOT NULL,
  registration     uuid,
  -- The statement this one targets through a StatementRef object (voiding and references).
  ref_id           uuid,
  voided           boolean NOT NULL DEFAULT false,
  is_voiding       boolean NOT NULL DEFAULT false,
  attachment_hashes text[] NOT NULL DEFAULT '{}',
  body             jsonb NOT NULL
);
CREATE INDEX xapi_statement_facility_seq ON xapi_statement (facility_id, seq);
CREATE INDEX xapi_statement_stored ON xapi_statement (facility_id, stored);
CREATE INDEX xapi_statement_verb ON xapi_statement (verb_id);
CREATE INDEX xapi_statement_activity ON xapi_statement (activity_id);
CREATE INDEX xapi_statement_registration ON xapi_statement (registration) WHERE registration IS NOT NULL;
CREATE INDEX xapi_statement_ref ON xapi_statement (ref_id) WHERE ref_id IS NOT NULL;
CREATE INDEX xapi_statement_related_agents ON xapi_statement USING gin (related_agents);
CREATE INDEX xapi_statement_related_activities ON xapi_statement USING gin (related_activities);

-- Attachment payloads, content-addressed by their SHA-256 (the statement's attachments[].sha2).
CREATE TABLE xapi_attachment (
  sha2         text PRIMARY KEY,
  content_type text NOT NULL,
  data         bytea NOT NULL
);

-- The canonical Activity Object of each activity id, merged from the statements that carry it.
CREATE TABLE xapi_activity (
  facility_id uuid NOT NULL REFERENCES facility(id),
  id          text NOT NULL,
  body        jsonb NOT NULL,
  PRIMARY KEY (facility_id, id)
);

-- State, Activity Profile and Agent Profile documents. Absent parts of the key are ''.
CREATE TABLE xapi_document (
  facility_id  uuid NOT NULL REFERENCES facility(id),
  kind         text NOT NULL CHECK (kind IN ('state', 'activity_profile', 'agent_profile')),
  activity_id  text NOT NULL,
  agent_key    text NOT NULL,
  registration text NOT NULL,
  doc_id       text NOT NULL,
  content_type text NOT NULL,
  content      bytea NOT NULL,
  etag         text NOT NULL,
  updated      timestamptz NOT NULL,
  PRIMARY KEY (facility_id, kind, activity_id, agent_key, registration, doc_id)
);
