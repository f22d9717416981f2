"""The library of past reports: the `Library` facade (facade.py) over Chroma; a file prepared in
memory (prepare.py); records as Chroma metadata (records.py); the write journal and crash repair
(journal.py); the derived search index (derived.py); near-duplicates (dedup.py, and the stored
signatures in signatures.py); corrections; the files a path stands for."""
