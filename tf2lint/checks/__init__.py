"""Rule families that need more than a symbol lookup."""
