"""Drafts after they are composed: the saved-drafts store, the JSON/Markdown codec and importer, and
the export to .docx (official layout) and Markdown."""
