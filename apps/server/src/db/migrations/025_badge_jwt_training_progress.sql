-- Issue 12 follow-up.
-- 1. The badge's second secured form: the same credential as a VC-JWT (VC-JOSE-COSE, EdDSA, signed by
--    the same facility key), kept as issued. It verifies with one Ed25519 check (no JSON-LD
--    canonicalisation), which is what lets a batch verifier reach thousands of badges a second.
--    Badges issued before this migration get theirs signed on first download (Ed25519 is
--    deterministic, so it is the token the issuer would have made).
ALTER TABLE badge ADD COLUMN credential_jwt text;
