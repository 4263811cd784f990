-- Demo placeholder patients: the CheXNet shadow replay (governance demo) creates one synthetic
-- "Bệnh nhân mô phỏng CXR <NIH number>" per NIH patient to hang its 22,433 suggestions on. They
-- are not people anyone registered: the default patient list leaves them out (a name or number
-- search still finds them, and ?demoPlaceholders=include lists them).
ALTER TABLE patient ADD COLUMN demo_placeholder boolean NOT NULL DEFAULT false;
UPDATE patient SET demo_placeholder = true WHERE full_name LIKE 'Bệnh nhân mô phỏng CXR %';
-- The default list reads the newest registrations that are not placeholders.
CREATE INDEX patient_newest_real_idx ON patient (created_at DESC, id) WHERE NOT demo_placeholder;
