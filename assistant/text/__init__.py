"""Chinese report-text knowledge, pure: numbering (the one heading grammar), script (the CJK class,
punctuation, Markdown), sections and part years, figures, names, the gazetteer. Imports nothing
from the packages above it."""
