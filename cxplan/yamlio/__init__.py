"""YAML with source positions, comment-keeping edits and house style; imports nothing of cxplan."""
