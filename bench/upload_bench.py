"""Validate a 20 MB PDF the way an upload is validated, and measure it.

    .venv/bin/python -m bench.upload_bench

Generates two PDFs of about 19.5 MiB (just under the 20 MiB upload limit):
a scanned-like one (a dozen pages, each one large image) and a text one
(hundreds of pages whose content streams draw generated text). A fresh
subprocess then spools it into a ``TemporaryUploadedFile``, as Django does
with any upload over 2.5 MB, and times ``orders.uploads.validate_upload`` on
it, with the process's peak memory before and after (getrusage) and the
peak of Python allocations during validation (tracemalloc). Prints the
figures beside the targets (under 0.3 s, under 40 MB); never fails on a
number. ``--json`` prints them as JSON for http_bench.py.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TARGET_BYTES = 19 * 1024 * 1024 + 512 * 1024
PAGE_STREAM_BYTES = 48 * 1024
SCANNED_IMAGE_BYTES = 1600 * 1024
SCANNED = "scanned"
TEXT = "text"
TARGET_SECONDS = 0.3
TARGET_MEGABYTES = 40
CHUNK = 1024 * 1024


def make_pdf(path: Path, kind: str) -> int:
    """Write a PDF of about TARGET_BYTES and return its page count."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    make_page = scanned_page if kind == SCANNED else text_page
    size = SCANNED_IMAGE_BYTES if kind == SCANNED else PAGE_STREAM_BYTES
    pages = TARGET_BYTES // (size + 300)
    for number in range(pages):
        make_page(writer, writer.add_blank_page(width=595, height=842), number)
    with path.open("wb") as output:
        writer.write(output)
    return pages


def text_page(writer, page, number: int) -> None:
    from pypdf.generic import DecodedStreamObject

    stream = DecodedStreamObject()
    stream.set_data(page_text(number))
    page.replace_contents(stream)


def scanned_page(writer, page, number: int) -> None:
    """A page carrying one large image, as a scanner makes: random bytes
    labelled as JPEG, since validation never decodes images inside a PDF."""
    from pypdf.generic import (
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        StreamObject,
    )

    image = StreamObject()
    image.set_data(os.urandom(SCANNED_IMAGE_BYTES))
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(2480),
            NameObject("/Height"): NumberObject(3508),
            NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {
            NameObject("/XObject"): DictionaryObject(
                {NameObject("/Im0"): writer._add_object(image)}
            )
        }
    )
    contents = DecodedStreamObject()
    contents.set_data(b"q 595 0 0 842 0 0 cm /Im0 Do Q")
    page.replace_contents(contents)


def page_text(number: int) -> bytes:
    """Drawing operators for one page: lines of numbered text."""
    lines = [b"BT /F1 9 Tf 40 800 Td 11 TL"]
    line = 0
    while sum(map(len, lines)) < PAGE_STREAM_BYTES:
        lines.append(b"(Page %d line %d: bench upload sample text) '" % (number, line))
        line += 1
    lines.append(b"ET")
    return b"\n".join(lines)


def measure(path: Path) -> dict:
    """Run in the fresh subprocess: spool, then validate and measure."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from orders.uploads import PDF_ONLY, validate_upload

    size = path.stat().st_size
    upload = TemporaryUploadedFile("notice.pdf", "application/pdf", size, None)
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            upload.write(chunk)
    upload.seek(0)

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    info = validate_upload(upload, allow=PDF_ONLY)
    seconds = time.perf_counter() - started
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    upload.close()
    return {
        "bytes": size,
        "pages": info.page_count,
        "seconds": seconds,
        # ru_maxrss is in kilobytes on Linux.
        "rss_increase_mb": (rss_after - rss_before) / 1024,
        "traced_peak_mb": traced_peak / 1024 / 1024,
    }


def run(kind: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.pdf"
        make_pdf(path, kind)
        child = subprocess.run(
            [sys.executable, "-m", "bench.upload_bench", "--measure", str(path)],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    figures["kind"] = kind
    return figures


def report(figures: dict) -> str:
    memory = max(figures["rss_increase_mb"], figures["traced_peak_mb"])
    return (
        f"{figures['kind']} PDF of {figures['bytes'] / 1024 / 1024:.1f} MiB, "
        f"{figures['pages']} pages\n"
        f"validation time   {figures['seconds'] * 1000:7.0f} ms   "
        f"target < {TARGET_SECONDS * 1000:.0f} ms   "
        f"{'met' if figures['seconds'] < TARGET_SECONDS else 'MISSED'}\n"
        f"peak memory rise  {memory:7.1f} MB   target < {TARGET_MEGABYTES} MB    "
        f"{'met' if memory < TARGET_MEGABYTES else 'MISSED'}\n"
        f"  (resident set size rise {figures['rss_increase_mb']:.1f} MB, "
        f"Python allocations peak {figures['traced_peak_mb']:.1f} MB)\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    samples = [run(kind) for kind in (SCANNED, TEXT)]
    if args.json:
        print(json.dumps(samples))
    else:
        print("\n".join(report(figures) for figures in samples), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
