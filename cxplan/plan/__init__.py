"""The plan file: its typed model, loading with source lines, ids, references, editing, schema."""
