"""The upload validator against a corpus of good and hostile files."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image
from pypdf import PdfWriter

from orders.uploads import (
    PDF_ONLY,
    PDF_OR_IMAGE,
    UploadField,
    document_upload_to,
    validate_upload,
)
from tests.factories.orders import pdf_bytes


def upload(data: bytes, name="file.pdf"):
    return SimpleUploadedFile(name, data)


def image_bytes(kind="PNG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, kind)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def refusal(data, allow=PDF_ONLY, name="file.pdf") -> str:
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(data, name), allow=allow)
    return refused.value.code


def test_a_pdf_is_described():
    info = validate_upload(upload(pdf_bytes(pages=3)), allow=PDF_ONLY)
    assert info.page_count == 3
    assert info.content_type == "application/pdf"
    assert info.extension == "pdf"
    assert len(info.sha256) == 64


@pytest.mark.parametrize(
    ("kind", "content_type"), [("PNG", "image/png"), ("JPEG", "image/jpeg")]
)
def test_images_are_accepted_where_allowed(kind, content_type):
    info = validate_upload(upload(image_bytes(kind), "photo"), allow=PDF_OR_IMAGE)
    assert info.content_type == content_type
    assert info.page_count is None
    assert refusal(image_bytes(kind), allow=PDF_ONLY) == "kind"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"MZ\x90\x00 an executable renamed .pdf", "kind"),
        (b"<html><script>alert(1)</script></html>", "kind"),
        (pdf_bytes()[:200], "pdf_truncated"),
        (b"%PDF-1.7\n garbage without any object\n%%EOF\n", "pdf_damaged"),
        (encrypted_pdf(), "pdf_encrypted"),
    ],
)
def test_hostile_pdfs_are_refused(data, code):
    assert refusal(data) == code


@pytest.mark.parametrize("count", [b"-3", b"(two)", b"999999999"])
def test_a_pdf_whose_page_tree_lies_is_refused(count):
    data = pdf_bytes(pages=2)
    assert b"/Count 2" in data

    assert refusal(data.replace(b"/Count 2", b"/Count " + count)) == "pdf_damaged"


def test_a_long_pdf_counts_its_pages():
    info = validate_upload(upload(pdf_bytes(pages=40)), allow=PDF_ONLY)
    assert info.page_count == 40


def test_a_pdf_without_pages_is_refused():
    writer = PdfWriter()
    buffer = io.BytesIO()
    writer.write(buffer)
    assert refusal(buffer.getvalue()) in ("pdf_empty", "pdf_damaged")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (image_bytes("GIF"), "kind"),
        (image_bytes("JPEG", size=(400, 300))[:300], "image_damaged"),
        (image_bytes("PNG", size=(400, 300))[:100], "image_damaged"),
        (image_bytes("PNG", size=(12_000, 12_000), mode="1"), "image_bomb"),
    ],
)
def test_hostile_images_are_refused(data, code):
    assert refusal(data, allow=PDF_OR_IMAGE, name="x.png") == code


def test_oversized_files_are_refused_before_reading(settings):
    settings.UPLOAD_MAX_BYTES = 1000

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size check")

    with pytest.raises(ValidationError) as refused:
        validate_upload(Unreadable("big.pdf", b"x" * 1001), allow=PDF_ONLY)
    assert refused.value.code == "too_large"


def test_a_20_mb_pdf_validates_quickly(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_attachment("scan.bin", b"\x00" * (19 * 1024 * 1024))
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    big = TemporaryUploadedFile("big.pdf", "application/pdf", len(data), None)
    big.write(data)
    big.seek(0)

    started = time.perf_counter()
    info = validate_upload(big, allow=PDF_ONLY)
    elapsed = time.perf_counter() - started

    assert info.size > 19 * 1024 * 1024
    assert elapsed < 0.3, elapsed


def test_the_form_field_puts_the_info_on_the_file():
    field = UploadField(allow=PDF_ONLY)
    cleaned = field.clean(upload(pdf_bytes()))
    assert cleaned.upload_info.page_count == 1
    with pytest.raises(ValidationError):
        field.clean(upload(b"not a pdf"))


def test_stored_names_are_random_and_per_insurer():
    class Row:
        insurer_id = 7
        content_type = "application/pdf"

    first = document_upload_to(Row(), "../../etc/passwd.pdf")
    second = document_upload_to(Row(), "../../etc/passwd.pdf")
    assert first.startswith("documents/7/")
    assert first.endswith(".pdf")
    assert first != second
    assert "passwd" not in first


def test_the_size_limit_handler_stops_storing_an_oversized_file(rf, settings):
    from django.core.files.uploadhandler import TemporaryFileUploadHandler
    from django.test.client import encode_multipart

    from orders.uploads import SizeLimitUploadHandler

    settings.UPLOAD_MAX_BYTES = 100_000
    big = SimpleUploadedFile("big.pdf", pdf_bytes() + b"\0" * 300_000)
    small = SimpleUploadedFile("small.pdf", pdf_bytes())
    body = encode_multipart("BoUnDaRy", {"big": big, "small": small})
    request = rf.post("/", body, content_type="multipart/form-data; boundary=BoUnDaRy")
    request.upload_handlers = [
        SizeLimitUploadHandler(request),
        TemporaryFileUploadHandler(request),
    ]

    files = request.FILES

    assert files["big"].size > 300_000
    assert files["big"].read() == b""
    with pytest.raises(ValidationError) as refused:
        validate_upload(files["big"], allow=PDF_ONLY)
    assert refused.value.code == "too_large"
    assert validate_upload(files["small"], allow=PDF_ONLY).page_count == 1
