-- Who resolved a sync conflict and how (issue 18: "demographics field-level merge with a review
-- queue for true conflicts"): 'kept' confirms the value the merge kept, 'other' applies the one it set aside.
ALTER TABLE sync_review ADD COLUMN resolved_by uuid REFERENCES app_user(id);
ALTER TABLE sync_review ADD COLUMN resolution text CHECK (resolution IN ('kept', 'other'));
CREATE INDEX sync_review_open_idx ON sync_review(id) WHERE resolved_at IS NULL;
