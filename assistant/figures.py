"""Compatibility path: the figures module now lives in `assistant.checks.figures`."""

from .checks.figures import Figure, date_parts, figures_in, normalize_figure, parse_chinese_number

__all__ = ["Figure", "date_parts", "figures_in", "normalize_figure", "parse_chinese_number"]
