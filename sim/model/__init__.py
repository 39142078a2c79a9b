"""The model: state arrays, compiled rules, agents and actants, the Mesa model."""
