"""Serving an order's documents, never from a public URL."""

import logging

from django.http import FileResponse, Http404
from django.views import View

from ..selectors import get_document_for

logger = logging.getLogger(__name__)


class DocumentView(View):
    """Stream one document to a user allowed to see its order; PDFs and
    images open inline, ?download=1 saves them."""

    def get(self, request, pk):
        document = get_document_for(request.user, pk)
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as error:
            logger.exception("Document %s: file missing in storage", document.pk)
            raise Http404 from error

        response = FileResponse(
            handle,
            as_attachment=bool(request.GET.get("download")),
            filename=document.original_name,
            content_type=document.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
