"""The quick-check bank: one module a chapter, each a dict ``CHECKS`` of id -> check."""
