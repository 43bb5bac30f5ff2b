"""Shared utilities (private helpers live in underscore modules)."""
