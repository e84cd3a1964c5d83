"""The command groups of ``parcours``, one module per area."""
