"""The plan document: one structure of blocks that the Word and PDF writers both render."""
