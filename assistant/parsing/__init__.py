"""Text → report: web furniture removed (webclean), unit and level (units), sections (structure),
passages for the library (chunking)."""
