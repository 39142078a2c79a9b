"""Running the model: one run, replicated experiments, statistics, outputs, patterns."""
