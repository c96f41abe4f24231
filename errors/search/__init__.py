"""The search behind `q`: from a pasted text to ranked catalogue entries."""
