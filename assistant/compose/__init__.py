"""Composing a draft: the Drafter (drafter.py) over facts and their routing to parts, the unit's
voice, per-part prompts with masked precedents, the offline mode, the whole-report consistency
check and the repair pass."""
