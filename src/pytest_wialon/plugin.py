"""pytest hooks and fixtures; inert unless a test uses them."""
