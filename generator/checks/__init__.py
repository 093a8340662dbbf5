"""Stage 4: rules over the input and its figures. Each finding is located in the YAML."""
from .registry import Finding, run_checks

__all__ = ["Finding", "run_checks"]
