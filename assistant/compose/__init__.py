"""The pieces a draft is composed from, beside drafting.py's Drafter: facts routing, the unit's
voice (self-reference, level, opening), precedent masking, reasoning removal, the whole-report
consistency check and the repair pass."""
