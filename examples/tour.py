"""A scripted tour of aiowialon against a fake Wialon server (``make demo``)."""

from __future__ import annotations


def main() -> None:
    """Show what exists so far."""
    print("aiowialon tour: the parts are being built.")


if __name__ == "__main__":
    main()
