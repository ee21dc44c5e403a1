# What python -m tests.spec.check generates and installs here is no test of ours.
collect_ignore = ["generated", ".cache", "node_modules"]
