"""Training data generation and training of the shipped intent classifier."""
