"""Package data: knowledge files (no code)."""
