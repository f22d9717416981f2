"""Compatibility path: the names module now lives in `assistant.checks.names`."""

from .checks.names import names_in

__all__ = ["names_in"]
