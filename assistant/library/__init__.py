"""The library of past reports: the `Library` facade (facade.py) over Chroma and the derived search
index; the write journal and crash repair, near-duplicates, corrections, the files a path stands for."""
