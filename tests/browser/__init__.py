"""Browser tests of the built book (Playwright + Debian chromium)."""
