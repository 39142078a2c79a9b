"""Weekly rules of the model: small functions of state, parameters and the run's generator."""
