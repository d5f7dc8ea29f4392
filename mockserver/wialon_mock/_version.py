"""The version of the distribution this package ships in (``aiowialon-kit``).

A module of its own so the command line can read it without importing the package front
(which imports the runners); a test checks it equals ``aiowialon.__version__`` and the
installed metadata.
"""

__version__ = "0.2.0"
