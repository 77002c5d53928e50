"""The Excel round trip: the workbook layout, its cell codec, safe reading, the merge and import."""
