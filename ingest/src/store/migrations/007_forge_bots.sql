-- Forge accounts the forge itself calls bots (GitHub `type: Bot`, GitLab
-- `bot: true`): a contributor with such an identity is a bot whatever its
-- name, unless the identities file says otherwise.
ALTER TABLE identities ADD COLUMN forge_bot BOOLEAN;
