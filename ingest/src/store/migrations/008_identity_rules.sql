-- Who is who, with the reasons (docs/identities.md).
-- contributors.kind: 'person', 'bot', or 'generic' (a shared machine or
-- service account such as root@localhost: never merged with anyone).
-- contributors.bot_reason: why a bot is one, in words.
-- identities.merged_by: the rule that tied the identity to its contributor
-- (NULL for the identity the contributor is named after).
-- commits.translation_files: files changed that are translation resources
-- (`*_fr.properties`, `*.po`, ...), to spot accounts that only translate.
ALTER TABLE contributors ADD COLUMN kind VARCHAR;
ALTER TABLE contributors ADD COLUMN bot_reason VARCHAR;
ALTER TABLE identities ADD COLUMN merged_by VARCHAR;
ALTER TABLE commits ADD COLUMN translation_files INTEGER;
