-- Whether an issue or pull request was its author's first contribution in
-- the store (no earlier activity of the same contributor, of any kind, in
-- any repository): the newcomers' items of DESIGN.md definition 9. The
-- metrics compute the same within a scope; this is the store-wide flag.
ALTER TABLE issues ADD COLUMN is_newcomer BOOLEAN;
