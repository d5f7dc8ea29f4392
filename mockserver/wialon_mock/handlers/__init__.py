"""One module per Wialon service; each registers its calls with ``registry.endpoint``."""
