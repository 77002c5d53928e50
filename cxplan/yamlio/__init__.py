"""YAML with source positions, comment-keeping edits and cxplan's style (no other cxplan imports)."""
