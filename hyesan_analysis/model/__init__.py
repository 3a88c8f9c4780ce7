"""Pure, tested economics: no I/O, no plotting."""
