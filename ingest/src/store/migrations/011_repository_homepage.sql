-- A repository's home page as its forge gives it (GitHub's `homepage`),
-- for the catalogue's criteria (docs/governance.md): a landing page
-- besides the repository itself.
ALTER TABLE repositories ADD COLUMN homepage VARCHAR;
