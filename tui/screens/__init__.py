"""The interface's screens, one class per module; modals return through ``dismiss``."""
