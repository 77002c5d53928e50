"""The measurement loop: filled checklists and survey exports in, scores and actions out."""
