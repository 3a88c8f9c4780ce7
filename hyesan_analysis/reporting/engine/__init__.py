"""How reports are run: the runner, cache inputs, kernels and execution, build scheduling,
the atomic store, distributed sweeps and tracing."""
