#!/usr/bin/env bash
# Keeps the shared target folder from growing without end: each build of a
# test or example leaves a new executable (hundreds of MB with debug line
# tables) beside the old ones. Keeps the newest executable of each name in
# every profile's deps/ and examples/, and drops incremental caches that
# have not been touched for a week. Cargo rebuilds anything it still needs.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# A fresh machine has nothing to prune yet.
[ -d "$CARGO_TARGET_DIR" ] || exit 0
before=$(du -sm "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1)
for dir in "$CARGO_TARGET_DIR"/*/deps "$CARGO_TARGET_DIR"/*/examples \
           "$CARGO_TARGET_DIR"/*/*/deps "$CARGO_TARGET_DIR"/*/*/examples; do
  [ -d "$dir" ] || continue
  # Executables without an extension, newest first; keep the first of each
  # name (the part before the last `-hash`).
  find "$dir" -maxdepth 1 -type f -perm -u+x ! -name '*.*' -printf '%T@ %p\n' \
    | sort -rn \
    | awk '{ path = $2; n = split(path, parts, "/"); name = parts[n]; sub(/-[0-9a-f]+$/, "", name);
             if (seen[name]++) print path }' \
    | xargs -r rm -f
done
find "$CARGO_TARGET_DIR" -maxdepth 3 -type d -name incremental -prune -print 2>/dev/null \
  | while read -r inc; do find "$inc" -mindepth 1 -maxdepth 1 -type d -mtime +7 -exec rm -rf {} +; done
after=$(du -sm "$CARGO_TARGET_DIR" 2>/dev/null | cut -f1)
printf 'Target folder: %s MB, was %s MB\n' "${after:-0}" "${before:-0}" >&2
