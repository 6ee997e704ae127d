"""Download of visit attachments, for whoever may see the visit."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from .. import selectors


@login_required
def attachment(request, pk):
    """Serve an attachment to the organization, the insurer's staff who may
    view policies, or the enterprise; anyone else gets a 404."""
    attachment = selectors.attachment_for(request.user, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
