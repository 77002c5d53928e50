"""One writer per format: Word, Excel, PDF and the staff checklists."""
