"""The checklist contract: which checklists a plan gives and how their form fields are named."""
