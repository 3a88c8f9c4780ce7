"""Test-wide settings."""

from hypothesis import settings

# No per-example deadline: CI shares two cores with kernels from the notebook tests, and a
# slow example there is load, not a bug. Examples stay random but are printed on failure.
settings.register_profile("hyesan", deadline=None, print_blob=True)
settings.load_profile("hyesan")
