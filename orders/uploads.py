"""The one validator of uploaded files, and where they are stored.

Every app that accepts a file calls `validate_upload` (or uses `UploadField`
in its form): a file is judged by its content, never by its name or by the
content type the browser claims.
"""

import dataclasses
import hashlib
import logging
import uuid
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF = "pdf"
IMAGE = "image"
PDF_ONLY = frozenset({PDF})
PDF_OR_IMAGE = frozenset({PDF, IMAGE})

# A phone photo is 12 to 50 megapixels; a larger image is refused before it
# is decoded, so a small file cannot expand into gigabytes of memory.
IMAGE_MAX_PIXELS = 80_000_000

# The PDF specification puts %%EOF at the very end; producers may append a
# few bytes after it, so the tail searched is generous.
PDF_TAIL_BYTES = 2048

CHUNK_BYTES = 1024 * 1024

IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
}


@dataclasses.dataclass(frozen=True)
class UploadInfo:
    """What validation learned about a file."""

    size: int
    sha256: str
    page_count: int | None
    content_type: str
    extension: str


def validate_upload(file, *, allow: frozenset[str]) -> UploadInfo:
    """Return what the file is, or raise ValidationError saying in Chinese
    why it is refused."""
    _check_size(file)
    head = _read_head(file)

    if head.startswith(b"%PDF-"):
        if PDF not in allow:
            raise ValidationError(_wrong_kind_message(allow), code="kind")
        page_count = _check_pdf(file)
        info = (page_count, "application/pdf", "pdf")
    elif IMAGE in allow:
        info = (None, *_check_image(file, allow))
    else:
        raise ValidationError(_wrong_kind_message(allow), code="kind")

    page_count, content_type, extension = info
    return UploadInfo(
        size=file.size,
        sha256=_sha256(file),
        page_count=page_count,
        content_type=content_type,
        extension=extension,
    )


def _check_size(file) -> None:
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {
                "size": filesizeformat(size),
                "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
            },
            code="too_large",
        )


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head:
        raise ValidationError(_("The file is empty."), code="empty")
    return head


def _wrong_kind_message(allow: frozenset[str]) -> str:
    if allow == PDF_ONLY:
        return _("The file is not a PDF document.")
    if IMAGE in allow and PDF not in allow:
        return _("The file is not a JPG or PNG image.")
    return _("The file must be a PDF document or a JPG or PNG image.")


def _check_pdf(file) -> int:
    """Return the page count of a readable, complete, unencrypted PDF."""
    file.seek(max(0, file.size - PDF_TAIL_BYTES))
    tail = file.read(PDF_TAIL_BYTES)
    file.seek(0)
    if b"%%EOF" not in tail:
        raise ValidationError(
            _("The PDF document is incomplete (truncated)."), code="pdf_truncated"
        )

    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF document is password-protected; upload it unprotected."),
                code="pdf_encrypted",
            )
        page_count = _page_count(reader)
    except ValidationError:
        raise
    # pypdf raises many exception types on hostile input.
    except Exception as error:
        logger.info("Upload refused: unreadable PDF (%s)", type(error).__name__)
        raise ValidationError(
            _("The PDF document is damaged and cannot be opened."),
            code="pdf_damaged",
        ) from error
    finally:
        file.seek(0)

    if page_count < 1:
        raise ValidationError(_("The PDF document has no page."), code="pdf_empty")
    return page_count


# Deeper page trees or larger counts than any real document are damage.
PAGE_TREE_DEPTH = 32
MAX_PAGES = 100_000


def _page_count(reader) -> int:
    """The page count the root page tree declares, and its first page found.

    ``len(reader.pages)`` would load and parse every page object (over a
    second for 400 pages); /Count and one walk down the first branch take
    the same time whatever the length.
    """
    tree = reader.trailer["/Root"]["/Pages"]
    count = tree.get("/Count")
    if not isinstance(count, int) or not 0 <= count <= MAX_PAGES:
        raise ValueError("page tree without a valid /Count")
    if count == 0:
        return 0
    node = tree
    for _depth in range(PAGE_TREE_DEPTH):
        if node.get("/Type") == "/Page":
            return count
        node = node["/Kids"][0].get_object()
    raise ValueError("page tree too deep")


def _check_image(file, allow: frozenset[str]) -> tuple[str, str]:
    """Return (content type, extension) of a sound JPEG or PNG image."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=list(IMAGE_FORMATS)) as image:
                kind = image.format
                width, height = image.size
                if width * height > IMAGE_MAX_PIXELS:
                    raise Image.DecompressionBombError("image too large")
                image.verify()
            if kind == "JPEG":
                _decode_jpeg(file, width, height)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("The image is too large in pixels to be accepted."),
            code="image_bomb",
        ) from error
    except UnidentifiedImageError as error:
        raise ValidationError(_wrong_kind_message(allow), code="kind") from error
    # Pillow raises many exception types on hostile input.
    except Exception as error:
        raise ValidationError(
            _("The image is damaged and cannot be opened."), code="image_damaged"
        ) from error
    finally:
        file.seek(0)
    return IMAGE_FORMATS[kind]


def _decode_jpeg(file, width: int, height: int) -> None:
    """Decode a JPEG at reduced scale: verify() does not notice a truncated
    JPEG, decoding does, and the draft keeps memory small."""
    file.seek(0)
    with Image.open(file, formats=["JPEG"]) as image:
        image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
        image.load()


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    if hasattr(file, "chunks"):
        for chunk in file.chunks(CHUNK_BYTES):
            digest.update(chunk)
    else:
        while chunk := file.read(CHUNK_BYTES):
            digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def document_upload_to(instance, filename: str) -> str:
    """Store under documents/<insurer id>/<random name>: never the user's
    file name, and one folder per insurer. The instance must expose
    `insurer_id`; its `content_type` (if any) picks the extension."""
    extension = _extension_for(instance, filename)
    return f"documents/{instance.insurer_id}/{uuid.uuid4().hex}{extension}"


def _extension_for(instance, filename: str) -> str:
    content_type = getattr(instance, "content_type", "")
    for known_type, extension in [("application/pdf", "pdf")] + list(
        IMAGE_FORMATS.values()
    ):
        if content_type == known_type:
            return "." + extension
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"pdf": ".pdf", "jpg": ".jpg", "jpeg": ".jpg", "png": ".png"}.get(suffix, "")


class UploadField(forms.FileField):
    """A file field that validates content with `validate_upload` and puts
    the result on the cleaned file as `.upload_info`."""

    def __init__(self, *, allow: frozenset[str] = PDF_ONLY, **kwargs):
        self.allow = frozenset(allow)
        kwargs.setdefault("widget", forms.FileInput(attrs=self._accept()))
        super().__init__(**kwargs)

    def _accept(self) -> dict:
        accepted = []
        if PDF in self.allow:
            accepted.append(".pdf,application/pdf")
        if IMAGE in self.allow:
            accepted.append(".jpg,.jpeg,.png,image/jpeg,image/png")
        return {"accept": ",".join(accepted)}

    def clean(self, data, initial=None):
        file = super().clean(data, initial)
        if file and file is not initial and hasattr(file, "size"):
            file.upload_info = validate_upload(file, allow=self.allow)
        return file


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop storing a file once it passes UPLOAD_MAX_BYTES.

    Put first in FILE_UPLOAD_HANDLERS: the rest of an oversized file is
    read from the request but no longer written anywhere, and the form gets
    an empty stand-in reporting the real size, which `validate_upload`
    refuses with its usual message.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None
        return raw_data

    def file_complete(self, file_size):
        if self.received <= settings.UPLOAD_MAX_BYTES:
            return None
        logger.info("Upload refused: %s bytes over the limit", self.received)
        stand_in = SimpleUploadedFile(self.file_name, b"", self.content_type)
        stand_in.size = self.received
        return stand_in
